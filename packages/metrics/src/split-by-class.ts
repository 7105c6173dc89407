import type { ClassCounts } from './check.js';
import { sortFloat64 } from './sort-float64.js';

/**
 * The scores of positives and of negatives, each sorted ascending ({@link sortFloat64}:
 * no comparator, no index permutation). One merge pass over the two then gives AUC,
 * KS and the curves with exact tie handling, in memory about the size of the input.
 */
export function splitByClass(labels: ArrayLike<number>, scores: ArrayLike<number>, counts: ClassCounts): { pos: Float64Array; neg: Float64Array } {
  const pos = new Float64Array(counts.positives);
  const neg = new Float64Array(counts.negatives);
  for (let i = 0, p = 0, q = 0; i < labels.length; i++) {
    // -0 and 0 are one score: normalise so the sort does not order them
    const s = (scores[i] as number) + 0;
    if (labels[i] === 1) pos[p++] = s;
    else neg[q++] = s;
  }
  sortFloat64(pos);
  sortFloat64(neg);
  return { pos, neg };
}
