import { type GrownTree, addLeaf, emptyTree } from './grown-tree.js';
import { decodeHistogram } from './packed-gradients.js';
import { type GrowInput, obliviousRegions } from './grow-input.js';
import { scoreLevelNode } from './split-search.js';

/**
 * Grows an oblivious (symmetric) tree, as CatBoost does: every node of a level splits on the
 * same feature and bin, chosen by the summed gain over the level's nodes. Each level's
 * histograms come from one pass over the rows of the smaller child of every node, the larger
 * child's by subtraction from its parent. Stops early when no split has a positive gain.
 * Branches that no training row reaches are pruned from the returned tree.
 */
export function growOblivious(input: GrowInput): GrownTree {
  const { bins, binCounts, base, features, grad, hess, rows, rowCount, lambda, depth, pool, scale } = input;
  const { list, node, words, layout } = pool;
  const totalBins = base[bins.length] as number;
  // level L's histograms sit at region L % 2 of the arena: [feature][node][bin], in bins
  const regionAt = [0, obliviousRegions(depth)[0] * totalBins];
  // one feature's histogram of one node, decoded to float [g, h, count] triples
  const decoded = new Float64Array(256 * 3);
  for (let k = 0; k < rowCount; k++) {
    const r = rows[k] as number;
    node[r] = 0;
    list[k] = r;
  }

  // level 0: one node, every row
  let nodes = 1;
  let at = regionAt[0] as number;
  pool.byNode(at, 1, rowCount, features);
  const levels: { feature: number; bin: number; missingLeft: boolean; gains: Float64Array }[] = [];
  for (let level = 0; level < depth; level++) {
    // choose the level's split
    let bestGain = 0;
    let bestFeature = -1;
    let bestBin = 0;
    let bestSide = 0;
    pool.searchLevel(at, nodes, features, scale, lambda);
    // features ascending and a strictly larger gain to win: ties go to the lower feature
    const found = pool.found;
    for (let k = 0; k < features.length; k++) {
      const gain = found[3 * k] as number;
      // a feature without a border (2 bins) has no candidate and finds gain 0
      if (gain > bestGain) {
        bestGain = gain;
        bestFeature = features[k] as number;
        bestBin = found[3 * k + 1] as number;
        bestSide = found[3 * k + 2] as number;
      }
    }
    if (bestFeature < 0 || !(bestGain > 1e-12)) break;
    const nb = binCounts[bestFeature] as number;
    const gains = new Float64Array(nodes);
    const one = new Float64Array(nb * 2);
    for (let n = 0; n < nodes; n++) {
      one.fill(0);
      decodeHistogram(layout, words, at + (base[bestFeature] as number) * nodes + n * nb, nb, scale, decoded);
      scoreLevelNode(decoded, 0, nb, lambda, one);
      gains[n] = one[bestBin * 2 + bestSide] as number;
    }
    levels.push({ feature: bestFeature, bin: bestBin, missingLeft: bestSide === 1, gains });

    // route the rows one level down, counting each child
    const column = bins[bestFeature] as Uint8Array;
    const childCount = new Float64Array(nodes * 2);
    for (let k = 0; k < rowCount; k++) {
      const r = rows[k] as number;
      const b = column[r] as number;
      const right = b === 0 ? bestSide === 0 : b > bestBin;
      const c = (node[r] as number) * 2 + (right ? 1 : 0);
      node[r] = c;
      childCount[c] = (childCount[c] as number) + 1;
    }
    if (level + 1 === depth) break;

    // next level's histograms: the smaller child of each node by a pass, the other by subtraction
    const smallerBit = new Uint8Array(nodes);
    for (let n = 0; n < nodes; n++) smallerBit[n] = (childCount[2 * n + 1] as number) <= (childCount[2 * n] as number) ? 1 : 0;
    let listed = 0;
    for (let k = 0; k < rowCount; k++) {
      const r = rows[k] as number;
      const c = node[r] as number;
      if ((c & 1) === smallerBit[c >> 1]) list[listed++] = r;
    }
    const nextAt = regionAt[(level + 1) % 2] as number;
    pool.byNode(nextAt, nodes * 2, listed, features);
    for (const f of features) {
      const nb = binCounts[f] as number;
      const segment = at + (base[f] as number) * nodes;
      const nextSegment = nextAt + (base[f] as number) * nodes * 2;
      for (let n = 0; n < nodes; n++) {
        const small = 2 * n + (smallerBit[n] as number);
        const large = 2 * n + 1 - (smallerBit[n] as number);
        pool.subtract(nextSegment + large * nb, segment + n * nb, nextSegment + small * nb, nb);
      }
    }
    at = nextAt;
    nodes *= 2;
  }

  // leaves: sums of the gradients and hessians of the rows in each
  const leaves = 1 << levels.length;
  const G = new Float64Array(leaves);
  const H = new Float64Array(leaves);
  for (let k = 0; k < rowCount; k++) {
    const r = rows[k] as number;
    const c = levels.length === 0 ? 0 : (node[r] as number);
    G[c] = (G[c] as number) + (grad[r] as number);
    H[c] = (H[c] as number) + (hess[r] as number);
  }
  return expand(levels, G, H, lambda);
}

/** Writes the symmetric tree as a general one, dropping branches no training row reached. */
function expand(levels: { feature: number; bin: number; missingLeft: boolean; gains: Float64Array }[], G: Float64Array, H: Float64Array, lambda: number): GrownTree {
  const tree = emptyTree();
  const depth = levels.length;
  // cover of each node of each level, bottom-up
  const cover: Float64Array[] = [];
  cover[depth] = H;
  for (let level = depth - 1; level >= 0; level--) {
    const below = cover[level + 1] as Float64Array;
    const here = new Float64Array(1 << level);
    for (let n = 0; n < here.length; n++) here[n] = (below[2 * n] as number) + (below[2 * n + 1] as number);
    cover[level] = here;
  }
  const emit = (level: number, n: number): number => {
    const h = (cover[level] as Float64Array)[n] as number;
    if (level === depth) return addLeaf(tree, -(G[n] as number) / ((H[n] as number) + lambda), h);
    const below = cover[level + 1] as Float64Array;
    if ((below[2 * n + 1] as number) === 0) return emit(level + 1, 2 * n);
    if ((below[2 * n] as number) === 0) return emit(level + 1, 2 * n + 1);
    const at = addLeaf(tree, 0, h);
    const split = levels[level]!;
    tree.feature[at] = split.feature;
    tree.bin[at] = split.bin;
    tree.missingLeft[at] = split.missingLeft ? 1 : 0;
    tree.gain[at] = split.gains[n] as number;
    const l = emit(level + 1, 2 * n);
    const r = emit(level + 1, 2 * n + 1);
    tree.left[at] = l;
    tree.right[at] = r;
    return at;
  };
  emit(0, 0);
  return tree;
}
