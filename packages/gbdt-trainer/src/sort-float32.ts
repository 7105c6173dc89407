/** Below this length the engine's typed-array sort is as fast and needs no scratch memory. */
const RADIX_MIN = 4096;
const DIGIT_BITS = 11;
const DIGITS = 1 << DIGIT_BITS;

/**
 * Sorts float32 values without NaN ascending, in place, and returns them: an LSD radix sort
 * on the IEEE-754 bits (each value becomes an unsigned key that orders like the number: the
 * sign bit of positives flipped, every bit of negatives), three 11-bit digits, one scratch
 * buffer. Placing a feature's borders sorts a sample of every column, where
 * `Float32Array.prototype.sort` was most of the binning time (bench/README.md, gbdt).
 */
export function sortFloat32(values: Float32Array): Float32Array {
  const n = values.length;
  if (n < RADIX_MIN) return values.sort();
  let keys: Uint32Array = new Uint32Array(values.buffer, values.byteOffset, n);
  for (let i = 0; i < n; i++) {
    const k = keys[i] as number;
    keys[i] = k & 0x80000000 ? ~k : k | 0x80000000;
  }
  let scratch: Uint32Array = new Uint32Array(n);
  const counts = new Uint32Array(DIGITS * 3);
  for (let i = 0; i < n; i++) {
    const k = keys[i] as number;
    counts[k & (DIGITS - 1)]!++;
    counts[DIGITS + ((k >>> DIGIT_BITS) & (DIGITS - 1))]!++;
    counts[2 * DIGITS + (k >>> (2 * DIGIT_BITS))]!++;
  }
  for (let pass = 0; pass < 3; pass++) {
    const offset = pass * DIGITS;
    const shift = pass * DIGIT_BITS;
    // a digit every key shares moves nothing: skip the pass
    if (counts[offset + (((keys[0] as number) >>> shift) & (DIGITS - 1))] === n) continue;
    let sum = 0;
    for (let d = offset; d < offset + DIGITS; d++) {
      const c = counts[d] as number;
      counts[d] = sum;
      sum += c;
    }
    for (let i = 0; i < n; i++) {
      const k = keys[i] as number;
      scratch[counts[offset + ((k >>> shift) & (DIGITS - 1))]!++] = k;
    }
    const t = keys;
    keys = scratch;
    scratch = t;
  }
  for (let i = 0; i < n; i++) {
    const k = keys[i] as number;
    keys[i] = k & 0x80000000 ? k & 0x7fffffff : ~k;
  }
  if (keys.buffer !== values.buffer) values.set(new Float32Array(keys.buffer, 0, n));
  return values;
}
