import { type RecordBatch, Table } from 'apache-arrow';
import { type Store, getJson, layout, listBatches, putJson, readChampion, readManifest, setChampion } from '@dpp/artifact-store';
import { type PlainColumn, batchFromColumns, collectBatches } from '@dpp/dataset-io';
import { type GbdtModel, modelColumns, predictProba } from '@dpp/gbdt-trainer';
import { bootstrapCi, delongTest, ks, rocAuc } from '@dpp/metrics';
import { applyPreprocessing, isTextColumn, readNumbers, readStrings } from '@dpp/preprocessing';
import { PipelineError } from './errors.js';
import { TARGET_COLUMN } from './ingest.js';
import { readDataset, stageDataset } from './stored-dataset.js';
import { writeRunReport } from './run-report.js';
import { type TrainModelOptions, championHistory, nextVersion, trainModel } from './train-model.js';

export interface PromotionRule {
  /** The challenger's AUC must beat the champion's by at least this on the comparison rows. Default 0.0005. */
  minAucGain: number;
  /** ...and DeLong's two-sided p-value must be below this. Default 0.05. */
  maxPValue: number;
}

export interface RetrainOptions extends Omit<TrainModelOptions, 'from' | 'version'> {
  rule?: Partial<PromotionRule>;
  /** Bootstrap resamples for the metric intervals. Default 300. */
  rounds?: number;
}

/** What the leak guard found. */
export interface LeakReport {
  /** Rows of labeled batches whose id the champion already trained on. */
  sameId: number;
  /** Rows of labeled batches whose features equal a row the champion trained on, under another id. */
  identicalFeatures: number;
  /** Rows repeated within or across labeled batches (drawn with replacement), dropped from train_sup. */
  repeated: number;
  /** Test-pool rows left out of the comparison because a model trained on them. */
  comparisonExcluded: number;
}

export interface ModelComparison {
  auc: number;
  gini: number;
  ks: number;
  aucCi: { lower: number; upper: number; level: number };
}

export interface Promotion {
  at: string;
  champion: string;
  challenger: string;
  trainedOn: string;
  batches: string[];
  comparisonRows: number;
  leak: LeakReport;
  metrics: { champion: ModelComparison; challenger: ModelComparison };
  delong: { diff: number; z: number; pValue: number };
  rule: PromotionRule;
  decision: 'promoted' | 'kept';
  reason: string;
}

const HISTORY = 'artifacts/promotions.json';

/**
 * Retraining with champion and challenger: builds `train_sup/<version>/` from the champion's
 * training table plus every batch whose outcomes arrived (deduplicated by id), trains a
 * challenger on it with the same pipeline, scores both models on the test-pool rows neither
 * trained on, compares them (AUC, Gini, KS, bootstrap intervals, DeLong), promotes the
 * challenger by `rule`, and appends the decision to `artifacts/promotions.json`.
 *
 * Leak guard: rows of labeled batches the champion already trained on (same id, or the same
 * features under another id) are counted as `leak`; rows either model trained on never enter
 * the comparison, so no decision rests on leaked numbers.
 */
export async function retrain(store: Store, options: RetrainOptions): Promise<Promotion & { report: string }> {
  const rule: PromotionRule = { minAucGain: options.rule?.minAucGain ?? 0.0005, maxPValue: options.rule?.maxPValue ?? 0.05 };
  const champion = await readChampion(store);
  if (champion === null) throw new PipelineError('NO_MODEL', `${store.url}: no champion model yet; run dpp-trainer train first`);
  const championInfo = await getJson<{ trainedOn?: string }>(store, layout.modelInfo(champion.version));
  const base = championInfo.trainedOn ?? layout.train;
  const baseManifest = await readManifest(store, base);
  // the batches whose outcomes arrived and that the champion's table does not hold yet
  const included = new Set(((baseManifest.extra ?? {}) as { batches?: string[] }).batches ?? []);
  const labeled: string[] = [];
  for (const b of await listBatches(store)) {
    if (included.has(b.id)) continue;
    if (await readManifest(store, layout.testSampleOutcomes(b.id)).then(() => true, () => false)) labeled.push(b.id);
  }
  if (labeled.length === 0) throw new PipelineError('NO_BATCH', `${store.url}: no new batch outcomes since the champion's training table (${base}); run dpp-inference feedback --batch <id> first`);

  options.onStage?.('batches');
  const idColumn = ((baseManifest.extra ?? {}) as { id?: string }).id ?? 'id';
  const baseTable = await collectBatches(await readDataset(store, base));
  const schema = baseTable.schema;
  const featureNames = schema.fields.map((f) => f.name).filter((n) => n !== idColumn && n !== TARGET_COLUMN && !isOutcome(baseManifest.extra, n));
  const baseRows = new Table(baseTable.batches);
  const trainedIds = new Set<unknown>(Array.from(baseRows.getChild(idColumn)!.toArray() as ArrayLike<unknown>));
  const trainedRows = new Set<number>(rowKeys(baseRows, featureNames));

  // the labeled batches' rows: features joined with their outcomes, row by row
  const leak: LeakReport = { sameId: 0, identicalFeatures: 0, repeated: 0, comparisonExcluded: 0 };
  const added: RecordBatch[] = [];
  const seen = new Set<unknown>();
  let addedRows = 0;
  for (const batch of labeled) {
    const features = new Table((await collectBatches(await readDataset(store, layout.testSample(batch)))).batches);
    const outcomes = new Table((await collectBatches(await readDataset(store, layout.testSampleOutcomes(batch)))).batches);
    const ids = features.getChild(idColumn)!.toArray() as ArrayLike<unknown>;
    const outcomeIds = outcomes.getChild(idColumn)!.toArray() as ArrayLike<unknown>;
    const keys = rowKeys(features, featureNames);
    const keep: number[] = [];
    for (let i = 0; i < features.numRows; i++) {
      if (outcomeIds[i] !== ids[i]) throw new PipelineError('NO_BATCH', `${store.url}/${layout.testSampleOutcomes(batch)}, row ${i}: id ${String(outcomeIds[i])} does not match the batch's id ${String(ids[i])}`);
      if (trainedIds.has(ids[i])) {
        leak.sameId++;
        continue;
      }
      if (trainedRows.has(keys[i] as number)) {
        leak.identicalFeatures++;
        continue;
      }
      if (seen.has(ids[i])) {
        leak.repeated++;
        continue;
      }
      seen.add(ids[i]);
      keep.push(i);
    }
    if (keep.length === 0) continue;
    const columns: PlainColumn[] = schema.fields.map((field) => {
      const vector = features.getChild(field.name) ?? outcomes.getChild(field.name);
      if (vector === null) throw new PipelineError('MISSING_COLUMN', `${store.url}/${layout.testSample(batch)}, column '${field.name}': missing, and ${base} has it`);
      if (isTextColumn(vector)) {
        const values = readStrings(vector);
        return { name: field.name, type: 'string', values: keep.map((i) => values[i] ?? null) };
      }
      const values = readNumbers(vector);
      return { name: field.name, type: field.metadata.get('dpp.kind') === 'integer' ? 'integer' : 'float', values: Float64Array.from(keep, (i) => values[i] as number) };
    });
    added.push(batchFromColumns(columns));
    addedRows += keep.length;
  }

  // train_sup/<version>: the champion's table plus the new rows, under the challenger's version
  const version = await nextVersion(store);
  const trainSup = layout.trainSup(version);
  // uncompressed, as ingest writes train/: the challenger's fit reads it through dataset-io's plain reader
  const staged = await stageDataset(store, trainSup, schema, [...baseTable.batches, ...added], {
    command: options.command,
    compression: 'none',
    extra: { ...(baseManifest.extra ?? {}), part: 'train_sup', base, batches: [...included, ...labeled], addedRows, leak },
  });
  await staged.commit();

  const trained = await trainModel(store, { ...options, from: trainSup, version });

  // the comparison rows: test-pool rows neither model trained on
  options.onStage?.('compare');
  const challengerIds = new Set<unknown>([...trainedIds, ...seen]);
  const championModel = await getJson<GbdtModel>(store, `${layout.model(champion.version)}/model.json`);
  const challengerModel = await getJson<GbdtModel>(store, `${layout.model(version)}/model.json`);
  const labels: number[] = [];
  const scoresA: number[] = [];
  const scoresB: number[] = [];
  for await (const part of (await readDataset(store, layout.test)).batches()) {
    const ids = part.getChild(idColumn)!.toArray() as ArrayLike<unknown>;
    const keys = rowKeys(part, featureNames);
    const y = part.getChild(TARGET_COLUMN)!.toArray() as Float64Array;
    const a = scoreWith(championModel, part);
    const b = scoreWith(challengerModel, part);
    for (let i = 0; i < part.numRows; i++) {
      if (challengerIds.has(ids[i]) || trainedRows.has(keys[i] as number)) {
        leak.comparisonExcluded++;
        continue;
      }
      labels.push(y[i] as number);
      scoresA.push(a[i] as number);
      scoresB.push(b[i] as number);
    }
  }
  if (labels.length === 0 || labels.every((y) => y === labels[0])) throw new PipelineError('NO_ROWS', `${store.url}: no comparison rows with both outcomes are left in the test pool: every row was trained on`);
  const rounds = options.rounds ?? 300;
  const describe = (scores: number[]): ModelComparison => {
    const auc = rocAuc(labels, scores);
    const ci = bootstrapCi((l, s) => rocAuc(l, s), labels, scores, { rounds, seed: 7 });
    return { auc, gini: 2 * auc - 1, ks: ks(labels, scores).statistic, aucCi: { lower: ci.lower, upper: ci.upper, level: ci.level } };
  };
  const metrics = { champion: describe(scoresA), challenger: describe(scoresB) };
  const test = delongTest(labels, scoresB, scoresA);
  const gain = metrics.challenger.auc - metrics.champion.auc;
  const promote = gain >= rule.minAucGain && test.pValue < rule.maxPValue;
  const reason = promote
    ? `challenger AUC ${metrics.challenger.auc.toFixed(4)} beats champion ${metrics.champion.auc.toFixed(4)} by ${gain.toFixed(4)} (>= ${rule.minAucGain}), DeLong p = ${test.pValue.toPrecision(3)} (< ${rule.maxPValue})`
    : gain < rule.minAucGain
      ? `challenger AUC ${metrics.challenger.auc.toFixed(4)} vs champion ${metrics.champion.auc.toFixed(4)}: gain ${gain.toFixed(4)} is under ${rule.minAucGain}`
      : `gain ${gain.toFixed(4)} is not significant: DeLong p = ${test.pValue.toPrecision(3)} (>= ${rule.maxPValue})`;
  const promotion: Promotion = {
    at: new Date().toISOString(),
    champion: champion.version,
    challenger: version,
    trainedOn: trainSup,
    batches: labeled,
    comparisonRows: labels.length,
    leak,
    metrics,
    delong: { diff: test.diff, z: test.z, pValue: test.pValue },
    rule,
    decision: promote ? 'promoted' : 'kept',
    reason,
  };
  const history = await getJson<Promotion[]>(store, HISTORY).catch(() => [] as Promotion[]);
  await putJson(store, HISTORY, [...history, promotion]);
  if (promote) await setChampion(store, version, { reason, previous: champion.version });
  // the run's report again, now with this decision in the champion's history
  await writeRunReport(store, { ...trained.reportInput, championHistory: await championHistory(store) });
  return { ...promotion, report: trained.report };
}

/** The promotion history, oldest first. */
export async function promotionHistory(store: Store): Promise<Promotion[]> {
  return getJson<Promotion[]>(store, HISTORY).catch(() => []);
}

function isOutcome(extra: Record<string, unknown> | undefined, name: string): boolean {
  return ((extra ?? {}) as { target?: { from?: string } }).target?.from === name;
}

function scoreWith(model: GbdtModel, batch: RecordBatch): Float64Array {
  const state = model.preprocessing!;
  return predictProba(model, modelColumns(model, state.features, applyPreprocessing(state, batch)));
}

/**
 * A 53-bit hash per row of its feature values (two 32-bit FNV-1a-style lanes over the bits of
 * each number and the characters of each text), to find the same row under another id.
 */
function rowKeys(rows: Table | RecordBatch, names: readonly string[]): Float64Array {
  const n = rows.numRows;
  const h1 = new Uint32Array(n).fill(0x811c9dc5);
  const h2 = new Uint32Array(n).fill(0x01000193);
  const bits = new Float64Array(1);
  const words = new Uint32Array(bits.buffer);
  const mix = (i: number, word: number) => {
    h1[i] = Math.imul((h1[i] as number) ^ word, 0x01000193);
    h2[i] = Math.imul((h2[i] as number) ^ word, 0x5bd1e995) ^ ((h2[i] as number) >>> 15);
  };
  for (const name of names) {
    const vector = rows.getChild(name);
    if (vector === null) continue;
    if (isTextColumn(vector)) {
      readStrings(vector).forEach((v, i) => {
        if (v === null) mix(i, 0xffffffff);
        else for (let k = 0; k < v.length; k++) mix(i, v.charCodeAt(k));
        mix(i, 0x1f);
      });
    } else {
      const values = readNumbers(vector);
      for (let i = 0; i < n; i++) {
        const v = values[i] as number;
        bits[0] = v !== v ? Number.NaN : v;
        mix(i, words[0] as number);
        mix(i, words[1] as number);
      }
    }
  }
  return Float64Array.from({ length: n }, (_, i) => (h1[i] as number) * 2097152 + ((h2[i] as number) & 0x1fffff));
}
