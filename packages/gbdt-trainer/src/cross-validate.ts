import { ks, rocAuc } from '@dpp/metrics';
import { stratifiedKFold } from '@dpp/sampler';
import { GbdtError } from './errors.js';
import { addLinearScore, fitLinear } from './linear.js';
import { type BinnedDataset, type TrainOptions, trainBinned } from './train.js';

export interface CrossValidateOptions extends Omit<TrainOptions, 'validation' | 'onIteration'> {
  /** Folds, stratified by the label. Default 5. */
  folds?: number;
  /** The features the trees may use. Default: every feature. */
  features?: readonly number[];
  /** The rows to cross-validate on, ascending. Default: every row. */
  rows?: Uint32Array;
  /** Seed of the fold assignment (and of each fold's fit). Default 0. */
  seed?: number;
  /** Called after each fold. */
  onFold?: (fold: number, folds: number) => void;
}

/** A metric over the folds: mean and standard deviation (n - 1), and each fold's value. */
export interface FoldSummary {
  mean: number;
  std: number;
  folds: number[];
}

export interface CrossValidation {
  auc: FoldSummary;
  gini: FoldSummary;
  ks: FoldSummary;
  /** AUC of the out-of-fold predictions pooled over every row. */
  oofAuc: number;
  /** Out-of-fold raw scores (log-odds), one per row of `rows` (or of the table), each from the fold's model that did not see it. */
  oof: Float64Array;
  /** Rounds each fold's early stopping kept. */
  iterations: number[];
}

/**
 * Stratified K-fold cross-validation: each fold's model learns from the other folds, stops
 * early on its own fold, and scores it. Reports AUC, Gini and KS per fold (mean and spread)
 * and keeps the out-of-fold predictions. The table is quantized once, before.
 */
export function crossValidate(binned: BinnedDataset, options: CrossValidateOptions = {}): CrossValidation {
  const { folds: _f, rows: _r, onFold: _o, ...engine } = options;
  return foldByFold(binned.labels, binned.rows, options, (train, valid, seed) => {
    const result = trainBinned(binned, { ...engine, seed, rows: train, validRows: valid });
    return { scores: result.validationScores as Float64Array, iterations: result.bestIteration };
  });
}

/**
 * {@link crossValidate} of an L2 logistic regression ({@link fitLinear}) on `features` of
 * `columns`, on the same folds as the trees' for the same rows and seed; `iterations` are 0.
 */
export function crossValidateLinear(columns: readonly ArrayLike<number>[], labels: Float64Array, options: Pick<CrossValidateOptions, 'folds' | 'rows' | 'seed' | 'onFold'> & { features: readonly number[]; l2: number }): CrossValidation {
  return foldByFold(labels, labels.length, options, (train, valid) => {
    const { term, intercept } = fitLinear(columns, labels, { features: options.features, rows: train, l2: options.l2 });
    const scores = new Float64Array(valid.length).fill(intercept);
    addLinearScore(term, columns, scores, valid);
    return { scores, iterations: 0 };
  });
}

/** The folds of `rows` (default: all `count` rows), each fitted by `fit` on the others and scored on itself. */
function foldByFold(allLabels: Float64Array, count: number, options: Pick<CrossValidateOptions, 'folds' | 'rows' | 'seed' | 'onFold'>, fit: (train: Uint32Array, valid: Uint32Array, seed: number) => { scores: Float64Array; iterations: number }): CrossValidation {
  const folds = options.folds ?? 5;
  if (!Number.isInteger(folds) || folds < 2 || folds > 50) throw new GbdtError('BAD_OPTION', `option folds = ${folds}: must be a whole number in 2..50`);
  const rows = options.rows ?? Uint32Array.from({ length: count }, (_, i) => i);
  const labels = Float64Array.from(rows, (r) => allLabels[r] as number);
  const seed = options.seed ?? 0;
  const fold = stratifiedKFold(labels, { folds, seed });
  const oof = new Float64Array(rows.length);
  const auc: number[] = [];
  const ksValues: number[] = [];
  const iterations: number[] = [];
  for (let k = 0; k < folds; k++) {
    const inFold: number[] = [];
    const outFold: number[] = [];
    for (let i = 0; i < rows.length; i++) (fold[i] === k ? inFold : outFold).push(i);
    const result = fit(Uint32Array.from(outFold, (i) => rows[i] as number), Uint32Array.from(inFold, (i) => rows[i] as number), seed + k);
    const scores = result.scores;
    const foldLabels = Float64Array.from(inFold, (i) => labels[i] as number);
    inFold.forEach((i, j) => {
      oof[i] = scores[j] as number;
    });
    auc.push(rocAuc(foldLabels, scores));
    ksValues.push(ks(foldLabels, scores).statistic);
    iterations.push(result.iterations);
    options.onFold?.(k + 1, folds);
  }
  return { auc: summary(auc), gini: summary(auc.map((a) => 2 * a - 1)), ks: summary(ksValues), oofAuc: rocAuc(labels, oof), oof, iterations };
}

function summary(values: number[]): FoldSummary {
  const mean = values.reduce((s, v) => s + v, 0) / values.length;
  const variance = values.reduce((s, v) => s + (v - mean) ** 2, 0) / Math.max(1, values.length - 1);
  return { mean, std: Math.sqrt(variance), folds: values };
}
