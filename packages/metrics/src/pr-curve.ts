import { checkRanking, checkWeights } from './check.js';
import { weightedPoints } from './weighted-points.js';

export interface PrCurve {
  precision: Float64Array;
  recall: Float64Array;
  /** Decreasing: every distinct score; a row is flagged when its score is >= the threshold. */
  thresholds: Float64Array;
}

/**
 * The precision-recall curve, one point per distinct score from the highest down: the
 * points of scikit-learn's `precision_recall_curve`, in the opposite order and without its
 * final (recall 0, precision 1) point.
 *
 * @example prCurve([0, 1], [0.2, 0.9]).precision // Float64Array [1, 0.5]
 */
export function prCurve(labels: ArrayLike<number>, scores: ArrayLike<number>, options: { weights?: ArrayLike<number> } = {}): PrCurve {
  checkRanking(labels, scores, 'prCurve');
  if (options.weights !== undefined) checkWeights(options.weights, labels.length, 'prCurve');
  const { thresholds, tp, fp } = weightedPoints(labels, scores, options.weights);
  const totalTp = tp[tp.length - 1] as number;
  const n = tp.length - 1;
  const precision = new Float64Array(n);
  const recall = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    precision[i] = (tp[i + 1] as number) / ((tp[i + 1] as number) + (fp[i + 1] as number));
    recall[i] = (tp[i + 1] as number) / totalTp;
  }
  return { precision, recall, thresholds: thresholds.subarray(1) };
}
