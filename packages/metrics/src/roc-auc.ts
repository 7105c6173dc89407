import { checkRanking, checkWeights } from './check.js';
import { splitByClass } from './split-by-class.js';
import { weightedPoints } from './weighted-points.js';

/**
 * Area under the ROC curve: the probability that a random defaulter scores above a random
 * non-defaulter, ties counting one half (the Mann-Whitney statistic with average ranks,
 * which is what scikit-learn's `roc_auc_score` computes).
 *
 * @example rocAuc([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]) // 0.75
 * @throws MetricInputError for different lengths, labels other than 0/1, NaN or infinite
 *   scores, or a single class.
 */
export function rocAuc(labels: ArrayLike<number>, scores: ArrayLike<number>, options: { weights?: ArrayLike<number> } = {}): number {
  const counts = checkRanking(labels, scores, 'rocAuc');
  if (options.weights !== undefined) {
    checkWeights(options.weights, labels.length, 'rocAuc');
    return weightedAuc(labels, scores, options.weights);
  }
  const { pos, neg } = splitByClass(labels, scores, counts);
  // For each run of equal positive scores, count the negatives strictly below it (j) and
  // tied with it (t - j): a merge of two sorted arrays.
  let sum = 0; // pairs won, ties counting one half
  let j = 0;
  for (let i = 0; i < pos.length; ) {
    const s = pos[i] as number;
    let k = i;
    while (k < pos.length && pos[k] === s) k++;
    while (j < neg.length && (neg[j] as number) < s) j++;
    let t = j;
    while (t < neg.length && neg[t] === s) t++;
    sum += (k - i) * (j + (t - j) / 2);
    i = k;
  }
  return sum / pos.length / neg.length;
}

function weightedAuc(labels: ArrayLike<number>, scores: ArrayLike<number>, weights: ArrayLike<number>): number {
  // trapezoids over the weighted ROC points (ties form one point, so they count one half)
  const { fp, tp } = weightedPoints(labels, scores, weights);
  const totalTp = tp[tp.length - 1] as number;
  const totalFp = fp[fp.length - 1] as number;
  let area = 0;
  for (let i = 1; i < tp.length; i++) area += ((fp[i] as number) - (fp[i - 1] as number)) * ((tp[i] as number) + (tp[i - 1] as number));
  return area / 2 / totalTp / totalFp;
}
