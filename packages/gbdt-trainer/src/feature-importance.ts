import type { GbdtModel } from './model.js';

export interface FeatureImportance {
  feature: string;
  importance: number;
}

/**
 * Importance of each feature, largest first (ties in feature order):
 * - 'gain': the sum of the loss reductions of the splits on the feature (LightGBM's
 *   `importance_type='gain'`);
 * - 'prediction-values-change' (CatBoost's PredictionValuesChange): for each split, the
 *   cover-weighted squared deviation of each child's mean leaf value (over the leaves below
 *   it) from their cover-weighted mean, summed per feature and scaled to total 100: how much,
 *   on average, the prediction moves when the feature's value changes.
 * A feature of a linear term scores, for either type, the same hessian-weighted variance of
 * its part of the raw score: `cover * (weight * scale)^2`.
 */
export function featureImportance(model: GbdtModel, options: { type?: 'gain' | 'prediction-values-change' } = {}): FeatureImportance[] {
  const type = options.type ?? 'gain';
  const score = new Float64Array(model.features.length);
  for (const tree of model.trees) {
    // mean leaf value below each node, weighted by cover
    const mean = new Float64Array(tree.feature.length);
    const meanOf = (n: number): number => {
      const f = tree.feature[n] as number;
      if (f < 0) return (mean[n] = tree.value[n] as number);
      const l = tree.left[n] as number;
      const r = tree.right[n] as number;
      const ml = meanOf(l);
      const mr = meanOf(r);
      const cl = tree.cover[l] as number;
      const cr = tree.cover[r] as number;
      return (mean[n] = cl + cr > 0 ? (ml * cl + mr * cr) / (cl + cr) : (ml + mr) / 2);
    };
    meanOf(0);
    tree.feature.forEach((f, n) => {
      if (f < 0) return;
      if (type === 'gain') {
        score[f] = (score[f] as number) + (tree.gain[n] as number);
        return;
      }
      const l = tree.left[n] as number;
      const r = tree.right[n] as number;
      const cl = tree.cover[l] as number;
      const cr = tree.cover[r] as number;
      const m = mean[n] as number;
      score[f] = (score[f] as number) + cl * ((mean[l] as number) - m) ** 2 + cr * ((mean[r] as number) - m) ** 2;
    });
  }
  const linear = model.linear;
  linear?.features.forEach((f, k) => {
    score[f] = (score[f] as number) + linear.cover * ((linear.weights[k] as number) * (linear.scale[k] as number)) ** 2;
  });
  if (type === 'prediction-values-change') {
    const total = score.reduce((s, v) => s + v, 0);
    if (total > 0) for (let f = 0; f < score.length; f++) score[f] = (100 * (score[f] as number)) / total;
  }
  return model.features.map((feature, f) => ({ feature, importance: score[f] as number, f })).sort((a, b) => b.importance - a.importance || a.f - b.f).map(({ feature, importance }) => ({ feature, importance }));
}
