/** An Arrow validity bitmap with a bit set for every value that is not NaN. */
export function validityFromNaN(values: Float64Array | Float32Array): Uint8Array {
  const bitmap = new Uint8Array((values.length + 7) >> 3);
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as number;
    // v === v is false only for NaN
    if (v === v) bitmap[i >> 3]! |= 1 << (i & 7);
  }
  return bitmap;
}

/** The `length` bits of `bitmap` from bit `offset` (an Arrow column's validity, which starts at its offset), as a bitmap of their own from bit 0. */
export function bitsFrom(bitmap: Uint8Array, offset: number, length: number): Uint8Array {
  const bytes = (length + 7) >> 3;
  if ((offset & 7) === 0) return bitmap.slice(offset >> 3, (offset >> 3) + bytes);
  const out = new Uint8Array(bytes);
  for (let i = 0; i < length; i++) {
    const pos = offset + i;
    if ((((bitmap[pos >> 3] as number) >> (pos & 7)) & 1) === 1) out[i >> 3]! |= 1 << (i & 7);
  }
  return out;
}
