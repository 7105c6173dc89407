import { stratifiedSplit } from '@dpp/sampler';
import { type CrossValidation, crossValidate, crossValidateLinear } from './cross-validate.js';
import { GbdtError } from './errors.js';
import { type SelectionStep, forwardSelect } from './forward-select.js';
import { type DerivedFeature, type PairCandidate, correlatedPairs, deriveColumn, screenPairs } from './generate-pairs.js';
import { fitLinear } from './linear.js';
import type { GbdtModel } from './model.js';
import { type RankedFeature, rankFeatures } from './rank-features.js';
import { type Dataset, type TrainOptions, binDataset, trainBinned } from './train.js';

export interface PipelineOptions {
  /** Settings of every fit (quick ranking models excepted); the defaults regularize and stop early. */
  engine?: Omit<TrainOptions, 'validation' | 'onIteration' | 'seed'>;
  /** Length of the short list taken from the top of the ranking. Default 30. */
  top?: number;
  /** Pairs (difference, ratio) are screened among this many top numeric features; 0 turns them off. Default 40. */
  pairsAmong?: number;
  /** Pairs of numeric features correlated at least this much (in absolute value) are screened too, wherever they rank. Default 0.95. */
  correlation?: number;
  /** Generated candidates offered to forward selection at most. Default 4. */
  maxPairs?: number;
  /** Which features may form pairs (numeric ones; not one-hot or encoded categories). Default: all. */
  numeric?: readonly boolean[];
  /** Folds of the final cross-validation. Default 5. */
  folds?: number;
  /** Learning rate of the forward-selection fits (at least the engine's). Default 0.15. */
  selectionLearningRate?: number;
  /** Folds of each forward-selection step. Default 3. */
  selectionFolds?: number;
  /** Rows forward selection cross-validates on at most (a stratified sample). Default 30,000. */
  selectionRows?: number;
  /** Forward selection stops when a step gains less mean CV AUC than this. Default 0.0005. */
  tolerance?: number;
  /** Features selected at most. Default 25. */
  maxFeatures?: number;
  /** Seed of every random choice. Default 0. */
  seed?: number;
  /** Called as each stage starts: 'bin', 'rank', 'pairs', 'select', 'cross-validate', 'fit'. */
  onStage?: (stage: PipelineStage, detail?: string) => void;
  onStep?: (step: NamedSelectionStep) => void;
  /** Progress of the final fit. */
  onIteration?: TrainOptions['onIteration'];
}

export type PipelineStage = 'bin' | 'rank' | 'pairs' | 'select' | 'cross-validate' | 'fit';

export interface NamedSelectionStep extends Omit<SelectionStep, 'added' | 'tried'> {
  added: string;
  tried: { feature: string; auc: number }[];
}

export interface PipelineResult {
  /** The final model: its features are the selected ones, derived ones included (see `model.derived`). */
  model: GbdtModel & { derived: DerivedFeature[] };
  ranking: RankedFeature[];
  shortList: string[];
  /** Generated pairs screened and offered to selection, and the ones it kept. */
  candidates: PairCandidate[];
  generated: DerivedFeature[];
  steps: NamedSelectionStep[];
  /** Why forward selection stopped (for the tolerance: the best next candidate and its gain). */
  stop: { reason: 'tolerance'; candidate: string; gain: number } | { reason: 'max-features' } | { reason: 'no-candidates' };
  selected: string[];
  /** Cross-validation of the chosen candidate on every training row. */
  cv: CrossValidation;
  /** The candidates cross-validation chose between: the selected features; on a small table also the whole short list, shallow slow trees and logistic regressions (depth 0). */
  candidatesCv: { name: string; depth: number; features: number; auc: { mean: number; std: number } }[];
  /** The candidate chosen; `selected` lists its features. */
  chosen: string;
  /** Seconds each stage took. */
  seconds: Record<PipelineStage, number>;
}

/** Tables with fewer rows get more candidates in the final cross-validation. */
const SMALL_TABLE = 5000;

/** The L2 penalty (on standardized weights) of the logistic-regression candidate: scikit-learn's default (C = 1). One candidate, not a grid: on small tables the folds' noise is larger than what a grid would gain. */
const LINEAR_L2 = 1;

/** Tables of at most this many columns also get a logistic regression on every column (each Newton step costs rows x columns^2). */
const LINEAR_MAX_COLUMNS = 100;

interface Shape {
  name: string;
  /** Boosted trees, or a logistic regression (depth 0). */
  kind: 'trees' | 'linear';
  /** The columns `features` index: the work table (short list and generated pairs), or, for a linear candidate, the whole table. */
  table: { columns: readonly ArrayLike<number>[]; names: readonly string[] };
  features: number[];
  depth: number;
  l2: number;
  learningRate: number;
}

const ENGINE_DEFAULTS: Omit<TrainOptions, 'validation' | 'onIteration' | 'seed'> = { iterations: 600, learningRate: 0.08, depth: 6, l2: 3, earlyStoppingRounds: 40 };

/**
 * The training pipeline as one call, pure compute: bin the table once; rank features by
 * quick models over several seeds; take the top; screen differences and ratios of top
 * numeric pairs; greedy forward selection over the short list and the generated
 * candidates, each step cross-validated; stratified K-fold cross-validation of the chosen
 * features (AUC, Gini, KS, out-of-fold scores); and a final fit on every row, as many rounds
 * as the folds' early stopping kept on average.
 */
export function fitPipeline(data: Dataset, options: PipelineOptions = {}): PipelineResult {
  const seed = options.seed ?? 0;
  const engine = { ...ENGINE_DEFAULTS, ...options.engine };
  const seconds = { bin: 0, rank: 0, pairs: 0, select: 0, 'cross-validate': 0, fit: 0 } as Record<PipelineStage, number>;
  let clock = performance.now();
  const stage = (name: PipelineStage, detail?: string) => {
    options.onStage?.(name, detail);
    clock = performance.now();
    return name;
  };
  const done = (name: PipelineStage) => {
    seconds[name] += (performance.now() - clock) / 1000;
  };

  stage('bin');
  const binned = binDataset(data, { seed, ...(engine.maxBorders === undefined ? {} : { maxBorders: engine.maxBorders }) });
  const names = binned.names;
  done('bin');

  stage('rank');
  const ranking = rankFeatures(binned, { seed, ...(engine.threads === undefined ? {} : { threads: engine.threads }), depth: engine.depth ?? 6 });
  done('rank');
  const used = ranking.filter((r) => r.importance > 0);
  if (used.length === 0) throw new GbdtError('NOTHING_TO_SPLIT', 'no feature carries any signal: the quick models made no split');
  const shortList = used.slice(0, options.top ?? 30).map((r) => r.feature);

  stage('pairs');
  const pairsAmong = options.pairsAmong ?? 40;
  const numeric = options.numeric;
  const pairPool = used.filter((r) => numeric === undefined || numeric[r.feature] === true).slice(0, pairsAmong).map((r) => r.feature);
  const screenRows = sampleRows(binned.labels, 10_000, seed);
  // and pairs of near-duplicate numeric columns anywhere in the table, whatever their rank
  const allNumeric = names.map((_, f) => f).filter((f) => numeric === undefined || numeric[f] === true);
  const correlated = pairsAmong > 1 ? correlatedPairs(data.columns, { among: allNumeric, threshold: options.correlation ?? 0.95, rows: sampleRows(binned.labels, 4000, seed + 2) ?? Uint32Array.from({ length: binned.rows }, (_, i) => i) }) : [];
  const candidates = pairsAmong > 1 ? screenPairs(data.columns, names, data.labels, { among: pairPool, pairs: correlated, keep: options.maxPairs ?? 4, ...(screenRows ? { rows: screenRows } : {}) }) : [];
  done('pairs');

  // the table forward selection works on: the short list, then the generated candidates
  const index = new Map(names.map((n, i) => [n, i]));
  const workColumns = [...shortList.map((f) => data.columns[f] as ArrayLike<number>), ...candidates.map((c) => deriveColumn(c.op, data.columns[index.get(c.a) as number]!, data.columns[index.get(c.b) as number]!))];
  const workNames = [...shortList.map((f) => names[f] as string), ...candidates.map((c) => c.name)];
  const work = binDataset({ columns: workColumns, labels: data.labels, names: workNames }, { seed });
  // candidates in order of promise: generated pairs (screened strong) first, then the ranking
  const order = [...candidates.map((_, k) => shortList.length + k), ...shortList.map((_, k) => k)];

  stage('select');
  const selectionRows = sampleRows(binned.labels, options.selectionRows ?? 30_000, seed + 1);
  const selection = forwardSelect(work, order, {
    ...engine,
    // selection compares candidates, it does not ship them: quicker fits are enough for that
    learningRate: Math.max(engine.learningRate ?? 0.08, options.selectionLearningRate ?? 0.15),
    earlyStoppingRounds: Math.min(engine.earlyStoppingRounds ?? 40, 20),
    folds: options.selectionFolds ?? 3,
    seed,
    tolerance: options.tolerance ?? 0.0005,
    maxFeatures: options.maxFeatures ?? 25,
    ...(selectionRows ? { rows: selectionRows } : {}),
    onStep: (step) => options.onStep?.(nameStep(step, workNames)),
  });
  done('select');
  if (selection.selected.length === 0) throw new GbdtError('NOTHING_TO_SPLIT', 'forward selection found no feature that beats chance in cross-validation');
  const selected = [...selection.selected].sort((a, b) => a - b);

  stage('cross-validate');
  // cross-validation chooses between a few candidates: the selected features, or the whole
  // short list (greedy selection can stop early where many columns each add a little); and,
  // on small tables, which overfit easily, shallower trees too
  const folds = options.folds ?? 5;
  const workTable = { columns: workColumns, names: workNames };
  const shapes: Shape[] = [{ name: 'selected', kind: 'trees', table: workTable, features: selected, depth: engine.depth ?? 6, l2: engine.l2 ?? 3, learningRate: engine.learningRate ?? 0.08 }];
  if (binned.rows < SMALL_TABLE) {
    // small tables overfit easily and cost little to cross-validate: offer the whole short list
    // too, and shallow trees at a slow rate, down to stumps (depth 1: an additive model, which
    // they often want), and a logistic regression (a linear model, which is sometimes all there is)
    const everything = [...new Set([...selected, ...shortList.map((_, k) => k)])].sort((a, b) => a - b);
    if (everything.length > selected.length) shapes.push({ ...shapes[0]!, name: 'short list', features: everything });
    for (const shape of [...shapes]) for (const depth of [3, 2, 1]) shapes.push({ ...shape, name: `${shape.name}, depth ${depth}, stronger L2, slower`, depth, l2: 10, learningRate: 0.03 });
    // a plain logistic regression on the table's own columns (a difference of two of them adds
    // nothing to a linear model; generated ratios are left out too, their tails would weigh
    // on it): every column of a narrow table, else the short list
    const linearColumns = names.length <= LINEAR_MAX_COLUMNS ? names.map((_, f) => f) : shortList;
    const linearName = names.length <= LINEAR_MAX_COLUMNS ? 'every column' : 'short list';
    // (not with weighted classes, which the logistic regression does not take)
    if (engine.positiveWeight === undefined || engine.positiveWeight === 1) shapes.push({ ...shapes[0]!, name: `${linearName}, logistic regression`, kind: 'linear', depth: 0, l2: LINEAR_L2, table: { columns: data.columns, names }, features: linearColumns });
  }
  const tried = shapes.map((shape) => ({
    ...shape,
    cv:
      shape.kind === 'linear'
        ? crossValidateLinear(shape.table.columns, binned.labels, { folds, seed, features: shape.features, l2: shape.l2 })
        : crossValidate(work, { ...engine, depth: shape.depth, l2: shape.l2, learningRate: shape.learningRate, iterations: Math.max(engine.iterations ?? 600, shape.learningRate < 0.05 ? 1500 : 0), folds, seed, features: shape.features }),
  }));
  const best = tried.reduce((a, b) => (b.cv.auc.mean > a.cv.auc.mean ? b : a));
  const cv = best.cv;
  const chosen = best.features;
  done('cross-validate');

  stage('fit');
  const finalColumns = chosen.map((f) => best.table.columns[f] as ArrayLike<number>);
  const finalNames = chosen.map((f) => best.table.names[f] as string);
  let model: GbdtModel;
  let iterations = 0;
  if (best.kind === 'linear') {
    const { term, intercept } = fitLinear(finalColumns, binned.labels, { features: finalColumns.map((_, k) => k), l2: best.l2 });
    model = { format: 'dpp-gbdt', version: 1, objective: 'binary-logloss', features: finalNames, baseScore: intercept, trees: [], linear: term, params: { model: 'logistic-regression', depth: 0, l2: best.l2 } };
  } else {
    iterations = Math.max(1, Math.round(cv.iterations.reduce((s, v) => s + v, 0) / cv.iterations.length));
    const final = binDataset({ columns: finalColumns, labels: data.labels, names: finalNames }, { seed });
    ({ model } = trainBinned(final, { ...engine, depth: best.depth, l2: best.l2, learningRate: best.learningRate, iterations, seed, ...(options.onIteration ? { onIteration: options.onIteration } : {}) }));
    model = { ...model, params: { ...model.params, iterations } };
  }
  done('fit');
  const selectedNames = finalNames;
  const generated = candidates.filter((c) => selectedNames.includes(c.name)).map(({ name, op, a, b }) => ({ name, op, a, b }));
  return {
    model: { ...model, derived: generated },
    ranking,
    shortList: shortList.map((f) => names[f] as string),
    candidates,
    generated,
    steps: selection.steps.map((s) => nameStep(s, workNames)),
    stop: selection.stop.reason === 'tolerance' ? { ...selection.stop, candidate: workNames[selection.stop.candidate] as string } : selection.stop,
    selected: selectedNames,
    cv,
    candidatesCv: tried.map((t) => ({ name: t.name, depth: t.depth, features: t.features.length, auc: { mean: t.cv.auc.mean, std: t.cv.auc.std } })),
    chosen: best.name,
    seconds,
  };
}

function nameStep(step: SelectionStep, names: readonly string[]): NamedSelectionStep {
  return { ...step, added: names[step.added] as string, tried: step.tried.map((t) => ({ feature: names[t.feature] as string, auc: t.auc })) };
}

/** A stratified sample of `take` rows, ascending, or undefined when the table is no larger. */
function sampleRows(labels: Float64Array, take: number, seed: number): Uint32Array | undefined {
  if (labels.length <= take) return undefined;
  return stratifiedSplit(labels, { testFraction: take / labels.length, seed }).test.slice().sort();
}
