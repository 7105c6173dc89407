import type { Rng } from '@dpp/sampler';
import { GbdtError } from './errors.js';

/**
 * Quantized gradients packed for integer histograms, as LightGBM 4 does: each round, a row's
 * gradient g becomes an integer in [-Q, Q] and its hessian h one in [0, Q] by stochastic
 * rounding (floor(x / scale + u), u uniform from a seeded generator, so that the integers
 * are unbiased), and the row's integers and its count 1 are packed so that one 64-bit add
 * per row updates all three sums of a histogram bin. Integer sums do not depend on the order
 * they are added in, so histograms, splits and models are the same on any thread count.
 *
 * Two layouts, chosen by the row count N of a fit so that no sum can overflow (B = the
 * bits of N, every sum over at most N rows):
 * - narrow (one i64 per row), N < 2^17: count in bits [0, B), hessian in [B, 64 - W),
 *   gradient (signed) in the top W = B + q + 1 bits, q = min(7, floor((63 - 3B) / 2)) bits
 *   per value (Q = 2^q - 1): |sum g| <= N * Q < 2^(W - 1), sum h < 2^(B + q) <= 2^(63 - 2B - q),
 *   count < 2^B, and the hessian and count fields never carry, so i64 addition (and the
 *   subtraction of a child from its parent) is exact field by field;
 * - wide (two i64 per row), larger N: the gradient sign-extended in the first word; in the
 *   second, the hessian in the high 32 bits and the count in the low 32, with
 *   Q_h <= (2^31 - 1) / N so that the hessian sum stays below 2^31.
 * Split gains use the sums scaled back to floats; leaf values use the exact float sums.
 */
export interface GradientLayout {
  /** i64 words per row and per histogram bin: 1 (narrow) or 2 (wide). */
  lanes: 1 | 2;
  /** Largest quantized |gradient|. */
  gradMax: number;
  /** Largest quantized hessian. */
  hessMax: number;
  /** Narrow: bits of the count field (B); the hessian field starts there. */
  countBits: number;
  /** Narrow: bits of the gradient field, at the top of the word (W). */
  gradBits: number;
}

/** Rows of a fit the narrow (one add per row) layout takes at most. */
export const NARROW_ROWS = (1 << 17) - 1;

export function gradientLayout(rows: number): GradientLayout {
  if (!(Number.isInteger(rows) && rows >= 1 && rows < 2 ** 31)) throw new GbdtError('BAD_OPTION', `${rows} rows: a fit takes 1 to 2^31 - 1 rows`);
  if (rows <= NARROW_ROWS) {
    const countBits = 32 - Math.clz32(rows);
    const q = Math.min(7, Math.floor((63 - 3 * countBits) / 2));
    const max = 2 ** q - 1;
    return { lanes: 1, gradMax: max, hessMax: max, countBits, gradBits: countBits + q + 1 };
  }
  return { lanes: 2, gradMax: 127, hessMax: Math.min(127, Math.floor((2 ** 31 - 1) / rows)), countBits: 32, gradBits: 64 };
}

/** The float value of one quantized unit: gradient sums times `grad`, hessian sums times `hess`. */
export interface GradientScale {
  grad: number;
  hess: number;
}

/**
 * Quantizes and packs the gradients and hessians of rows `rows[0..count)` into `vals`
 * (an Int32Array view of the rows' i64 words: row r at 2 * lanes * r, low half first), two
 * draws of `rng` per row in row order. Returns the scales.
 */
export function packGradients(layout: GradientLayout, grad: Float64Array, hess: Float64Array, rows: Uint32Array, count: number, rng: Rng, vals: Int32Array, scale: GradientScale): void {
  let gMax = 0;
  let hMax = 0;
  for (let k = 0; k < count; k++) {
    const r = rows[k] as number;
    const g = Math.abs(grad[r] as number);
    const h = hess[r] as number;
    if (g > gMax) gMax = g;
    if (h > hMax) hMax = h;
  }
  const Qg = layout.gradMax;
  const Qh = layout.hessMax;
  scale.grad = gMax > 0 ? gMax / Qg : 1;
  scale.hess = hMax > 0 ? hMax / Qh : 1;
  const gInv = 1 / scale.grad;
  const hInv = 1 / scale.hess;
  const { countBits } = layout;
  const gShift = 32 - layout.gradBits;
  for (let k = 0; k < count; k++) {
    const r = rows[k] as number;
    // stochastic rounding, clamped against the last ulp of the division
    let gq = Math.floor((grad[r] as number) * gInv + rng.next());
    let hq = Math.floor((hess[r] as number) * hInv + rng.next());
    if (gq > Qg) gq = Qg;
    else if (gq < -Qg) gq = -Qg;
    if (hq > Qh) hq = Qh;
    if (layout.lanes === 1) {
      // hq << countBits < 2^24 stays in the low half; the gradient field is in the high half
      vals[2 * r] = (hq << countBits) | 1;
      vals[2 * r + 1] = gq << gShift;
    } else {
      vals[4 * r] = gq;
      vals[4 * r + 1] = gq < 0 ? -1 : 0;
      vals[4 * r + 2] = 1;
      vals[4 * r + 3] = hq;
    }
  }
}

/**
 * Unpacks `bins` packed bins starting at bin `at` of `words` (an Int32Array view of i64
 * words) into `out` as [gradient, hessian, count] triples of floats, scaled back by `scale`
 * (scale 1 gives the integer sums).
 */
export function decodeHistogram(layout: GradientLayout, words: Int32Array, at: number, bins: number, scale: GradientScale, out: Float64Array): void {
  const gs = scale.grad;
  const hs = scale.hess;
  if (layout.lanes === 1) {
    const B = layout.countBits;
    const countMask = 2 ** B - 1;
    const gShift = 32 - layout.gradBits;
    const hiMask = 2 ** gShift - 1;
    const hiWeight = 2 ** (32 - B);
    for (let b = 0; b < bins; b++) {
      const lo = (words[2 * (at + b)] as number) >>> 0;
      const hi = words[2 * (at + b) + 1] as number;
      out[3 * b] = (hi >> gShift) * gs;
      out[3 * b + 1] = ((lo >>> B) + (hi & hiMask) * hiWeight) * hs;
      out[3 * b + 2] = lo & countMask;
    }
  } else {
    for (let b = 0; b < bins; b++) {
      const w = 4 * (at + b);
      out[3 * b] = ((words[w + 1] as number) * 4294967296 + ((words[w] as number) >>> 0)) * gs;
      out[3 * b + 1] = (words[w + 3] as number) * hs;
      out[3 * b + 2] = (words[w + 2] as number) >>> 0;
    }
  }
}
