import { Table } from 'apache-arrow';
import { type Store, layout, listModelVersions, putJson, readChampion, readManifest, setChampion } from '@dpp/artifact-store';
import { collectBatches } from '@dpp/dataset-io';
import { type IterationProgress, type TrainOptions, checkTrainOptions, exportOnnx, modelColumns, predictProba, train } from '@dpp/gbdt-trainer';
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
  /** Share of the training rows held out (stratified, seeded) to stop boosting early. Default 0.1. */
  validationFraction?: number;
  /** Seed of the hold-out and of the engine. Default 42. */
  seed?: number;
  /** The command line, recorded with the model. */
  command: string;
  onIteration?: (progress: IterationProgress) => void;
  /** Called as each stage starts ('read', 'preprocess', 'train', 'evaluate', 'write'). */
  onStage?: (stage: string) => void;
}

export interface TrainModelResult {
  version: string;
  metrics: { auc: number; gini: number; ks: number; testRows: number };
  features: string[];
  iterations: number;
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
  const split = stratifiedSplit(labels, { testFraction: validationFraction, seed });
  const pick = (rows: Uint32Array) => ({ columns: features.map((c) => Float64Array.from(rows, (r) => c[r] as number)), labels: Float64Array.from(rows, (r) => labels[r] as number), names: state.features });

  options.onStage?.('train');
  const result = train(pick(split.train), { ...options.engine, seed, validation: pick(split.test), ...(options.onIteration ? { onIteration: options.onIteration } : {}) });
  const model = { ...result.model, preprocessing: state };

  options.onStage?.('evaluate');
  const test = await readDataset(store, layout.test);
  const testLabels: number[] = [];
  const scores: number[] = [];
  for await (const batch of test.batches()) {
    const columns = modelColumns(model, state.features, applyPreprocessing(state, batch));
    for (const p of predictProba(model, columns)) scores.push(p);
    for (const y of batch.getChild(TARGET_COLUMN)!.toArray() as Float64Array) testLabels.push(y);
  }
  const auc = rocAuc(testLabels, scores);
  const metrics = { auc, gini: 2 * auc - 1, ks: ks(testLabels, scores).statistic, testRows: testLabels.length };

  options.onStage?.('write');
  const version = await nextVersion(store);
  const folder = layout.model(version);
  const used = [...new Set(model.trees.flatMap((t) => t.feature.filter((f) => f >= 0)))].sort((a, b) => a - b).map((f) => state.features[f] as string);
  await putJson(store, `${folder}/model.json`, model);
  await store.put(`${folder}/model.onnx`, exportOnnx(model));
  await putJson(store, `${folder}/features.json`, { features: state.features, used, dropped: state.dropped });
  await putJson(store, `${folder}/preprocessing.json`, state);
  // the first 100 test rows' PDs, for checking other runtimes of model.onnx against
  await putJson(store, `${folder}/metrics.json`, { test: metrics, testScores: scores.slice(0, 100), history: result.history, bestIteration: result.bestIteration });
  await putJson(store, layout.modelInfo(version), {
    version,
    createdAt: new Date().toISOString(),
    metrics: { auc: metrics.auc, gini: metrics.gini, ks: metrics.ks },
    trainedOn: from,
    features: used,
    iterations: result.bestIteration,
    params: model.params,
    command: options.command,
  });
  let champion = false;
  if ((await readChampion(store)) === null) {
    await setChampion(store, version, { reason: 'first model', metrics: { auc: metrics.auc, gini: metrics.gini, ks: metrics.ks } });
    champion = true;
  }
  return { version, metrics, features: used, iterations: result.bestIteration, champion };
}

/** v0001, v0002, ...: one more than the highest version stored (listed or still being written). */
async function nextVersion(store: Store): Promise<string> {
  const listed = (await listModelVersions(store)).map((m) => m.version);
  const keys = await store.list(`${layout.models}/`);
  const numbers = [...listed, ...keys.map((k) => k.slice(layout.models.length + 1).split('/')[0] ?? '')]
    .map((v) => /^v(\d+)$/.exec(v))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => Number(m[1]));
  return `v${String(Math.max(0, ...numbers) + 1).padStart(4, '0')}`;
}

