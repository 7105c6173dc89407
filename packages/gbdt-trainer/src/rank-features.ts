import { type BinnedDataset, type TrainOptions, trainBinned } from './train.js';

export interface RankOptions extends Omit<TrainOptions, 'validation' | 'onIteration' | 'seed'> {
  /** Quick models averaged, each with its own seed (row and feature subsamples). Default 3. */
  seeds?: number;
  /** The first seed; model k uses seed + k. Default 0. */
  seed?: number;
  /** A feature is "stable" in the top `top` when every quick model puts it there. Default 50. */
  top?: number;
  /** The rows the quick models learn from. Default: every row. */
  rows?: Uint32Array;
  onModel?: (done: number, of: number) => void;
}

export interface RankedFeature {
  feature: number;
  name: string;
  /** Mean over the quick models of the feature's share of the total split gain. */
  importance: number;
  /** Standard deviation of that share over the quick models. */
  spread: number;
  /** Share of the quick models that put the feature in their top `top`. */
  stability: number;
}

/**
 * A descending importance ranking that does not hinge on one seed: `seeds` quick models
 * (few rounds, a high learning rate, half the rows and half the features per tree, each with
 * its own seed) are fitted, each feature's share of the split gain is averaged over them, and
 * the ranking reports how much the share varies and how often each feature is in the top.
 * Features no model used rank last, in their column order.
 */
export function rankFeatures(binned: BinnedDataset, options: RankOptions = {}): RankedFeature[] {
  const { seeds = 3, seed = 0, top = 50, rows, onModel, ...engine } = options;
  const n = binned.names.length;
  const shares: Float64Array[] = [];
  for (let k = 0; k < seeds; k++) {
    const { model } = trainBinned(binned, {
      iterations: 60,
      learningRate: 0.2,
      rowSubsample: 0.5,
      featureSubsample: 0.5,
      ...engine,
      seed: seed + k,
      ...(rows ? { rows } : {}),
    });
    const gain = new Float64Array(n);
    for (const tree of model.trees) {
      for (let node = 0; node < tree.feature.length; node++) {
        const f = tree.feature[node] as number;
        if (f >= 0) gain[f] = (gain[f] as number) + (tree.gain[node] as number);
      }
    }
    const total = gain.reduce((s, g) => s + g, 0) || 1;
    shares.push(gain.map((g) => g / total));
    onModel?.(k + 1, seeds);
  }
  const inTop = new Float64Array(n);
  for (const share of shares) {
    const order = [...share.keys()].filter((f) => (share[f] as number) > 0).sort((a, b) => (share[b] as number) - (share[a] as number) || a - b);
    for (const f of order.slice(0, top)) inTop[f] = (inTop[f] as number) + 1 / seeds;
  }
  const ranked: RankedFeature[] = binned.names.map((name, feature) => {
    const values = shares.map((s) => s[feature] as number);
    const mean = values.reduce((s, v) => s + v, 0) / values.length;
    const spread = Math.sqrt(values.reduce((s, v) => s + (v - mean) ** 2, 0) / Math.max(1, values.length - 1));
    return { feature, name, importance: mean, spread, stability: inTop[feature] as number };
  });
  return ranked.sort((a, b) => b.importance - a.importance || a.feature - b.feature);
}
