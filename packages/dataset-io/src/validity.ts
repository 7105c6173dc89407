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
