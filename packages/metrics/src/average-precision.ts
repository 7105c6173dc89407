import { checkRanking, checkWeights } from './check.js';
import { weightedPoints } from './weighted-points.js';

/**
 * Average precision, scikit-learn's step-wise definition: `sum_n (R_n - R_{n-1}) P_n` over
 * the distinct scores from the highest down (no interpolation).
 *
 * @example averagePrecision([0, 1, 1], [0.1, 0.4, 0.8]) // 1
 */
export function averagePrecision(labels: ArrayLike<number>, scores: ArrayLike<number>, options: { weights?: ArrayLike<number> } = {}): number {
  checkRanking(labels, scores, 'averagePrecision');
  if (options.weights !== undefined) checkWeights(options.weights, labels.length, 'averagePrecision');
  const { tp, fp } = weightedPoints(labels, scores, options.weights);
  const totalTp = tp[tp.length - 1] as number;
  let ap = 0;
  for (let i = 1; i < tp.length; i++) {
    const precision = (tp[i] as number) / ((tp[i] as number) + (fp[i] as number));
    ap += (((tp[i] as number) - (tp[i - 1] as number)) / totalTp) * precision;
  }
  return ap;
}
