import { ks, rocAuc } from '@dpp/metrics';
import { stratifiedKFold } from '@dpp/sampler';
import { GbdtError } from './errors.js';
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
  const folds = options.folds ?? 5;
  if (!Number.isInteger(folds) || folds < 2 || folds > 50) throw new GbdtError('BAD_OPTION', `option folds = ${folds}: must be a whole number in 2..50`);
  const rows = options.rows ?? Uint32Array.from({ length: binned.rows }, (_, i) => i);
  const labels = Float64Array.from(rows, (r) => binned.labels[r] as number);
  const seed = options.seed ?? 0;
  const fold = stratifiedKFold(labels, { folds, seed });
  const oof = new Float64Array(rows.length);
  const auc: number[] = [];
  const ksValues: number[] = [];
  const iterations: number[] = [];
  const { folds: _f, rows: _r, onFold, ...engine } = options;
  for (let k = 0; k < folds; k++) {
    const inFold: number[] = [];
    const outFold: number[] = [];
    for (let i = 0; i < rows.length; i++) (fold[i] === k ? inFold : outFold).push(i);
    const result = trainBinned(binned, { ...engine, seed: seed + k, rows: Uint32Array.from(outFold, (i) => rows[i] as number), validRows: Uint32Array.from(inFold, (i) => rows[i] as number) });
    const scores = result.validationScores as Float64Array;
    const foldLabels = Float64Array.from(inFold, (i) => labels[i] as number);
    inFold.forEach((i, j) => {
      oof[i] = scores[j] as number;
    });
    auc.push(rocAuc(foldLabels, scores));
    ksValues.push(ks(foldLabels, scores).statistic);
    iterations.push(result.bestIteration);
    onFold?.(k + 1, folds);
  }
  return { auc: summary(auc), gini: summary(auc.map((a) => 2 * a - 1)), ks: summary(ksValues), oofAuc: rocAuc(labels, oof), oof, iterations };
}

function summary(values: number[]): FoldSummary {
  const mean = values.reduce((s, v) => s + v, 0) / values.length;
  const variance = values.reduce((s, v) => s + (v - mean) ** 2, 0) / Math.max(1, values.length - 1);
  return { mean, std: Math.sqrt(variance), folds: values };
}
