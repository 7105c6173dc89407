/**
 * Split search on histograms. A candidate split of a feature is a bin s (rows in bins
 * 1..s go left) and the side missing values (bin 0) take; its gain is the loss reduction of
 * second-order boosting with L2 leaf regularization lambda:
 * G_L^2 / (H_L + lambda) + G_R^2 / (H_R + lambda) - G^2 / (H + lambda), as LightGBM reports it.
 * The histograms searched are [gradient, hessian, count] float triples per bin, decoded from
 * the integer histograms by `decodeHistogram` (packed-gradients.ts).
 */

export interface SplitRules {
  /** L2 regularization of leaf values. */
  lambda: number;
  /** Rows each side of a split at least (depth-wise trees). */
  minDataInLeaf: number;
  /** Sum of hessians each side at least. */
  minSumHessian: number;
}

export interface BestSplit {
  gain: number;
  feature: number;
  bin: number;
  missingLeft: boolean;
}

export const NO_SPLIT: Readonly<BestSplit> = Object.freeze({ gain: 0, feature: -1, bin: 0, missingLeft: false });

/** Whether `a` beats `b`: more gain, ties to the lower feature then the lower bin, so that any partition of the features finds the same split. */
export function betterSplit(a: BestSplit, b: BestSplit): boolean {
  if (a.gain !== b.gain) return a.gain > b.gain;
  if (a.feature !== b.feature) return a.feature >= 0 && (b.feature < 0 || a.feature < b.feature);
  return a.bin < b.bin;
}

/**
 * The best split of one node on one feature (histogram of `bins` bins at `offset`), or
 * `best` unchanged when none passes the rules with a positive gain. Updates `best` in place.
 */
export function scanNode(hist: Float64Array, offset: number, bins: number, feature: number, rules: SplitRules, best: BestSplit): void {
  const [G, H, C] = totals(hist, offset, bins);
  const { lambda, minDataInLeaf, minSumHessian } = rules;
  const parent = (G * G) / (H + lambda);
  const mg = hist[offset] as number;
  const mh = hist[offset + 1] as number;
  const mc = hist[offset + 2] as number;
  let gl = 0;
  let hl = 0;
  let cl = 0;
  for (let s = 1; s < bins; s++) {
    gl += hist[offset + s * 3] as number;
    hl += hist[offset + s * 3 + 1] as number;
    cl += hist[offset + s * 3 + 2] as number;
    for (let side = 0; side < 2; side++) {
      // side 0: missing goes right; side 1: missing goes left (only worth it when there are missing rows)
      if (side === 1 && mc === 0) break;
      const lg = side === 1 ? gl + mg : gl;
      const lh = side === 1 ? hl + mh : hl;
      const lc = side === 1 ? cl + mc : cl;
      const rc = C - lc;
      const rh = H - lh;
      if (lc < minDataInLeaf || rc < minDataInLeaf || lc === 0 || rc === 0 || lh < minSumHessian || rh < minSumHessian) continue;
      const rg = G - lg;
      const gain = (lg * lg) / (lh + lambda) + (rg * rg) / (rh + lambda) - parent;
      if (gain > best.gain || (gain === best.gain && best.feature >= 0 && feature < best.feature)) {
        best.gain = gain;
        best.feature = feature;
        best.bin = s;
        best.missingLeft = side === 1;
      }
    }
  }
}

/**
 * Adds, for every candidate (bin s, missing side) of one feature, the gain it would bring
 * to one node into `scores[s * 2 + side]`: an oblivious tree applies one split to every
 * node of a level, so its candidates are scored by the sum over the level's nodes.
 */
export function scoreLevelNode(hist: Float64Array, offset: number, bins: number, lambda: number, scores: Float64Array): void {
  const [G, H] = totals(hist, offset, bins);
  if (H === 0) return;
  const parent = (G * G) / (H + lambda);
  const mg = hist[offset] as number;
  const mh = hist[offset + 1] as number;
  let gl = 0;
  let hl = 0;
  for (let s = 1; s < bins; s++) {
    gl += hist[offset + s * 3] as number;
    hl += hist[offset + s * 3 + 1] as number;
    const rg0 = G - gl;
    scores[s * 2] = (scores[s * 2] as number) + (gl * gl) / (hl + lambda) + (rg0 * rg0) / (H - hl + lambda) - parent;
    const lg1 = gl + mg;
    const lh1 = hl + mh;
    const rg1 = G - lg1;
    scores[s * 2 + 1] = (scores[s * 2 + 1] as number) + (lg1 * lg1) / (lh1 + lambda) + (rg1 * rg1) / (H - lh1 + lambda) - parent;
  }
}

/** Sums of gradients, hessians and rows over a node's histogram of one feature. */
function totals(hist: Float64Array, offset: number, bins: number): [number, number, number] {
  let g = 0;
  let h = 0;
  let c = 0;
  for (let b = 0; b < bins; b++) {
    g += hist[offset + b * 3] as number;
    h += hist[offset + b * 3 + 1] as number;
    c += hist[offset + b * 3 + 2] as number;
  }
  return [g, h, c];
}
