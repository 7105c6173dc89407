import { MetricInputError } from './errors.js';

/** Class counts of checked labels. */
export interface ClassCounts {
  positives: number;
  negatives: number;
}

/** @throws MetricInputError unless `labels` is non-empty and every label is 0 or 1. */
export function checkLabels(labels: ArrayLike<number>, fn: string): ClassCounts {
  if (labels.length === 0) throw new MetricInputError('EMPTY', `${fn}: labels are empty`);
  let positives = 0;
  for (let i = 0; i < labels.length; i++) {
    const y = labels[i];
    if (y === 1) positives++;
    else if (y !== 0) throw new MetricInputError('NOT_BINARY', `${fn}: labels[${i}] is ${String(y)}; labels must be 0 or 1`, i);
  }
  return { positives, negatives: labels.length - positives };
}

/** @throws MetricInputError unless both classes are present. */
export function checkBothClasses(counts: ClassCounts, fn: string): void {
  if (counts.positives === 0 || counts.negatives === 0) {
    throw new MetricInputError('ONE_CLASS', `${fn}: needs both classes, but every label is ${counts.positives === 0 ? 0 : 1}`);
  }
}

/** @throws MetricInputError unless the arrays have the same length. */
export function checkSameLength(fn: string, a: ArrayLike<unknown>, b: ArrayLike<unknown>, aName = 'labels', bName = 'scores'): void {
  if (a.length !== b.length) throw new MetricInputError('LENGTH_MISMATCH', `${fn}: ${aName} has ${a.length} values but ${bName} has ${b.length}`);
}

/** @throws MetricInputError naming the first score that is NaN or infinite. */
export function checkFinite(values: ArrayLike<number>, fn: string, name = 'scores'): void {
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as number;
    if (!Number.isFinite(v)) throw new MetricInputError('NOT_FINITE', `${fn}: ${name}[${i}] is ${String(v)}; ${name} must be finite numbers`, i);
  }
}

/** @throws MetricInputError naming the first probability outside [0, 1] (or NaN). */
export function checkProbabilities(values: ArrayLike<number>, fn: string): void {
  for (let i = 0; i < values.length; i++) {
    const p = values[i] as number;
    if (!(p >= 0 && p <= 1)) throw new MetricInputError('OUT_OF_RANGE', `${fn}: probabilities[${i}] is ${String(p)}; probabilities must be in [0, 1]`, i);
  }
}

/** @throws MetricInputError naming the first weight that is negative or not finite, or when all are 0. */
export function checkWeights(weights: ArrayLike<number>, length: number, fn: string): void {
  if (weights.length !== length) throw new MetricInputError('LENGTH_MISMATCH', `${fn}: labels has ${length} values but weights has ${weights.length}`);
  let total = 0;
  for (let i = 0; i < weights.length; i++) {
    const w = weights[i] as number;
    if (!(w >= 0 && Number.isFinite(w))) throw new MetricInputError('BAD_WEIGHT', `${fn}: weights[${i}] is ${String(w)}; weights must be finite and >= 0`, i);
    total += w;
  }
  if (total === 0) throw new MetricInputError('BAD_WEIGHT', `${fn}: every weight is 0`);
}

/** Checks labels and scores together, the common case of ranking metrics. */
export function checkRanking(labels: ArrayLike<number>, scores: ArrayLike<number>, fn: string): ClassCounts {
  checkSameLength(fn, labels, scores);
  const counts = checkLabels(labels, fn);
  checkFinite(scores, fn);
  checkBothClasses(counts, fn);
  return counts;
}
