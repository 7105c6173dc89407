import { availableParallelism } from 'node:os';
import { createRng } from '@dpp/sampler';
import { GbdtError } from './errors.js';
import { growLeafwise } from './grow-leafwise.js';
import { growOblivious } from './grow-oblivious.js';
import { type GrowInput, arenaBins } from './grow-input.js';
import { createHistogramPool } from './histogram-pool.js';
import { type GrownTree, addTreeOutput } from './grown-tree.js';
import type { GbdtModel, Tree } from './model.js';
import { checkDataset } from './check-dataset.js';
import { type GradientScale, gradientLayout, packGradients } from './packed-gradients.js';
import { FLOAT32_MAX, type QuantizedFeatures, binColumns, quantizeFeatures } from './quantize.js';

/** Features a leaf-wise fit splits on from which the pool also keeps its bins row-major. */
const ROWWISE_MIN_FEATURES = 32;
/** Rows x features of a fit below which it sums histograms on this thread alone. */
const SMALL_WORK = 1 << 20;

/** Rows to learn from: one column per feature (NaN = missing) and 0/1 labels (1 = default). */
export interface Dataset {
  columns: readonly ArrayLike<number>[];
  labels: ArrayLike<number>;
  /** Feature names, one per column. Default `f0`, `f1`, ... */
  names?: readonly string[];
}

export interface TrainOptions {
  /** Boosting rounds at most. Default 500. */
  iterations?: number;
  /** Shrinkage of each tree. Default 0.05. */
  learningRate?: number;
  /** 'oblivious' (symmetric trees, as CatBoost; default) or 'leafwise' (best leaf first, as LightGBM). */
  grow?: 'oblivious' | 'leafwise';
  /** Oblivious: tree depth (default 6). Leaf-wise: the largest depth, 0 for none (default 0). */
  depth?: number;
  /** Leaf-wise: leaves per tree at most. Default 31. */
  maxLeaves?: number;
  /** L2 regularization of leaf values. Default 3 (CatBoost's). */
  l2?: number;
  /** Leaf-wise: rows in a leaf at least. Default 20. */
  minDataInLeaf?: number;
  /** Sum of hessians in a leaf at least. Default 1e-3. */
  minSumHessian?: number;
  /** Share of rows each tree learns from, drawn afresh per tree. Default 1. */
  rowSubsample?: number;
  /** Share of features each tree may split on, drawn afresh per tree. Default 1. */
  featureSubsample?: number;
  /** Weight of a default row relative to a non-default one, or 'balanced' (non-defaults / defaults). Default 1. */
  positiveWeight?: number | 'balanced';
  /** Rows to watch for early stopping (binned with the training rows' borders). */
  validation?: Dataset;
  /** Stop when the validation loss has not improved for this many rounds; the model keeps the best round. Default 50. */
  earlyStoppingRounds?: number;
  /** Borders per feature at most. Default 254. */
  maxBorders?: number;
  /** Seed of every random choice (border sample, row and feature subsamples). Default 0. */
  seed?: number;
  /** Threads summing histograms (this one and worker threads); the model is the same for any count. Default: the cores available. */
  threads?: number;
  /** Called after every round; return `false` to stop. */
  onIteration?: (progress: IterationProgress) => void | boolean;
}

export interface IterationProgress {
  iteration: number;
  iterations: number;
  trainLoss: number;
  validLoss: number | undefined;
  /** Rows learned from per second, over the rounds so far. */
  rowsPerSecond: number;
}

export interface TrainResult {
  model: GbdtModel;
  /** Log loss after each round, on the training rows and on the validation rows. */
  history: { iteration: number; trainLoss: number; validLoss: number | undefined }[];
  /** Rounds kept in the model (the best validation round, or all). */
  bestIteration: number;
  /** Raw scores (log-odds) of the validation rows from the rounds kept, in their order. */
  validationScores?: Float64Array;
}

/** A training table quantized once, to fit many models on subsets of its rows and features (cross-validation, selection). */
export interface BinnedDataset {
  rows: number;
  names: string[];
  labels: Float64Array;
  quantized: QuantizedFeatures;
  binCounts: Int32Array;
}

/** Checks and quantizes rows for {@link trainBinned}. */
export function binDataset(data: Dataset, options: { maxBorders?: number; seed?: number } = {}): BinnedDataset {
  const { rows, features } = checkDataset(data, 'training');
  const names = data.names ? [...data.names] : Array.from({ length: features }, (_, f) => `f${f}`);
  if (names.length !== features) throw new GbdtError('LENGTH_MISMATCH', `${names.length} feature names for ${features} columns`);
  const maxBorders = options.maxBorders ?? 254;
  if (!Number.isInteger(maxBorders) || maxBorders < 1 || maxBorders > 254) throw new GbdtError('BAD_OPTION', `option maxBorders = ${maxBorders}: must be a whole number in 1..254`);
  const quantized = quantizeFeatures(data.columns, { maxBorders, seed: options.seed ?? 0 });
  return { rows, names, labels: Float64Array.from(data.labels), quantized, binCounts: Int32Array.from(quantized.borders, (b) => b.length + 2) };
}

/** Which rows and features of a binned table one fit uses. */
export interface Subset {
  /** The rows to learn from, ascending. Default: every row. */
  rows?: Uint32Array;
  /** The rows that watch for early stopping (instead of `validation`), ascending. */
  validRows?: Uint32Array;
  /** The features the trees may split on. Default: every feature. */
  features?: readonly number[];
}

/** Fits a binary log-loss gradient-boosted tree ensemble. Pure compute, deterministic for a seed. */
export function train(data: Dataset, options: TrainOptions = {}): TrainResult {
  return trainBinned(binDataset(data, { maxBorders: options.maxBorders ?? 254, seed: options.seed ?? 0 }), options);
}

/** {@link train} on a table quantized by {@link binDataset}, on a subset of its rows and features. */
export function trainBinned(binned: BinnedDataset, options: TrainOptions & Subset = {}): TrainResult {
  const o = resolveOptions(options);
  const { quantized, binCounts, labels } = binned;
  const rows = binned.rows;
  const features = binned.names.length;
  const trainRows = options.rows ?? Uint32Array.from({ length: rows }, (_, i) => i);
  const allowed = Int32Array.from(options.features ?? Array.from({ length: features }, (_, f) => f)).sort();
  checkSubset(binned, trainRows, options.validRows, allowed);
  const weight = rowWeights(labels, trainRows, o.positiveWeight);
  const splittable = Array.from(allowed).filter((f) => (binCounts[f] as number) > 2 || hasMissing(quantized.bins[f] as Uint8Array, trainRows)).length;
  if (splittable === 0) throw new GbdtError('NOTHING_TO_SPLIT', `all ${allowed.length} features are constant: there is nothing to split on`);

  let valid: { bins: readonly Uint8Array[]; rows: Uint32Array | undefined; count: number; labels: Float64Array; raw: Float64Array } | undefined;
  if (options.validRows) {
    const vr = options.validRows;
    valid = { bins: quantized.bins, rows: vr, count: vr.length, labels: Float64Array.from(vr, (r) => labels[r] as number), raw: new Float64Array(vr.length) };
  } else if (o.validation) {
    const v = checkDataset(o.validation, 'validation');
    if (v.features !== features) throw new GbdtError('COLUMN_COUNT', `the validation rows have ${v.features} columns where the training rows have ${features}`);
    valid = { bins: binColumns(o.validation.columns, quantized.borders), rows: undefined, count: v.rows, labels: Float64Array.from(o.validation.labels), raw: new Float64Array(v.rows) };
  }

  // start from the log-odds of the weighted default rate
  let wPos = 0;
  let wAll = 0;
  for (const r of trainRows) {
    wAll += weight[r] as number;
    if (labels[r] === 1) wPos += weight[r] as number;
  }
  const baseScore = Math.log(wPos / (wAll - wPos));
  const raw = new Float64Array(rows).fill(baseScore);
  valid?.raw.fill(baseScore);

  const rng = createRng(o.seed);
  const bagRows = new Uint32Array(trainRows.length);
  const grow = o.grow === 'oblivious' ? growOblivious : growLeafwise;
  const base = new Int32Array(features + 1);
  for (let f = 0; f < features; f++) base[f + 1] = (base[f] as number) + (binCounts[f] as number);
  const grad = new Float64Array(rows);
  const hess = new Float64Array(rows);
  // quantized gradients: packed so that no histogram sum over the fit's rows can overflow
  const layout = gradientLayout(trainRows.length);
  const scale: GradientScale = { grad: 1, hess: 1 };
  const roundingRng = createRng(`gradients:${o.seed}`);

  const trees: GrownTree[] = [];
  const history: TrainResult['history'] = [];
  let best = { iteration: 0, loss: Number.POSITIVE_INFINITY };
  const started = performance.now();
  // a worker costs its start-up and a hand-off per histogram call: below about a million bin
  // updates a pass (small tables, a few features in a selection step) one thread is faster,
  // and the model is the same for any thread count
  const threads = trainRows.length * allowed.length < SMALL_WORK ? 1 : o.threads;
  // leaves of few rows read their rows row-major: worth its copy of the bins on many features
  const rowwise = o.grow === 'leafwise' && allowed.length >= ROWWISE_MIN_FEATURES && 2 * allowed.length >= features;
  const pool = createHistogramPool({ bins: quantized.data, rows, binCounts, layout, arenaBins: arenaBins(o.grow, base[features] as number, o.depth, o.maxLeaves), rowwise }, threads);
  try {
    for (let iteration = 1; iteration <= o.iterations; iteration++) {
      for (const r of trainRows) {
        const p = 1 / (1 + Math.exp(-(raw[r] as number)));
        const w = weight[r] as number;
        grad[r] = w * (p - (labels[r] as number));
        hess[r] = w * Math.max(p * (1 - p), 1e-16);
      }
      let rowsIn = trainRows;
      let rowCount = trainRows.length;
      if (o.rowSubsample < 1) {
        rowCount = 0;
        for (const r of trainRows) if (rng.next() < o.rowSubsample) bagRows[rowCount++] = r;
        rowsIn = bagRows;
      }
      let featuresIn = allowed;
      if (o.featureSubsample < 1) {
        const take = Math.max(1, Math.round(allowed.length * o.featureSubsample));
        const picked = allowed.slice();
        for (let i = 0; i < take; i++) {
          const j = i + rng.nextInt(picked.length - i);
          const t = picked[i] as number;
          picked[i] = picked[j] as number;
          picked[j] = t;
        }
        featuresIn = picked.subarray(0, take).sort();
      }
      packGradients(layout, grad, hess, rowsIn, rowCount, roundingRng, pool.vals, scale);
      const input: GrowInput = {
        bins: quantized.bins,
        binCounts,
        features: featuresIn,
        grad,
        hess,
        scale,
        rows: rowsIn,
        rowCount,
        lambda: o.l2 + 1e-15,
        minDataInLeaf: o.minDataInLeaf,
        minSumHessian: o.minSumHessian,
        depth: o.depth,
        maxLeaves: o.maxLeaves,
        pool,
        base,
      };
      const tree = grow(input);
      for (let n = 0; n < tree.value.length; n++) tree.value[n] = Math.fround((tree.value[n] as number) * o.learningRate);
      trees.push(tree);
      addTreeOutput(tree, quantized.bins, trainRows, trainRows.length, raw, true);
      const trainLoss = logLoss(labels, raw, weight, trainRows);
      let validLoss: number | undefined;
      if (valid) {
        addTreeOutput(tree, valid.bins, valid.rows, valid.count, valid.raw, false);
        validLoss = logLoss(valid.labels, valid.raw, undefined, undefined);
      }
      history.push({ iteration, trainLoss, validLoss });
      const watched = validLoss ?? trainLoss;
      if (watched < best.loss) best = { iteration, loss: watched };
      const seconds = (performance.now() - started) / 1000;
      const go = o.onIteration?.({ iteration, iterations: o.iterations, trainLoss, validLoss, rowsPerSecond: (trainRows.length * iteration) / Math.max(seconds, 1e-9) });
      if (go === false) break;
      if (valid && iteration - best.iteration >= o.earlyStoppingRounds) break;
    }
  } finally {
    pool.close();
  }
  const kept = valid ? best.iteration : trees.length;
  let validationScores: Float64Array | undefined;
  if (valid) {
    // the validation rows' raw scores from the trees kept (out-of-fold predictions in cross-validation)
    validationScores = new Float64Array(valid.count).fill(baseScore);
    for (const tree of trees.slice(0, kept)) addTreeOutput(tree, valid.bins, valid.rows, valid.count, validationScores, false);
  }
  const model: GbdtModel = {
    format: 'dpp-gbdt',
    version: 1,
    objective: 'binary-logloss',
    features: binned.names,
    baseScore,
    trees: trees.slice(0, kept).map((t) => toModelTree(t, quantized.borders)),
    params: {
      iterations: o.iterations,
      learningRate: o.learningRate,
      grow: o.grow,
      depth: o.depth,
      maxLeaves: o.maxLeaves,
      l2: o.l2,
      minDataInLeaf: o.minDataInLeaf,
      rowSubsample: o.rowSubsample,
      featureSubsample: o.featureSubsample,
      positiveWeight: o.positiveWeight,
      earlyStoppingRounds: o.earlyStoppingRounds,
      maxBorders: o.maxBorders,
      seed: o.seed,
    },
  };
  return { model, history, bestIteration: kept, ...(validationScores ? { validationScores } : {}) };
}

function checkSubset(binned: BinnedDataset, trainRows: Uint32Array, validRows: Uint32Array | undefined, features: Int32Array): void {
  for (const [what, list] of [['rows', trainRows], ['validRows', validRows]] as const) {
    if (list === undefined) continue;
    for (let k = 0; k < list.length; k++) {
      const r = list[k] as number;
      if (r >= binned.rows || (k > 0 && r <= (list[k - 1] as number))) throw new GbdtError('ROW_OUT_OF_RANGE', `${what}[${k}] = ${r}: rows must be ascending and below ${binned.rows}`, { index: k });
    }
  }
  if (trainRows.length === 0) throw new GbdtError('EMPTY', 'no training rows in the subset');
  let positives = 0;
  for (const r of trainRows) positives += binned.labels[r] as number;
  if (positives === 0 || positives === trainRows.length) throw new GbdtError('ONE_CLASS', `the training rows of the subset are all ${positives === 0 ? 0 : 1}: both classes are needed`);
  for (let k = 0; k < features.length; k++) {
    const f = features[k] as number;
    if (!(f >= 0 && f < binned.names.length) || (k > 0 && f === features[k - 1])) throw new GbdtError('BAD_OPTION', `features[${k}] = ${f}: not a feature index (0..${binned.names.length - 1}) or repeated`, { index: k });
  }
}

/** The grown tree with float32 thresholds: "bin <= s" is "fround(x) <= borders[s - 1]". */
function toModelTree(tree: GrownTree, borders: readonly Float32Array[]): Tree {
  return {
    feature: tree.feature.slice(),
    threshold: tree.feature.map((f, n) => {
      if (f < 0) return 0;
      const b = borders[f] as Float32Array;
      const s = tree.bin[n] as number;
      return s <= b.length ? (b[s - 1] as number) : FLOAT32_MAX;
    }),
    missingLeft: tree.missingLeft.slice(),
    left: tree.left.slice(),
    right: tree.right.slice(),
    value: tree.value.slice(),
    cover: tree.cover.slice(),
    gain: tree.gain.slice(),
  };
}

function logLoss(labels: Float64Array, raw: Float64Array, weight: Float64Array | undefined, rows: Uint32Array | undefined): number {
  let sum = 0;
  let total = 0;
  const n = rows ? rows.length : labels.length;
  for (let k = 0; k < n; k++) {
    const i = rows ? (rows[k] as number) : k;
    const z = raw[i] as number;
    // log(1 + exp(-z)) for a default, log(1 + exp(z)) otherwise, computed without overflow
    const m = labels[i] === 1 ? -z : z;
    const loss = m > 0 ? m + Math.log1p(Math.exp(-m)) : Math.log1p(Math.exp(m));
    const w = weight ? (weight[i] as number) : 1;
    sum += w * loss;
    total += w;
  }
  return sum / total;
}

function hasMissing(bins: Uint8Array, rows: Uint32Array): boolean {
  for (const r of rows) if (bins[r] === 0) return true;
  return false;
}

function rowWeights(labels: Float64Array, rows: Uint32Array, positiveWeight: number | 'balanced'): Float64Array {
  let positives = 0;
  for (const r of rows) positives += labels[r] as number;
  const w1 = positiveWeight === 'balanced' ? (rows.length - positives) / positives : positiveWeight;
  return Float64Array.from(labels, (y) => (y === 1 ? w1 : 1));
}

/** Checks training options without training (so that a command can refuse bad settings before reading any data). */
export function checkTrainOptions(options: TrainOptions): void {
  resolveOptions(options);
}

type Resolved = Required<Omit<TrainOptions, 'validation' | 'onIteration'>> & Pick<TrainOptions, 'validation' | 'onIteration'>;

function resolveOptions(options: TrainOptions): Resolved {
  const grow = options.grow ?? 'oblivious';
  const o: Resolved = {
    iterations: options.iterations ?? 500,
    learningRate: options.learningRate ?? 0.05,
    grow,
    depth: options.depth ?? (grow === 'oblivious' ? 6 : 0),
    maxLeaves: options.maxLeaves ?? 31,
    l2: options.l2 ?? 3,
    minDataInLeaf: options.minDataInLeaf ?? 20,
    minSumHessian: options.minSumHessian ?? 1e-3,
    rowSubsample: options.rowSubsample ?? 1,
    featureSubsample: options.featureSubsample ?? 1,
    positiveWeight: options.positiveWeight ?? 1,
    earlyStoppingRounds: options.earlyStoppingRounds ?? 50,
    maxBorders: options.maxBorders ?? 254,
    seed: options.seed ?? 0,
    threads: options.threads ?? availableParallelism(),
    validation: options.validation,
    onIteration: options.onIteration,
  };
  const bad = (name: string, value: unknown, rule: string) => new GbdtError('BAD_OPTION', `option ${name} = ${String(value)}: ${rule}`);
  if (!Number.isInteger(o.iterations) || o.iterations < 1) throw bad('iterations', o.iterations, 'must be a whole number >= 1');
  if (!(o.learningRate > 0 && o.learningRate <= 1)) throw bad('learningRate', o.learningRate, 'must be in (0, 1]');
  if (grow !== 'oblivious' && grow !== 'leafwise') throw bad('grow', grow, "must be 'oblivious' or 'leafwise'");
  if (!Number.isInteger(o.depth) || o.depth < (grow === 'oblivious' ? 1 : 0) || o.depth > 16)
    throw bad('depth', o.depth, grow === 'oblivious' ? 'must be a whole number in 1..16' : 'must be a whole number in 0..16');
  if (!Number.isInteger(o.maxLeaves) || o.maxLeaves < 2) throw bad('maxLeaves', o.maxLeaves, 'must be a whole number >= 2');
  if (!(o.l2 >= 0)) throw bad('l2', o.l2, 'must be >= 0');
  if (!(o.minDataInLeaf >= 1)) throw bad('minDataInLeaf', o.minDataInLeaf, 'must be >= 1');
  if (!(o.rowSubsample > 0 && o.rowSubsample <= 1)) throw bad('rowSubsample', o.rowSubsample, 'must be in (0, 1]');
  if (!(o.featureSubsample > 0 && o.featureSubsample <= 1)) throw bad('featureSubsample', o.featureSubsample, 'must be in (0, 1]');
  if (o.positiveWeight !== 'balanced' && !(o.positiveWeight > 0 && Number.isFinite(o.positiveWeight))) throw bad('positiveWeight', o.positiveWeight, "must be a positive number or 'balanced'");
  if (!Number.isInteger(o.earlyStoppingRounds) || o.earlyStoppingRounds < 1) throw bad('earlyStoppingRounds', o.earlyStoppingRounds, 'must be a whole number >= 1');
  if (!Number.isInteger(o.maxBorders) || o.maxBorders < 1 || o.maxBorders > 254) throw bad('maxBorders', o.maxBorders, 'must be a whole number in 1..254');
  if (!Number.isInteger(o.threads) || o.threads < 1 || o.threads > 64) throw bad('threads', o.threads, 'must be a whole number in 1..64');
  if (grow === 'oblivious' && o.depth > 12) throw bad('depth', o.depth, 'oblivious trees are at most 12 deep');
  return o;
}
