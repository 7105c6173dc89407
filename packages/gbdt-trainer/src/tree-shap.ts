import { GbdtError } from './errors.js';
import type { GbdtModel, Tree } from './model.js';

/**
 * Exact TreeSHAP contributions (Lundberg, Erion and Lee, "Consistent individualized feature
 * attribution for tree ensembles", Algorithm 2, as the `shap` library's tree_shap.h computes
 * it), with each node's `cover` as its weight. For each chosen row: one contribution per
 * feature of `model.features`, then the expected raw score last; they sum to the row's raw
 * score (log-odds). A linear term adds its own exact Shapley values, `w (x - center)` for
 * each of its features (a missing or infinite value: 0), the centers being the training means. The reason codes of a decision come from the largest contributions.
 */
export function treeShap(model: GbdtModel, columns: readonly ArrayLike<number>[], rows: readonly number[]): Float64Array[] {
  const features = model.features.length;
  if (columns.length !== features) throw new GbdtError('COLUMN_COUNT', `${columns.length} columns given where the model has ${features} features`);
  const n = columns[0]?.length ?? 0;
  rows.forEach((r, k) => {
    if (!Number.isInteger(r) || r < 0 || r >= n) throw new GbdtError('ROW_OUT_OF_RANGE', `rows[${k}] = ${r} is not a row of the ${n} given`, { index: k });
  });
  const expected = model.baseScore + model.trees.reduce((s, t) => s + expectedValue(t), 0);
  return rows.map((r) => {
    const x = columns.map((c) => Math.fround(c[r] as number));
    const phi = new Float64Array(features + 1);
    for (const tree of model.trees) shapOfTree(tree, x, phi);
    const linear = model.linear;
    linear?.features.forEach((f, k) => {
      const v = x[f] as number;
      if (Number.isFinite(v)) phi[f] = (phi[f] as number) + (linear.weights[k] as number) * (v - (linear.center[k] as number));
    });
    phi[features] = expected;
    return phi;
  });
}

/** The cover-weighted mean of a tree's leaf values: its contribution to the expected score. */
function expectedValue(tree: Tree): number {
  const rootCover = tree.cover[0] as number;
  if (!(rootCover > 0)) return tree.value[0] as number;
  let sum = 0;
  tree.feature.forEach((f, n) => {
    if (f < 0) sum += (tree.value[n] as number) * (tree.cover[n] as number);
  });
  return sum / rootCover;
}

// The unique path: feature index, zero fraction, one fraction and permutation weight of each element.
interface Path {
  d: Int32Array;
  z: Float64Array;
  o: Float64Array;
  w: Float64Array;
}

function shapOfTree(tree: Tree, x: number[], phi: Float64Array): void {
  const maxDepth = depthOf(tree) + 2;
  // one slice of path per recursion level: level k starts at k * maxDepth (as tree_shap.h lays it out)
  const size = (maxDepth * (maxDepth + 1)) / 2 + maxDepth * maxDepth;
  const path: Path = { d: new Int32Array(size), z: new Float64Array(size), o: new Float64Array(size), w: new Float64Array(size) };
  recurse(tree, x, phi, 0, path, 0, 0, 1, 1, -1, maxDepth);
}

function depthOf(tree: Tree): number {
  const depth = (n: number): number => ((tree.feature[n] as number) < 0 ? 0 : 1 + Math.max(depth(tree.left[n] as number), depth(tree.right[n] as number)));
  return depth(0);
}

function recurse(tree: Tree, x: number[], phi: Float64Array, node: number, path: Path, at: number, uniqueDepth: number, zeroFraction: number, oneFraction: number, featureIndex: number, maxDepth: number): void {
  extend(path, at, uniqueDepth, zeroFraction, oneFraction, featureIndex);
  const split = tree.feature[node] as number;
  if (split < 0) {
    const value = tree.value[node] as number;
    for (let i = 1; i <= uniqueDepth; i++) {
      const w = unwoundSum(path, at, uniqueDepth, i);
      phi[path.d[at + i] as number] = (phi[path.d[at + i] as number] as number) + w * ((path.o[at + i] as number) - (path.z[at + i] as number)) * value;
    }
    return;
  }
  const v = x[split] as number;
  const goesLeft = v !== v ? tree.missingLeft[node] === 1 : v <= (tree.threshold[node] as number);
  const hot = (goesLeft ? tree.left[node] : tree.right[node]) as number;
  const cold = (goesLeft ? tree.right[node] : tree.left[node]) as number;
  const cover = tree.cover[node] as number;
  const hotZero = (tree.cover[hot] as number) / cover;
  const coldZero = (tree.cover[cold] as number) / cover;
  let incomingZero = 1;
  let incomingOne = 1;
  let depth = uniqueDepth;
  // a feature already on the path: undo its earlier split first
  let found = -1;
  for (let i = 0; i <= depth; i++) {
    if (path.d[at + i] === split) {
      found = i;
      break;
    }
  }
  if (found >= 0) {
    incomingZero = path.z[at + found] as number;
    incomingOne = path.o[at + found] as number;
    unwind(path, at, depth, found);
    depth--;
  }
  // each child works on its own copy of the path, one level further on
  const next = at + depth + 1;
  copy(path, at, next, depth + 1);
  recurse(tree, x, phi, hot, path, next, depth + 1, hotZero * incomingZero, incomingOne, split, maxDepth);
  copy(path, at, next, depth + 1);
  recurse(tree, x, phi, cold, path, next, depth + 1, coldZero * incomingZero, 0, split, maxDepth);
}

function copy(path: Path, from: number, to: number, count: number): void {
  path.d.copyWithin(to, from, from + count);
  path.z.copyWithin(to, from, from + count);
  path.o.copyWithin(to, from, from + count);
  path.w.copyWithin(to, from, from + count);
}

function extend(path: Path, at: number, depth: number, zeroFraction: number, oneFraction: number, featureIndex: number): void {
  path.d[at + depth] = featureIndex;
  path.z[at + depth] = zeroFraction;
  path.o[at + depth] = oneFraction;
  path.w[at + depth] = depth === 0 ? 1 : 0;
  for (let i = depth - 1; i >= 0; i--) {
    path.w[at + i + 1] = (path.w[at + i + 1] as number) + (oneFraction * (path.w[at + i] as number) * (i + 1)) / (depth + 1);
    path.w[at + i] = (zeroFraction * (path.w[at + i] as number) * (depth - i)) / (depth + 1);
  }
}

function unwind(path: Path, at: number, depth: number, index: number): void {
  const one = path.o[at + index] as number;
  const zero = path.z[at + index] as number;
  let next = path.w[at + depth] as number;
  for (let i = depth - 1; i >= 0; i--) {
    if (one !== 0) {
      const t = path.w[at + i] as number;
      path.w[at + i] = (next * (depth + 1)) / ((i + 1) * one);
      next = t - ((path.w[at + i] as number) * zero * (depth - i)) / (depth + 1);
    } else {
      path.w[at + i] = ((path.w[at + i] as number) * (depth + 1)) / (zero * (depth - i));
    }
  }
  for (let i = index; i < depth; i++) {
    path.d[at + i] = path.d[at + i + 1] as number;
    path.z[at + i] = path.z[at + i + 1] as number;
    path.o[at + i] = path.o[at + i + 1] as number;
  }
}

function unwoundSum(path: Path, at: number, depth: number, index: number): number {
  const one = path.o[at + index] as number;
  const zero = path.z[at + index] as number;
  let next = path.w[at + depth] as number;
  let total = 0;
  if (one !== 0) {
    for (let i = depth - 1; i >= 0; i--) {
      const t = next / ((i + 1) * one);
      total += t;
      next = (path.w[at + i] as number) - t * zero * (depth - i);
    }
  } else if (zero !== 0) {
    for (let i = depth - 1; i >= 0; i--) total += (path.w[at + i] as number) / (zero * (depth - i));
  }
  return total * (depth + 1);
}
