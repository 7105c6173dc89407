import { MetricInputError } from './errors.js';
import { quantile } from './quantile.js';

/** Cut points fixed on the expected (training-time) sample, reusable on every later batch. */
export interface PsiBinning {
  /** Ascending inner edges: bins are (-inf, e0], (e0, e1], ..., (e_last, +inf), plus a bin for missing values. */
  edges: number[];
}

export interface PsiBin {
  lower: number;
  upper: number;
  expectedCount: number;
  actualCount: number;
  /** Shares of all values (missing included), after epsilon smoothing. */
  expected: number;
  actual: number;
  /** (actual - expected) * ln(actual / expected). */
  contribution: number;
}

export type PsiReading = 'stable' | 'moderate' | 'significant';

export interface PsiResult {
  value: number;
  /** Under 0.1 stable, 0.1 to 0.25 moderate, above 0.25 significant. */
  reading: PsiReading;
  bins: PsiBin[];
  /** The bin of missing values (NaN, null, undefined). */
  missing: PsiBin;
  binning: PsiBinning;
}

export interface PsiOptions {
  /** A number of bins to cut the expected sample into, or a binning fitted before. Default 10. */
  bins?: number | PsiBinning;
  /** How the expected sample is cut: equal counts ('quantile', default) or equal widths ('uniform'). */
  strategy?: 'quantile' | 'uniform';
  /** Share that replaces an empty bin's 0, so the logarithm stays finite. Default 1e-4. */
  epsilon?: number;
}

type Values = ArrayLike<number | null | undefined>;
const isMissing = (v: number | null | undefined): v is null | undefined => v === null || v === undefined || Number.isNaN(v);

/**
 * Fits the bins of a PSI on the expected sample: the k/bins quantiles (numpy's linear
 * method) of its present values, duplicates removed, or equal widths between its min and max.
 */
export function psiBins(expected: Values, options: { bins?: number; strategy?: 'quantile' | 'uniform' } = {}): PsiBinning {
  const bins = options.bins ?? 10;
  if (!Number.isInteger(bins) || bins < 1) throw new MetricInputError('BAD_OPTION', `psiBins: bins must be a whole number >= 1, got ${bins}`);
  const present: number[] = [];
  for (let i = 0; i < expected.length; i++) {
    const v = expected[i];
    if (!isMissing(v)) present.push(v);
  }
  if (present.length === 0) return { edges: [] };
  const sorted = Float64Array.from(present).sort();
  const lo = sorted[0] as number;
  const hi = sorted[sorted.length - 1] as number;
  const raw = Array.from({ length: bins - 1 }, (_, k) => ((options.strategy ?? 'quantile') === 'quantile' ? quantile(sorted, (k + 1) / bins) : lo + ((hi - lo) * (k + 1)) / bins));
  return { edges: raw.filter((e, k) => k === 0 || e !== raw[k - 1]) };
}

/**
 * Population stability index of `actual` against `expected`:
 * `sum over bins of (a - e) ln(a / e)` with a and e the shares of each sample in the bins
 * fitted on `expected` (see {@link psiBins}), a separate bin for missing values, and empty
 * shares replaced by `epsilon`.
 *
 * @example
 * const binning = psiBins(trainScores);          // once, at training time
 * psi(trainScores, batchScores, { bins: binning }).reading // 'stable' | 'moderate' | 'significant'
 */
export function psi(expected: Values, actual: Values, options: PsiOptions = {}): PsiResult {
  if (expected.length === 0 || actual.length === 0) throw new MetricInputError('EMPTY', `psi: the ${expected.length === 0 ? 'expected' : 'actual'} sample is empty`);
  const epsilon = options.epsilon ?? 1e-4;
  const binning = typeof options.bins === 'object' ? options.bins : psiBins(expected, { bins: options.bins ?? 10, strategy: options.strategy ?? 'quantile' });
  const edges = binning.edges;
  const count = (values: Values) => {
    const counts = new Float64Array(edges.length + 2); // last slot: missing
    for (let i = 0; i < values.length; i++) {
      const v = values[i];
      if (isMissing(v)) {
        counts[edges.length + 1]! += 1;
        continue;
      }
      let lo = 0;
      let hi = edges.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if ((edges[mid] as number) < v) lo = mid + 1;
        else hi = mid;
      }
      counts[lo]! += 1;
    }
    return counts;
  };
  const e = count(expected);
  const a = count(actual);
  const bins: PsiBin[] = [];
  let value = 0;
  for (let b = 0; b < e.length; b++) {
    const expectedShare = Math.max((e[b] as number) / expected.length, epsilon);
    const actualShare = Math.max((a[b] as number) / actual.length, epsilon);
    const both = (e[b] as number) === 0 && (a[b] as number) === 0;
    const contribution = both ? 0 : (actualShare - expectedShare) * Math.log(actualShare / expectedShare);
    value += contribution;
    const missingBin = b === e.length - 1;
    bins.push({
      lower: missingBin ? Number.NaN : b === 0 ? -Infinity : (edges[b - 1] as number),
      upper: missingBin ? Number.NaN : b === edges.length ? Infinity : (edges[b] as number),
      expectedCount: e[b] as number,
      actualCount: a[b] as number,
      expected: expectedShare,
      actual: actualShare,
      contribution,
    });
  }
  const missing = bins.pop() as PsiBin;
  return { value, reading: value < 0.1 ? 'stable' : value <= 0.25 ? 'moderate' : 'significant', bins, missing, binning };
}

/**
 * Characteristic stability index: the PSI of each feature, on the same footing as
 * {@link psi} (bins fitted on the expected sample of each feature, or given per feature).
 *
 * @throws MetricInputError naming a feature the actual sample lacks.
 */
export function csi(expected: Readonly<Record<string, Values>>, actual: Readonly<Record<string, Values>>, options: Omit<PsiOptions, 'bins'> & { bins?: number | Readonly<Record<string, PsiBinning>> } = {}): Record<string, PsiResult> {
  const out: Record<string, PsiResult> = {};
  for (const [name, values] of Object.entries(expected)) {
    const batch = actual[name];
    if (batch === undefined) throw new MetricInputError('BAD_OPTION', `csi: feature '${name}' is in the expected sample but not in the actual one`);
    const bins = typeof options.bins === 'object' ? options.bins[name] : options.bins;
    out[name] = psi(values, batch, { strategy: options.strategy ?? 'quantile', epsilon: options.epsilon ?? 1e-4, ...(bins === undefined ? {} : { bins }) });
  }
  return out;
}
