import { checkLabels, checkProbabilities, checkSameLength, checkWeights } from './check.js';

/** The probabilities are clipped to [EPS, 1 - EPS] (float64 machine epsilon), as scikit-learn does. */
const EPS = 2.220446049250313e-16;

/**
 * Mean binary log loss (cross-entropy) in nats: `-mean(y log p + (1 - y) log(1 - p))`,
 * weighted when weights are given. Probabilities must lie in [0, 1]; 0 and 1 are clipped
 * to machine epsilon, as scikit-learn's `log_loss` does.
 *
 * @example logLoss([0, 1], [0.2, 0.7]) // 0.2899...
 * @throws MetricInputError naming the first probability outside [0, 1].
 */
export function logLoss(labels: ArrayLike<number>, probabilities: ArrayLike<number>, options: { weights?: ArrayLike<number> } = {}): number {
  checkSameLength('logLoss', labels, probabilities, 'labels', 'probabilities');
  checkLabels(labels, 'logLoss');
  checkProbabilities(probabilities, 'logLoss');
  const { weights } = options;
  if (weights !== undefined) checkWeights(weights, labels.length, 'logLoss');
  let sum = 0;
  let total = 0;
  for (let i = 0; i < labels.length; i++) {
    const p = Math.min(1 - EPS, Math.max(EPS, probabilities[i] as number));
    const w = weights === undefined ? 1 : (weights[i] as number);
    sum -= w * (labels[i] === 1 ? Math.log(p) : Math.log1p(-p));
    total += w;
  }
  return sum / total;
}
