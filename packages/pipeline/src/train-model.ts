import { Table } from 'apache-arrow';
import { type Store, getJson, layout, listModelVersions, putJson, readChampion, readManifest, setChampion } from '@dpp/artifact-store';
import { type RunReportInput, writeRunReport } from './run-report.js';
import { collectBatches } from '@dpp/dataset-io';
import { type GbdtModel, type IterationProgress, type NamedSelectionStep, type PipelineOptions, type PipelineResult, type TrainOptions, checkTrainOptions, exportOnnx, featureImportance, fitPipeline, modelColumns, predictProba, train, usedFeatures } from '@dpp/gbdt-trainer';
import { ks, rocAuc } from '@dpp/metrics';
import { applyPreprocessing, fitPreprocessing } from '@dpp/preprocessing';
import { stratifiedSplit } from '@dpp/sampler';
import { PipelineError } from './errors.js';
import { TARGET_COLUMN } from './ingest.js';
import { readDataset } from './stored-dataset.js';

export interface TrainModelOptions {
  /** The training dataset: `train` (default) or `train_sup/<version>`. */
  from?: string;
  /** Engine settings (iterations, depth, learningRate, ...); the rest keep the engine's defaults. */
  engine?: Omit<TrainOptions, 'validation' | 'onIteration'>;
  /** Select features (ranking, generated pairs, cross-validated forward selection) before the final fit. Default true. */
  selection?: boolean;
  /** Settings of the selection pipeline (folds, top, tolerance...), when `selection`. */
  pipeline?: Omit<PipelineOptions, 'engine' | 'seed' | 'numeric' | 'onStage' | 'onStep' | 'onIteration'>;
  /** Each forward-selection step, as it is taken. */
  onStep?: (step: NamedSelectionStep) => void;
  /** Share of the training rows held out (stratified, seeded) to stop boosting early. Default 0.1. */
  validationFraction?: number;
  /** Seed of the hold-out and of the engine. Default 42. */
  seed?: number;
  /** The command line, recorded with the model. */
  command: string;
  /** The version to write (default: one more than the highest stored). */
  version?: string;
  onIteration?: (progress: IterationProgress) => void;
  /** Called as each stage starts ('read', 'preprocess', 'train' or the selection's stages, 'evaluate', 'write'). */
  onStage?: (stage: string) => void;
}

export interface TrainModelResult {
  version: string;
  /** On the stored test table, rows the model trained on left out (`excludedTrainedRows`). */
  metrics: { auc: number; gini: number; ks: number; testRows: number; excludedTrainedRows: number };
  /** The features the model uses (generated ones included). */
  features: string[];
  /** What selection did, when it ran. */
  selection?: SelectionRecord;
  /** The key of the run's report.html (under `artifacts/runs/train-<version>/`). */
  report: string;
  /** What the report was made of, to remake it after a later decision. */
  reportInput: RunReportInput;
  /** Trees kept (0 for a logistic regression). */
  iterations: number;
  /** What the model is: boosted trees, or a logistic regression (which selection may choose on a small table). */
  kind: 'trees' | 'logistic regression';
  champion: boolean;
}

/**
 * A plain fit at fixed settings on every feature of a stored training table: fits the
 * preprocessing, boosts with early stopping on a stratified hold-out, scores the stored test
 * table, and writes `artifacts/models/<version>/` (model.json, model.onnx, features.json,
 * preprocessing.json, metrics.json, then model-info.json, which makes the version visible).
 * The first model becomes champion.
 */
export async function trainModel(store: Store, options: TrainModelOptions): Promise<TrainModelResult> {
  const from = options.from ?? layout.train;
  const seed = options.seed ?? 42;
  const validationFraction = options.validationFraction ?? 0.1;
  if (!(validationFraction > 0 && validationFraction < 0.5)) throw new PipelineError('BAD_OPTION', `--validation-fraction must be in (0, 0.5), got ${validationFraction}`);
  checkTrainOptions(options.engine ?? {});
  options.onStage?.('read');
  const manifest = await readManifest(store, from).catch((error: unknown) => {
    throw new PipelineError('NO_DATASET', `${store.url}/${from}: no training table here; run dpp-trainer ingest first`, { cause: error });
  });
  const extra = (manifest.extra ?? {}) as { id?: string; target?: { from?: string } };
  const id = extra.id;
  // the column the target was derived from (e.g. `loss`) is the answer itself: never a feature
  const leak = extra.target?.from !== undefined && extra.target.from !== TARGET_COLUMN ? extra.target.from : undefined;
  const stored = new Table((await collectBatches(await readDataset(store, from))).batches);
  const table: Table = leak === undefined ? stored : stored.select(stored.schema.fields.map((f) => f.name).filter((name) => name !== leak));

  options.onStage?.('preprocess');
  const { state, features } = fitPreprocessing(table, { target: TARGET_COLUMN, ...(id === undefined ? {} : { id }), seed });
  const labels = Float64Array.from(table.getChild(TARGET_COLUMN)!.toArray() as Float64Array);
  let fitted: { model: GbdtModel; history: unknown; bestIteration: number; selection?: SelectionRecord };
  if (options.selection ?? true) {
    const numeric = state.columns.flatMap((c) => (c.kind === 'categorical' ? (c.encoding.type === 'one-hot' ? c.encoding.outputs.map(() => false) : [false]) : [true]));
    const result = fitPipeline(
      { columns: features, labels, names: state.features },
      {
        ...options.pipeline,
        ...(options.engine ? { engine: options.engine } : {}),
        seed,
        numeric,
        onStage: (stage) => options.onStage?.(stage),
        ...(options.onStep ? { onStep: options.onStep } : {}),
        ...(options.onIteration ? { onIteration: options.onIteration } : {}),
      },
    );
    fitted = { model: result.model, history: null, bestIteration: result.model.trees.length, selection: selectionRecord(result) };
  } else {
    const split = stratifiedSplit(labels, { testFraction: validationFraction, seed });
    const pick = (rows: Uint32Array) => ({ columns: features.map((c) => Float64Array.from(rows, (r) => c[r] as number)), labels: Float64Array.from(rows, (r) => labels[r] as number), names: state.features });
    options.onStage?.('train');
    const result = train(pick(split.train), { ...options.engine, seed, validation: pick(split.test), ...(options.onIteration ? { onIteration: options.onIteration } : {}) });
    fitted = { model: result.model, history: result.history, bestIteration: result.bestIteration };
  }
  const model: GbdtModel = { ...fitted.model, preprocessing: state };
  const result = fitted;

  options.onStage?.('evaluate');
  // test rows the model trained on (batches that came back into train_sup) would flatter it: leave them out
  const trainedIds = id === undefined ? new Set<unknown>() : new Set<unknown>(Array.from(table.getChild(id)!.toArray() as ArrayLike<unknown>));
  const test = await readDataset(store, layout.test);
  const testLabels: number[] = [];
  const scores: number[] = [];
  let excluded = 0;
  for await (const batch of test.batches()) {
    const columns = modelColumns(model, state.features, applyPreprocessing(state, batch));
    const pd = predictProba(model, columns);
    const y = batch.getChild(TARGET_COLUMN)!.toArray() as Float64Array;
    const ids = id === undefined ? null : (batch.getChild(id)?.toArray() as ArrayLike<unknown> | undefined);
    for (let i = 0; i < batch.numRows; i++) {
      if (ids && trainedIds.has(ids[i])) {
        excluded++;
        continue;
      }
      scores.push(pd[i] as number);
      testLabels.push(y[i] as number);
    }
  }
  const auc = rocAuc(testLabels, scores);
  const metrics = { auc, gini: 2 * auc - 1, ks: ks(testLabels, scores).statistic, testRows: testLabels.length, excludedTrainedRows: excluded };

  options.onStage?.('write');
  const version = options.version ?? (await nextVersion(store));
  const folder = layout.model(version);
  const used = usedFeatures(model).map((f) => model.features[f] as string);
  const importance = featureImportance(model, { type: 'prediction-values-change' }).filter((x) => x.importance > 0);
  await putJson(store, `${folder}/model.json`, model);
  await store.put(`${folder}/model.onnx`, exportOnnx(model));
  await putJson(store, `${folder}/features.json`, { features: model.features, used, generated: model.derived ?? [], importance, dropped: state.dropped });
  if (result.selection) await putJson(store, `${folder}/selection.json`, result.selection);
  await putJson(store, `${folder}/preprocessing.json`, state);
  // the first 100 test rows' PDs, for checking other runtimes of model.onnx against
  await putJson(store, `${folder}/metrics.json`, { test: metrics, testScores: scores.slice(0, 100), ...(result.selection ? { cv: result.selection.cv } : {}), history: result.history, bestIteration: result.bestIteration });
  await putJson(store, layout.modelInfo(version), {
    version,
    createdAt: new Date().toISOString(),
    metrics: { auc: metrics.auc, gini: metrics.gini, ks: metrics.ks },
    trainedOn: from,
    features: used,
    generated: (model.derived ?? []).map((d) => d.name),
    selection: result.selection ? { selected: result.selection.selected, cv: result.selection.cv } : null,
    iterations: result.bestIteration,
    params: model.params,
    command: options.command,
  });
  let champion = false;
  if ((await readChampion(store)) === null) {
    await setChampion(store, version, { reason: 'first model', metrics: { auc: metrics.auc, gini: metrics.gini, ks: metrics.ks } });
    champion = true;
  }
  const reportInput: RunReportInput = {
    run: `train-${version}`,
    version,
    trainedOn: from,
    table,
    target: TARGET_COLUMN,
    ...(id === undefined ? {} : { id }),
    labels: testLabels,
    scores,
    metrics: { auc: metrics.auc, gini: metrics.gini, ks: metrics.ks },
    importance,
    selection: result.selection,
    championHistory: await championHistory(store),
  };
  const report = await writeRunReport(store, reportInput);
  const kind = model.trees.length === 0 && model.linear !== undefined ? 'logistic regression' : 'trees';
  return { version, metrics, features: used, iterations: result.bestIteration, kind, champion, report, reportInput, ...(result.selection ? { selection: result.selection } : {}) };
}

/** The champion's test metrics after each decision: the first model, then each retrain's outcome. */
export async function championHistory(store: Store): Promise<RunReportInput['championHistory']> {
  const models = new Map((await listModelVersions(store)).map((m) => [m.version, m]));
  const point = (at: string, version: string) => {
    const m = models.get(version)?.metrics ?? {};
    return { at, champion: version, auc: m.auc ?? Number.NaN, gini: m.gini ?? Number.NaN, ks: m.ks ?? Number.NaN };
  };
  const promotions = await getJson<{ at: string; champion: string; challenger: string; decision: string }[]>(store, 'artifacts/promotions.json').catch(() => []);
  const first = promotions[0]?.champion ?? (await readChampion(store))?.version;
  if (first === undefined) return [];
  const firstAt = (models.get(first)?.createdAt as string | undefined) ?? new Date(0).toISOString();
  return [point(firstAt, first), ...promotions.map((p) => point(p.at, p.decision === 'promoted' ? p.challenger : p.champion))].filter((h) => Number.isFinite(h.auc));
}

/** What selection recorded: the ranking's top, the short list, the generated pairs, the selection curve, the CV of the choice. */
export interface SelectionRecord {
  ranking: { feature: string; importance: number; spread: number; stability: number }[];
  shortList: string[];
  candidates: { name: string; op: string; strength: number; parentStrength: number }[];
  generated: string[];
  steps: NamedSelectionStep[];
  stop: PipelineResult['stop'];
  selected: string[];
  /** The candidates cross-validation chose between, and the one chosen. */
  candidatesCv: PipelineResult['candidatesCv'];
  chosen: string;
  cv: { folds: number; auc: { mean: number; std: number }; gini: { mean: number; std: number }; ks: { mean: number; std: number }; oofAuc: number };
  seconds: PipelineResult['seconds'];
}

function selectionRecord(result: PipelineResult): SelectionRecord {
  const summary = (s: { mean: number; std: number }) => ({ mean: s.mean, std: s.std });
  return {
    ranking: result.ranking.slice(0, 100).map(({ name, importance, spread, stability }) => ({ feature: name, importance, spread, stability })),
    shortList: result.shortList,
    candidates: result.candidates.map(({ name, op, strength, parentStrength }) => ({ name, op, strength, parentStrength })),
    generated: result.generated.map((g) => g.name),
    steps: result.steps,
    stop: result.stop,
    selected: result.selected,
    candidatesCv: result.candidatesCv,
    chosen: result.chosen,
    cv: { folds: result.cv.auc.folds.length, auc: summary(result.cv.auc), gini: summary(result.cv.gini), ks: summary(result.cv.ks), oofAuc: result.cv.oofAuc },
    seconds: result.seconds,
  };
}

/** v0001, v0002, ...: one more than the highest version stored (listed or still being written). */
export async function nextVersion(store: Store): Promise<string> {
  const listed = (await listModelVersions(store)).map((m) => m.version);
  const keys = await store.list(`${layout.models}/`);
  const numbers = [...listed, ...keys.map((k) => k.slice(layout.models.length + 1).split('/')[0] ?? '')]
    .map((v) => /^v(\d+)$/.exec(v))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => Number(m[1]));
  return `v${String(Math.max(0, ...numbers) + 1).padStart(4, '0')}`;
}

