import type { HistogramPool } from './histogram-pool.js';
import type { GradientScale } from './packed-gradients.js';

/** What a tree grower needs: the quantized rows, this iteration's gradients, the rules. */
export interface GrowInput {
  /** Column-major bins of every feature. */
  bins: readonly Uint8Array[];
  /** Bins per feature (borders + 2: missing, and one more than the borders). */
  binCounts: Int32Array;
  /** base[f] = bins of the features before f: feature f's histogram starts at bin base[f]. */
  base: Int32Array;
  /** The features this tree may split on, ascending. */
  features: Int32Array;
  /** This round's gradients and hessians (exact: leaf values are computed from them). */
  grad: Float64Array;
  hess: Float64Array;
  /** The value of one quantized unit of the histograms' gradient and hessian sums (split search). */
  scale: GradientScale;
  /** The rows this tree learns from (all, or a seeded subsample), ascending, in `rows[0..rowCount)`. */
  rows: Uint32Array;
  rowCount: number;
  lambda: number;
  minDataInLeaf: number;
  minSumHessian: number;
  /** Oblivious: levels. Leaf-wise: the largest depth (0 = no limit). */
  depth: number;
  /** Leaf-wise: leaves at most. */
  maxLeaves: number;
  /** Sums histograms of the packed gradients into its arena, on one thread or several; reads rows from `pool.list` and nodes from `pool.node`. */
  pool: HistogramPool;
}

/** Histogram bins in the arena a grower needs: oblivious levels alternate between two regions; leaf-wise keeps a histogram per leaf. */
export function arenaBins(grow: 'oblivious' | 'leafwise', totalBins: number, depth: number, maxLeaves: number): number {
  if (grow === 'leafwise') return (maxLeaves + 1) * totalBins;
  const [even, odd] = obliviousRegions(depth);
  return (even + odd) * totalBins;
}

/** Nodes of the largest even level and of the largest odd level below `depth` (histograms are needed for levels 0..depth-1). */
export function obliviousRegions(depth: number): [number, number] {
  let even = 1;
  let odd = 0;
  for (let level = 0; level < depth; level++) {
    if (level % 2 === 0) even = Math.max(even, 1 << level);
    else odd = Math.max(odd, 1 << level);
  }
  return [even, odd];
}
