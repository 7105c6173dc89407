import { DataType, Precision, type Vector } from 'apache-arrow';

/** Whether an Arrow column holds text (a categorical source column). */
export function isTextColumn(vector: Vector): boolean {
  return DataType.isUtf8(vector.type) || DataType.isLargeUtf8(vector.type) || DataType.isDictionary(vector.type);
}

/** A numeric Arrow column as doubles, NaN where a value is null. */
export function readNumbers(vector: Vector): Float64Array {
  const out = new Float64Array(vector.length);
  let at = 0;
  for (const data of vector.data) {
    const n = data.length;
    // half floats are stored as raw 16-bit words: those go through get() like 64-bit integers
    if ((DataType.isFloat(data.type) && data.type.precision !== Precision.HALF) || (DataType.isInt(data.type) && data.type.bitWidth <= 32)) {
      // values are sliced to the chunk; the validity bitmap is not (it starts at data.offset)
      const values = data.values as ArrayLike<number>;
      for (let i = 0; i < n; i++) out[at + i] = values[i] as number;
    } else {
      for (let i = 0; i < n; i++) {
        const v = vector.get(at + i) as number | bigint | null;
        out[at + i] = v === null ? Number.NaN : Number(v);
      }
    }
    if (data.nullCount > 0 && data.nullBitmap) {
      const bitmap = data.nullBitmap;
      for (let i = 0; i < n; i++) {
        const pos = data.offset + i;
        if (((bitmap[pos >> 3] as number) & (1 << (pos & 7))) === 0) out[at + i] = Number.NaN;
      }
    }
    at += n;
  }
  return out;
}

/** A text Arrow column as strings, null where a value is null. */
export function readStrings(vector: Vector): (string | null)[] {
  const out: (string | null)[] = new Array(vector.length);
  for (let i = 0; i < vector.length; i++) {
    const v = vector.get(i) as unknown;
    out[i] = v === null || v === undefined ? null : String(v);
  }
  return out;
}
