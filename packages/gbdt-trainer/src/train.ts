import { availableParallelism } from 'node:os';
import { createRng } from '@dpp/sampler';
import { GbdtError } from './errors.js';
import { growLeafwise } from './grow-leafwise.js';
import { growOblivious } from './grow-oblivious.js';
import { type GrowInput, arenaSize } from './grow-input.js';
import { createHistogramPool } from './histogram-pool.js';
import { type GrownTree, addTreeOutput } from './grown-tree.js';
import type { GbdtModel, Tree } from './model.js';
import { FLOAT32_MAX, type QuantizedFeatures, binColumns, quantizeFeatures } from './quantize.js';
import { checkDataset } from './check-dataset.js';

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
}

/** Fits a binary log-loss gradient-boosted tree ensemble. Pure compute, deterministic for a seed. */
export function train(data: Dataset, options: TrainOptions = {}): TrainResult {
  const { rows, features } = checkDataset(data, 'training');
  const names = data.names ? [...data.names] : Array.from({ length: features }, (_, f) => `f${f}`);
  if (names.length !== features) throw new GbdtError('LENGTH_MISMATCH', `${names.length} feature names for ${features} columns`);
  const o = resolveOptions(options);
  const labels = Float64Array.from(data.labels);
  const weight = rowWeights(labels, o.positiveWeight);

  const quantized: QuantizedFeatures = quantizeFeatures(data.columns, { maxBorders: o.maxBorders, seed: o.seed });
  const binCounts = Int32Array.from(quantized.borders, (b) => b.length + 2);
  const splittable = quantized.borders.map((b, f) => b.length > 0 || hasMissing(quantized.bins[f] as Uint8Array)).reduce((s, x) => s + (x ? 1 : 0), 0);
  if (splittable === 0) throw new GbdtError('NOTHING_TO_SPLIT', `all ${features} features are constant: there is nothing to split on`);

  let valid: { bins: Uint8Array[]; labels: Float64Array; raw: Float64Array } | undefined;
  if (o.validation) {
    const v = checkDataset(o.validation, 'validation');
    if (v.features !== features) throw new GbdtError('COLUMN_COUNT', `the validation rows have ${v.features} columns where the training rows have ${features}`);
    valid = { bins: binColumns(o.validation.columns, quantized.borders), labels: Float64Array.from(o.validation.labels), raw: new Float64Array(v.rows) };
  }

  // start from the log-odds of the weighted default rate
  let wPos = 0;
  let wAll = 0;
  for (let i = 0; i < rows; i++) {
    wAll += weight[i] as number;
    if (labels[i] === 1) wPos += weight[i] as number;
  }
  const baseScore = Math.log(wPos / (wAll - wPos));
  const raw = new Float64Array(rows).fill(baseScore);
  if (valid) valid.raw.fill(baseScore);

  const rng = createRng(o.seed);
  const allRows = new Uint32Array(rows);
  for (let i = 0; i < rows; i++) allRows[i] = i;
  const bagRows = new Uint32Array(rows);
  const allFeatures = Int32Array.from({ length: features }, (_, f) => f);
  const grow = o.grow === 'oblivious' ? growOblivious : growLeafwise;
  const base = new Int32Array(features + 1);
  for (let f = 0; f < features; f++) base[f + 1] = (base[f] as number) + (binCounts[f] as number);
  const shared = {
    bins: quantized.data,
    rows,
    binCounts,
    grad: new Float64Array(new SharedArrayBuffer(rows * 8)),
    hess: new Float64Array(new SharedArrayBuffer(rows * 8)),
    list: new Uint32Array(new SharedArrayBuffer(rows * 4)),
    node: new Uint16Array(new SharedArrayBuffer(rows * 2)),
    arenaSize: arenaSize(o.grow, base[features] as number, o.depth, o.maxLeaves),
  };
  const { grad, hess } = shared;

  const trees: GrownTree[] = [];
  const history: TrainResult['history'] = [];
  let best = { iteration: 0, loss: Number.POSITIVE_INFINITY };
  const started = performance.now();
  const pool = createHistogramPool(shared, o.threads);
  try {
    for (let iteration = 1; iteration <= o.iterations; iteration++) {
      for (let i = 0; i < rows; i++) {
        const p = 1 / (1 + Math.exp(-(raw[i] as number)));
        const w = weight[i] as number;
        grad[i] = w * (p - (labels[i] as number));
        hess[i] = w * Math.max(p * (1 - p), 1e-16);
      }
      let rowsIn = allRows;
      let rowCount = rows;
      if (o.rowSubsample < 1) {
        rowCount = 0;
        for (let i = 0; i < rows; i++) if (rng.next() < o.rowSubsample) bagRows[rowCount++] = i;
        rowsIn = bagRows;
      }
      let featuresIn = allFeatures;
      if (o.featureSubsample < 1) {
        const take = Math.max(1, Math.round(features * o.featureSubsample));
        const picked = allFeatures.slice();
        for (let i = 0; i < take; i++) {
          const j = i + rng.nextInt(features - i);
          const t = picked[i] as number;
          picked[i] = picked[j] as number;
          picked[j] = t;
        }
        featuresIn = picked.subarray(0, take).sort();
      }
      const input: GrowInput = {
        bins: quantized.bins,
        binCounts,
        features: featuresIn,
        grad,
        hess,
        rows: rowsIn,
        rowCount,
        lambda: o.l2 + 1e-15,
        minDataInLeaf: o.minDataInLeaf,
        minSumHessian: o.minSumHessian,
        depth: o.depth,
        maxLeaves: o.maxLeaves,
        pool,
        list: shared.list,
        node: shared.node,
        base,
      };
      const tree = grow(input);
      for (let n = 0; n < tree.value.length; n++) tree.value[n] = Math.fround((tree.value[n] as number) * o.learningRate);
      trees.push(tree);
      addTreeOutput(tree, quantized.bins, rows, 1, raw);
      const trainLoss = logLoss(labels, raw, weight);
      let validLoss: number | undefined;
      if (valid) {
        addTreeOutput(tree, valid.bins, valid.labels.length, 1, valid.raw);
        validLoss = logLoss(valid.labels, valid.raw, undefined);
      }
      history.push({ iteration, trainLoss, validLoss });
      const watched = validLoss ?? trainLoss;
      if (watched < best.loss) best = { iteration, loss: watched };
      const seconds = (performance.now() - started) / 1000;
      const go = o.onIteration?.({ iteration, iterations: o.iterations, trainLoss, validLoss, rowsPerSecond: (rows * iteration) / Math.max(seconds, 1e-9) });
      if (go === false) break;
      if (valid && iteration - best.iteration >= o.earlyStoppingRounds) break;
    }
  } finally {
    pool.close();
  }
  const kept = valid ? best.iteration : trees.length;
  const model: GbdtModel = {
    format: 'dpp-gbdt',
    version: 1,
    objective: 'binary-logloss',
    features: names,
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
  return { model, history, bestIteration: kept };
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

function logLoss(labels: Float64Array, raw: Float64Array, weight: Float64Array | undefined): number {
  let sum = 0;
  let total = 0;
  for (let i = 0; i < labels.length; i++) {
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

function hasMissing(bins: Uint8Array): boolean {
  return bins.indexOf(0) >= 0;
}

function rowWeights(labels: Float64Array, positiveWeight: number | 'balanced'): Float64Array {
  let positives = 0;
  for (let i = 0; i < labels.length; i++) positives += labels[i] as number;
  const w1 = positiveWeight === 'balanced' ? (labels.length - positives) / positives : positiveWeight;
  return Float64Array.from(labels, (y) => (y === 1 ? w1 : 1));
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
