import { rocAuc } from './roc-auc.js';

/** The Gini coefficient (accuracy ratio) credit teams quote: `2 * AUC - 1`. @example gini([0, 1], [0.2, 0.9]) // 1 */
export function gini(labels: ArrayLike<number>, scores: ArrayLike<number>, options: { weights?: ArrayLike<number> } = {}): number {
  return 2 * rocAuc(labels, scores, options) - 1;
}
