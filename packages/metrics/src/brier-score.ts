import { checkLabels, checkProbabilities, checkSameLength, checkWeights } from './check.js';

/**
 * Brier score: the mean squared difference between probability and outcome (0 is perfect),
 * weighted when weights are given, as scikit-learn's `brier_score_loss`.
 *
 * @example brierScore([0, 1], [0.2, 0.7]) // 0.065
 */
export function brierScore(labels: ArrayLike<number>, probabilities: ArrayLike<number>, options: { weights?: ArrayLike<number> } = {}): number {
  checkSameLength('brierScore', labels, probabilities, 'labels', 'probabilities');
  checkLabels(labels, 'brierScore');
  checkProbabilities(probabilities, 'brierScore');
  const { weights } = options;
  if (weights !== undefined) checkWeights(weights, labels.length, 'brierScore');
  let sum = 0;
  let total = 0;
  for (let i = 0; i < labels.length; i++) {
    const d = (probabilities[i] as number) - (labels[i] as number);
    const w = weights === undefined ? 1 : (weights[i] as number);
    sum += w * d * d;
    total += w;
  }
  return sum / total;
}
