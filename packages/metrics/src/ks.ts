import { checkRanking } from './check.js';
import { splitByClass } from './split-by-class.js';

export interface KsResult {
  /** max over thresholds t of |F_default(t) - F_nondefault(t)|, in [0, 1]. */
  statistic: number;
  /** The smallest score t where the maximum is reached (rows with score <= t on one side). */
  threshold: number;
}

/**
 * The Kolmogorov-Smirnov statistic of credit scoring: the largest distance between the
 * empirical score distributions of defaulters and non-defaulters, the statistic scipy's
 * `ks_2samp` computes on the two samples.
 *
 * @example ks([0, 0, 1, 1], [0.1, 0.2, 0.8, 0.9]) // { statistic: 1, threshold: 0.2 }
 */
export function ks(labels: ArrayLike<number>, scores: ArrayLike<number>): KsResult {
  const counts = checkRanking(labels, scores, 'ks');
  const { pos, neg } = splitByClass(labels, scores, counts);
  let i = 0;
  let j = 0;
  let best = -1;
  let threshold = Number.NaN;
  while (i < pos.length || j < neg.length) {
    // the next distinct score, and every row at it, from both samples
    const t = j >= neg.length || (i < pos.length && (pos[i] as number) <= (neg[j] as number)) ? (pos[i] as number) : (neg[j] as number);
    while (i < pos.length && pos[i] === t) i++;
    while (j < neg.length && neg[j] === t) j++;
    const d = Math.abs(i / pos.length - j / neg.length);
    if (d > best) {
      best = d;
      threshold = t;
    }
  }
  return { statistic: best, threshold };
}
