import { checkLabels, checkProbabilities, checkSameLength } from './check.js';
import { MetricInputError } from './errors.js';
import { quantile } from './quantile.js';

export interface CalibrationBin {
  /** Bin edges: the bin holds probabilities in (lower, upper] (the first also its lower edge). */
  lower: number;
  upper: number;
  count: number;
  /** Mean predicted probability in the bin. */
  meanPredicted: number;
  /** Observed default rate in the bin. */
  fractionPositive: number;
}

/**
 * The reliability diagram: probabilities binned, and in each non-empty bin the mean
 * prediction against the observed default rate, as scikit-learn's `calibration_curve`
 * (`strategy: 'uniform'` cuts [0, 1] into equal widths, `'quantile'` into equal counts).
 *
 * @example calibrationCurve(labels, pd, { bins: 10 })
 */
export function calibrationCurve(labels: ArrayLike<number>, probabilities: ArrayLike<number>, options: { bins?: number; strategy?: 'uniform' | 'quantile' } = {}): CalibrationBin[] {
  checkSameLength('calibrationCurve', labels, probabilities, 'labels', 'probabilities');
  checkLabels(labels, 'calibrationCurve');
  checkProbabilities(probabilities, 'calibrationCurve');
  const bins = options.bins ?? 10;
  if (!Number.isInteger(bins) || bins < 1) throw new MetricInputError('BAD_OPTION', `calibrationCurve: bins must be a whole number >= 1, got ${bins}`);
  let edges: number[];
  if ((options.strategy ?? 'uniform') === 'uniform') edges = Array.from({ length: bins + 1 }, (_, k) => k / bins);
  else {
    const sorted = Float64Array.from(probabilities).sort();
    edges = Array.from({ length: bins + 1 }, (_, k) => quantile(sorted, k / bins));
  }
  // a probability goes to the bin whose upper edge is the first inner edge >= it
  // (numpy.searchsorted(edges[1:-1], p, side='left'), as scikit-learn does)
  const inner = edges.slice(1, -1);
  const count = new Float64Array(bins);
  const sumPredicted = new Float64Array(bins);
  const sumPositive = new Float64Array(bins);
  for (let i = 0; i < labels.length; i++) {
    const p = probabilities[i] as number;
    let lo = 0;
    let hi = inner.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((inner[mid] as number) < p) lo = mid + 1;
      else hi = mid;
    }
    count[lo]! += 1;
    sumPredicted[lo]! += p;
    sumPositive[lo]! += labels[i] as number;
  }
  const out: CalibrationBin[] = [];
  for (let b = 0; b < bins; b++) {
    const c = count[b] as number;
    if (c === 0) continue;
    out.push({ lower: edges[b] as number, upper: edges[b + 1] as number, count: c, meanPredicted: (sumPredicted[b] as number) / c, fractionPositive: (sumPositive[b] as number) / c });
  }
  return out;
}
