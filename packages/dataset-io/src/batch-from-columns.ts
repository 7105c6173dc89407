import { type Data, Field, Float64, RecordBatch, Schema, Struct, Utf8, makeData } from 'apache-arrow';
import { repeatBytes, withRoom } from './byte-runs.js';
import { validityFromNaN } from './validity.js';
import { type ColumnType, KIND_METADATA_KEY } from './column-types.js';

/** A column as plain data: numbers (NaN = missing) or strings (null = missing). */
export type PlainColumn =
  | { name: string; type: 'float' | 'integer'; values: Float64Array }
  | { name: string; type: 'string'; values: ReadonlyArray<string | null> };

/**
 * Builds a record batch from plain columns of equal length, without copying number
 * columns. The column types go into the field metadata as {@link arrowSchemaOf} does.
 *
 * @throws RangeError naming the first column whose length differs from the first's.
 */
export function batchFromColumns(columns: readonly PlainColumn[]): RecordBatch {
  const rows = columns[0]?.values.length ?? 0;
  columns.forEach((c, i) => {
    if (c.values.length !== rows) throw new RangeError(`batchFromColumns: columns[${i}] ('${c.name}') has ${c.values.length} values, columns[0] has ${rows}`);
  });
  const fields = columns.map((c) => new Field(c.name, c.type === 'string' ? new Utf8() : new Float64(), true, new Map([[KIND_METADATA_KEY, c.type as ColumnType]])));
  const children = columns.map((c) => {
    if (c.type === 'string') return utf8Data(c.values);
    const values = c.values;
    let nulls = 0;
    for (let i = 0; i < values.length; i++) if (values[i] !== values[i]) nulls++;
    return makeData({ type: new Float64(), length: rows, nullCount: nulls, data: values, nullBitmap: nulls > 0 ? validityFromNaN(values) : null });
  });
  const schema = new Schema(fields);
  return new RecordBatch(schema, makeData({ type: new Struct(fields), length: rows, nullCount: 0, children }));
}

/**
 * A Utf8 column straight from strings: each encoded into one growing byte buffer
 * (`encodeInto`, no string or array made per value), a run of the same string encoded once
 * and then copied in doubling blocks (the constant model version, batch id and time of a
 * score batch cost a few copies whatever their rows), null as an unset validity bit.
 */
function utf8Data(values: ReadonlyArray<string | null>): Data<Utf8> {
  const n = values.length;
  const offsets = new Int32Array(n + 1);
  const encoder = new TextEncoder();
  let bytes = new Uint8Array(Math.max(64, n * 4));
  let bitmap: Uint8Array | null = null;
  let nulls = 0;
  let at = 0;
  const reserve = (room: number) => {
    bytes = withRoom(bytes, at, room);
  };
  for (let i = 0; i < n; ) {
    const v = values[i] as string | null;
    if (v === null) {
      if (bitmap === null) bitmap = new Uint8Array((n + 7) >> 3).fill(0xff);
      bitmap[i >> 3]! &= ~(1 << (i & 7));
      nulls++;
      offsets[++i] = at;
      continue;
    }
    // a UTF-16 code unit takes at most 3 bytes in UTF-8
    reserve(v.length * 3);
    const start = at;
    at += encoder.encodeInto(v, bytes.subarray(at)).written;
    const length = at - start;
    offsets[++i] = at;
    let end = i;
    while (end < n && values[end] === v) end++;
    if (end === i) continue;
    reserve((end - i) * length);
    for (; i < end; i++) offsets[i + 1] = (offsets[i] as number) + length;
    const total = offsets[end]! - start;
    repeatBytes(bytes, start, length, total);
    at = start + total;
  }
  return makeData({ type: new Utf8(), length: n, nullCount: nulls, valueOffsets: offsets, data: bytes.subarray(0, at), nullBitmap: bitmap });
}
