/**
 * A tree as the trainer grows it: splits in bin terms ("bin <= bin[n]" goes left, bin 0 is
 * missing), leaf values before the learning rate. `toModelTree` turns it into the model's
 * float thresholds.
 */
export interface GrownTree {
  feature: number[];
  bin: number[];
  missingLeft: number[];
  left: number[];
  right: number[];
  /** -G / (H + lambda) on leaves, 0 on internal nodes. */
  value: number[];
  cover: number[];
  gain: number[];
}

export function emptyTree(): GrownTree {
  return { feature: [], bin: [], missingLeft: [], left: [], right: [], value: [], cover: [], gain: [] };
}

/** Appends a leaf and returns its index. */
export function addLeaf(tree: GrownTree, value: number, cover: number): number {
  tree.feature.push(-1);
  tree.bin.push(0);
  tree.missingLeft.push(0);
  tree.left.push(-1);
  tree.right.push(-1);
  tree.value.push(value);
  tree.cover.push(cover);
  tree.gain.push(0);
  return tree.feature.length - 1;
}

/** Turns leaf `node` into a split with two new leaves (values filled later); returns [left, right]. */
export function splitLeaf(tree: GrownTree, node: number, feature: number, bin: number, missingLeft: boolean, gain: number, coverLeft: number, coverRight: number): [number, number] {
  const l = addLeaf(tree, 0, coverLeft);
  const r = addLeaf(tree, 0, coverRight);
  tree.feature[node] = feature;
  tree.bin[node] = bin;
  tree.missingLeft[node] = missingLeft ? 1 : 0;
  tree.left[node] = l;
  tree.right[node] = r;
  tree.gain[node] = gain;
  return [l, r];
}

/**
 * Adds the tree's leaf value to a raw score for rows `rows[0..count)` (or rows 0..count-1
 * without a list) of column-major bins: into `out[row]` when `byRow`, else into `out[k]`.
 */
export function addTreeOutput(tree: GrownTree, bins: readonly Uint8Array[], rows: Uint32Array | undefined, count: number, out: Float64Array, byRow: boolean): void {
  const { feature, bin, missingLeft, left, right, value } = tree;
  for (let k = 0; k < count; k++) {
    const r = rows ? (rows[k] as number) : k;
    let n = 0;
    let f = feature[0] as number;
    while (f >= 0) {
      const b = (bins[f] as Uint8Array)[r] as number;
      n = (b === 0 ? missingLeft[n] === 1 : b <= (bin[n] as number)) ? (left[n] as number) : (right[n] as number);
      f = feature[n] as number;
    }
    const at = byRow ? r : k;
    out[at] = (out[at] as number) + (value[n] as number);
  }
}
