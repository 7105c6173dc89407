import type { HistogramPool } from './histogram-pool.js';

/** What a tree grower needs: the quantized rows, this iteration's gradients, the rules. */
export interface GrowInput {
  /** Column-major bins of every feature. */
  bins: readonly Uint8Array[];
  /** Bins per feature (borders + 2: missing, and one more than the borders). */
  binCounts: Int32Array;
  /** base[f] = bins of the features before f: feature f's histogram starts at base[f] * 3. */
  base: Int32Array;
  /** The features this tree may split on, ascending. */
  features: Int32Array;
  grad: Float64Array;
  hess: Float64Array;
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
  /** Sums histograms into its arena, on one thread or several; reads rows from `list` and nodes from `node`. */
  pool: HistogramPool;
  /** Row lists for the pool (shared memory, one slot per row). */
  list: Uint32Array;
  /** The node each row is in (shared memory). */
  node: Uint16Array;
}

/** Doubles in the arena a grower needs: oblivious levels alternate between two regions; leaf-wise keeps a histogram per leaf. */
export function arenaSize(grow: 'oblivious' | 'leafwise', totalBins: number, depth: number, maxLeaves: number): number {
  if (grow === 'leafwise') return (maxLeaves + 1) * totalBins * 3;
  const [even, odd] = obliviousRegions(depth);
  return (even + odd) * totalBins * 3;
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
