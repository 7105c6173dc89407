/**
 * Split search on histograms. A candidate split of a feature is a bin s (rows in bins
 * 1..s go left) and the side missing values (bin 0) take; its gain is the loss reduction of
 * second-order boosting with L2 leaf regularization lambda:
 * G_L^2 / (H_L + lambda) + G_R^2 / (H_R + lambda) - G^2 / (H + lambda), as LightGBM reports it.
 * The search itself runs in the WebAssembly kernel (asm/histogram.ts: searchNode,
 * searchLevel) on the integer histograms, one feature per call, on the pool's threads; here
 * are the rules it follows and the per-node gains of an oblivious level's chosen split, from
 * histograms decoded to [gradient, hessian, count] float triples by `decodeHistogram`.
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

/** Sums of gradients and hessians over a node's histogram of one feature. */
function totals(hist: Float64Array, offset: number, bins: number): [number, number] {
  let g = 0;
  let h = 0;
  for (let b = 0; b < bins; b++) {
    g += hist[offset + b * 3] as number;
    h += hist[offset + b * 3 + 1] as number;
  }
  return [g, h];
}
