import { checkFinite, checkLabels, checkSameLength } from './check.js';

export interface Confusion {
  threshold: number;
  tp: number;
  fp: number;
  tn: number;
  fn: number;
  /** tp / (tp + fp); 0 when nothing is flagged. */
  precision: number;
  /** tp / (tp + fn), the true positive rate; 0 without positives. */
  recall: number;
  /** Harmonic mean of precision and recall; 0 when both are 0. */
  f1: number;
  /** tn / (tn + fp); 0 without negatives. */
  specificity: number;
  accuracy: number;
}

/**
 * The confusion matrix when rows scoring at or above `threshold` are flagged as defaults,
 * with precision, recall and F1 (scikit-learn's definitions, 0 where they divide by zero).
 *
 * @example confusionAt([0, 1, 1], [0.2, 0.6, 0.4], 0.5) // { tp: 1, fp: 0, tn: 1, fn: 1, ... }
 */
export function confusionAt(labels: ArrayLike<number>, scores: ArrayLike<number>, threshold: number): Confusion {
  checkSameLength('confusionAt', labels, scores);
  checkLabels(labels, 'confusionAt');
  checkFinite(scores, 'confusionAt');
  let tp = 0;
  let fp = 0;
  let tn = 0;
  let fn = 0;
  for (let i = 0; i < labels.length; i++) {
    const flagged = (scores[i] as number) >= threshold;
    if (labels[i] === 1) flagged ? tp++ : fn++;
    else flagged ? fp++ : tn++;
  }
  const ratio = (a: number, b: number) => (b === 0 ? 0 : a / b);
  const precision = ratio(tp, tp + fp);
  const recall = ratio(tp, tp + fn);
  return { threshold, tp, fp, tn, fn, precision, recall, f1: ratio(2 * precision * recall, precision + recall), specificity: ratio(tn, tn + fp), accuracy: (tp + tn) / labels.length };
}
