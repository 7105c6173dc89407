import { checkRanking, checkWeights } from './check.js';
import { weightedPoints } from './weighted-points.js';

export interface RocCurve {
  /** False positive rate at each threshold. */
  fpr: Float64Array;
  /** True positive rate at each threshold. */
  tpr: Float64Array;
  /** Decreasing: `thresholds[0]` is +Infinity (nothing flagged), then every distinct score. */
  thresholds: Float64Array;
}

/**
 * The ROC curve: one point per distinct score (a row is flagged when its score is >= the
 * threshold), as scikit-learn's `roc_curve(..., drop_intermediate=False)`.
 *
 * @example rocCurve([0, 1], [0.2, 0.9]).tpr // Float64Array [0, 1, 1]
 */
export function rocCurve(labels: ArrayLike<number>, scores: ArrayLike<number>, options: { weights?: ArrayLike<number> } = {}): RocCurve {
  checkRanking(labels, scores, 'rocCurve');
  if (options.weights !== undefined) checkWeights(options.weights, labels.length, 'rocCurve');
  const { thresholds, tp, fp } = weightedPoints(labels, scores, options.weights);
  const totalTp = tp[tp.length - 1] as number;
  const totalFp = fp[fp.length - 1] as number;
  return { fpr: fp.map((v) => v / totalFp), tpr: tp.map((v) => v / totalTp), thresholds };
}
