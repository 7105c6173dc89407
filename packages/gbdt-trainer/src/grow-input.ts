/** What a tree grower needs: the quantized rows, this iteration's gradients, the rules. */
export interface GrowInput {
  /** Column-major bins of every feature. */
  bins: readonly Uint8Array[];
  /** Bins per feature (borders + 2: missing, and one more than the borders). */
  binCounts: Int32Array;
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
  /** Buffers reused from tree to tree, sized for every row. */
  scratch: { node: Uint16Array; list: Uint32Array };
}
