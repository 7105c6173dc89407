import { type GrownTree, addLeaf, emptyTree, splitLeaf } from './grown-tree.js';
import type { GrowInput } from './grow-input.js';
import type { BestSplit } from './split-search.js';

interface Leaf {
  node: number;
  start: number;
  end: number;
  depth: number;
  /** The leaf's histogram: slot `slot` of the arena. */
  slot: number;
  best: BestSplit;
  /** Exact sums of the leaf's gradients and hessians, in row order. */
  g: number;
  h: number;
}

/**
 * Grows a tree leaf by leaf, as LightGBM does: always split the leaf whose best split gains
 * most, until `maxLeaves` leaves, the depth limit, or no split with a positive gain that
 * leaves `minDataInLeaf` rows on each side. The rows of a leaf sit in one range of an index
 * array, partitioned in place at each split; the smaller child's histogram comes from its
 * rows, the larger's by subtraction from the parent.
 */
export function growLeafwise(input: GrowInput): GrownTree {
  const { bins, base, features, grad, hess, rowCount, depth, maxLeaves, pool, scale } = input;
  // a leaf's histograms fill one slot of the arena: feature f's at bin slot * size + base[f]
  const size = base[bins.length] as number;
  const order = pool.list;
  order.set(input.rows.subarray(0, rowCount));
  let slots = 0;

  const tree = emptyTree();
  // the root of a fit on every row of the table, in order, reads the rows without the list
  const everyRow = rowCount === order.length && rowCount > 0 && order[0] === 0 && order[rowCount - 1] === rowCount - 1;
  const build = (start: number, end: number): number => {
    const slot = slots++;
    if (everyRow && start === 0 && end === rowCount) pool.byRange(slot * size, 0, rowCount, features);
    else pool.byRows(slot * size, start, end, features);
    return slot;
  };
  const search = (leaf: Leaf): void => {
    leaf.best = { gain: 0, feature: -1, bin: 0, missingLeft: false };
    if ((depth > 0 && leaf.depth >= depth) || leaf.end - leaf.start < 2 * input.minDataInLeaf) return;
    pool.searchNode(leaf.slot * size, features, scale, input);
    // features ascending and a strictly larger gain to win: ties go to the lower feature
    const found = pool.found;
    for (let k = 0; k < features.length; k++) {
      const gain = found[3 * k] as number;
      if (gain > leaf.best.gain) leaf.best = { gain, feature: features[k] as number, bin: found[3 * k + 1] as number, missingLeft: found[3 * k + 2] === 1 };
    }
  };
  let rootG = 0;
  let rootH = 0;
  for (let k = 0; k < rowCount; k++) {
    const r = order[k] as number;
    rootG += grad[r] as number;
    rootH += hess[r] as number;
  }
  const root: Leaf = { node: addLeaf(tree, 0, 0), start: 0, end: rowCount, depth: 0, slot: build(0, rowCount), best: { gain: 0, feature: -1, bin: 0, missingLeft: false }, g: rootG, h: rootH };
  search(root);
  const leaves: Leaf[] = [root];
  const buffer = new Uint32Array(rowCount);
  while (leaves.length < maxLeaves) {
    // the leaf with the largest gain; ties to the earliest leaf
    let pick = -1;
    for (let i = 0; i < leaves.length; i++) {
      const g = leaves[i]!.best.gain;
      if (g > 1e-12 && (pick < 0 || g > leaves[pick]!.best.gain)) pick = i;
    }
    if (pick < 0) break;
    const leaf = leaves[pick]!;
    const { feature, bin, missingLeft } = leaf.best;
    // stable partition of the leaf's rows, left ones first, summing each side's exact gradients and hessians
    const column = bins[feature] as Uint8Array;
    let l = leaf.start;
    let r = 0;
    let lg = 0;
    let lh = 0;
    let rg = 0;
    let rh = 0;
    for (let k = leaf.start; k < leaf.end; k++) {
      const row = order[k] as number;
      const b = column[row] as number;
      if (b === 0 ? missingLeft : b <= bin) {
        order[l++] = row;
        lg += grad[row] as number;
        lh += hess[row] as number;
      } else {
        buffer[r++] = row;
        rg += grad[row] as number;
        rh += hess[row] as number;
      }
    }
    order.set(buffer.subarray(0, r), l);
    const left: Leaf = { node: 0, start: leaf.start, end: l, depth: leaf.depth + 1, slot: leaf.slot, best: leaf.best, g: lg, h: lh };
    const right: Leaf = { node: 0, start: l, end: leaf.end, depth: leaf.depth + 1, slot: leaf.slot, best: leaf.best, g: rg, h: rh };
    const [small, large] = left.end - left.start <= right.end - right.start ? [left, right] : [right, left];
    small.slot = build(small.start, small.end);
    // the parent's slot becomes the larger child's
    pool.subtract(leaf.slot * size, leaf.slot * size, small.slot * size, size);
    large.slot = leaf.slot;
    [left.node, right.node] = splitLeaf(tree, leaf.node, feature, bin, missingLeft, leaf.best.gain, lh, rh);
    search(left);
    search(right);
    leaves.splice(pick, 1, left, right);
  }
  for (const leaf of leaves) {
    tree.value[leaf.node] = -leaf.g / (leaf.h + input.lambda);
    tree.cover[leaf.node] = leaf.h;
  }
  // internal covers: sums of their children's, bottom-up (children always come after parents)
  for (let n = tree.feature.length - 1; n >= 0; n--) {
    if ((tree.feature[n] as number) >= 0) tree.cover[n] = (tree.cover[tree.left[n] as number] as number) + (tree.cover[tree.right[n] as number] as number);
  }
  return tree;
}
