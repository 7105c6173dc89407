import { type Data, DataType, RecordBatch, Struct, type Vector, makeData } from 'apache-arrow';
import { type DatasetManifest, DatasetNotFoundError, type Store, StoreIdError, getJson, layout, listBatches, readChampion, readManifest } from '@dpp/artifact-store';
import { arrowSchemaOf, batchFromColumns } from '@dpp/dataset-io';
import { type PreprocessingState, readNumbers, readStrings } from '@dpp/preprocessing';
import { PipelineError } from './errors.js';
import type { InferenceSession } from 'onnxruntime-node';
import type { SessionRequest } from './session-feeds.js';
import { readDataset, stageDataset } from './stored-dataset.js';

export interface ScoreOptions {
  /** Score this batch... */
  batch?: string;
  /** ...or every batch not scored yet. */
  pending?: boolean;
  /** 'champion' (default) or a model version. */
  model?: string;
  command: string;
  onRows?: (rows: number) => void;
}

export interface ScoreResult {
  batch: string;
  rows: number;
  model: string;
  /** The batch was already scored by this model: its scores were left as they were. */
  unchanged: boolean;
  /** Columns of the batch the model does not use. */
  ignored: string[];
}

/**
 * Scores batches of new borrowers with a stored model's ONNX file in onnxruntime-node and
 * writes `test_sample_inference/<batch>/` (Parquet: id, pd, model_version, batch_id,
 * scored_at), committed atomically. Record batches stream through one at a time, so memory
 * stays flat however large the batch. The batch's columns are checked against the model's
 * inputs before anything is written: a missing one is an error naming it. Scoring a batch
 * the same model already scored leaves its scores as they are.
 */
export async function score(store: Store, options: ScoreOptions): Promise<ScoreResult[]> {
  if ((options.batch === undefined) === (options.pending !== true)) throw new PipelineError('BAD_OPTION', 'give either --batch <id> or --pending');
  const version = await resolveModel(store, options.model ?? 'champion');
  const folder = layout.model(version);
  const preprocessing = await getJson<PreprocessingState>(store, `${folder}/preprocessing.json`);
  const batches = await lookUp(store, options);
  const model = await store.get(`${folder}/model.onnx`);
  // onnxruntime-node is loaded only when a session is needed
  const feeds = await import('./session-feeds.js');
  let session: InferenceSession;
  try {
    session = await feeds.createSession(model);
  } catch (error) {
    throw new PipelineError('BAD_MODEL', `${store.url}/${folder}/model.onnx: onnxruntime cannot load it (${String((error as Error).message ?? error).split('\n')[0]})`, { cause: error });
  }
  try {
    return await scoreBatches(store, options, version, preprocessing, batches, { inputNames: session.inputNames, run: (request) => feeds.runRequest(session, request) });
  } finally {
    await session.release();
  }
}

/** A model's session as `score` uses it: its inputs, and a run on one request (the request's buffers are the session's until the run ends). */
interface Scorer {
  readonly inputNames: readonly string[];
  run(request: SessionRequest): Promise<Float32Array>;
}

/**
 * The batches to score and their manifests: one batch is looked up alone (a store keeps
 * every batch it ever drew, and listing them reads each one's manifest), the pending ones
 * from the listing.
 */
async function lookUp(store: Store, options: ScoreOptions): Promise<Array<{ batch: string; manifest: DatasetManifest }>> {
  const batches: { batch: string; manifest: DatasetManifest }[] = [];
  if (options.batch !== undefined) {
    const batch = options.batch;
    try {
      batches.push({ batch, manifest: await readManifest(store, layout.testSample(batch)) });
    } catch (error) {
      if (!(error instanceof DatasetNotFoundError) && !(error instanceof StoreIdError)) throw error;
      const known = (await listBatches(store)).map((b) => b.id);
      throw new PipelineError('NO_BATCH', `${store.url}: no batch '${batch}' (batches: ${known.length > 0 ? known.join(', ') : 'none; run dpp-inference sample first'})`);
    }
  } else {
    for (const b of await listBatches(store)) if ((await scoredBy(store, b.id)) === null) batches.push({ batch: b.id, manifest: b.manifest });
  }
  return batches;
}

async function scoreBatches(store: Store, options: ScoreOptions, version: string, preprocessing: PreprocessingState, batches: Array<{ batch: string; manifest: DatasetManifest }>, session: Scorer): Promise<ScoreResult[]> {
  const textInputs = new Map(preprocessing.columns.filter((c) => c.kind === 'categorical').map((c) => [c.name, c.kind === 'categorical' ? c.missingLevel : '']));

  // check every batch before writing anything
  const plans: { batch: string; idColumn: string; ignored: string[] }[] = [];
  for (const { batch, manifest } of batches) {
    const columns = manifest.schema.map((c) => c.name);
    const missing = session.inputNames.filter((name) => !columns.includes(name));
    if (missing.length > 0) throw new PipelineError('MISSING_COLUMN', `${store.url}/${layout.testSample(batch)}, column '${missing[0]}': missing, and model ${version} needs it${missing.length > 1 ? ` (and ${missing.length - 1} more)` : ''}`);
    const idColumn = ((manifest.extra ?? {}) as { id?: string }).id ?? 'id';
    if (!columns.includes(idColumn)) throw new PipelineError('MISSING_COLUMN', `${store.url}/${layout.testSample(batch)}, column '${idColumn}': the id column is missing`);
    plans.push({ batch, idColumn, ignored: columns.filter((c) => c !== idColumn && !session.inputNames.includes(c)) });
  }

  const results: ScoreResult[] = [];
  let warm = false;
  for (const { batch, idColumn, ignored } of plans) {
    if ((await scoredBy(store, batch)) === version) {
      results.push({ batch, rows: (await readManifest(store, layout.testSampleInference(batch))).rows, model: version, unchanged: true, ignored });
      continue;
    }
    // a run of one row first: with two threads, onnxruntime-node 1.30's first two runs of a
    // size each take about three times a later one, and a one-row run (some milliseconds) takes
    // the place of one of them (211 inputs, 32,768 rows: 143, 44, 46 ms instead of 153, 142,
    // 40 ms; bench/README.md)
    if (!warm) {
      await session.run({ rows: 1, inputs: Object.fromEntries(session.inputNames.map((name) => [name, textInputs.has(name) ? [textInputs.get(name) as string] : Float32Array.of(Number.NaN)])) });
      warm = true;
    }
    const scoredAt = new Date().toISOString();
    // the number inputs are decoded straight to float32 (what the session takes) and, as each
    // run ends before the next record batch is read, into the same buffers each time; the ids
    // are not (the scores' writer holds them until its part is written)
    const numberInputs = session.inputNames.filter((name) => name !== idColumn && !textInputs.has(name));
    const source = await readDataset(store, layout.testSample(batch), { columns: [idColumn, ...session.inputNames], recycle: numberInputs, float32: numberInputs });
    let rows = 0;
    const textIds = DataType.isUtf8(source.schema.fields.find((f) => f.name === idColumn)?.type);
    const schema = arrowSchemaOf([
      { name: 'id', type: textIds ? 'string' : 'integer' },
      { name: 'pd', type: 'float' },
      { name: 'model_version', type: 'string' },
      { name: 'batch_id', type: 'string' },
      { name: 'scored_at', type: 'string' },
    ]);
    // the model version, batch id and time: built once per part length and shared by the parts
    const constants = new Map<number, Data[]>();
    const constantsOf = (n: number): Data[] => {
      let data = constants.get(n);
      if (data === undefined) {
        data = batchFromColumns([
          { name: 'model_version', type: 'string', values: new Array<string>(n).fill(version) },
          { name: 'batch_id', type: 'string', values: new Array<string>(n).fill(batch) },
          { name: 'scored_at', type: 'string', values: new Array<string>(n).fill(scoredAt) },
        ]).data.children;
        constants.set(n, data);
      }
      return data;
    };
    // a part's scores, with its ids as read (Float64 or Utf8) and the scores widened to Float64
    const finish = (part: RecordBatch, pd: Float32Array): RecordBatch => {
      const scores = batchFromColumns([{ name: 'pd', type: 'float', values: Float64Array.from(pd) }]).data.children[0] as Data;
      rows += part.numRows;
      options.onRows?.(rows);
      const ids = (part.getChild(idColumn) as Vector).data[0] as Data;
      return new RecordBatch(schema, makeData({ type: new Struct(schema.fields), length: part.numRows, nullCount: 0, children: [ids, scores, ...constantsOf(part.numRows)] }));
    };
    async function* scored(): AsyncGenerator<RecordBatch> {
      for await (const part of source.batches()) yield finish(part, await session.run(requestOf(session, part, textInputs)));
    }
    // uncompressed: the scores are random doubles that no codec shrinks, the constant columns are
    // dictionary encoded anyway, and the copy costs less than compressing on this thread
    const staged = await stageDataset(store, layout.testSampleInference(batch), schema, scored(), { command: options.command, compression: 'none', rowsPerPart: 262_144, extra: { batch, model: version, scoredAt, ignored } });
    if (rows === 0) {
      await staged.abort();
      throw new PipelineError('NO_ROWS', `${store.url}/${layout.testSample(batch)}: the batch has no rows`);
    }
    await staged.commit();
    results.push({ batch, rows, model: version, unchanged: false, ignored });
  }
  return results;
}

async function resolveModel(store: Store, model: string): Promise<string> {
  if (model !== 'champion') {
    const ok = await store.exists(layout.modelInfo(model)).catch(() => false);
    if (!ok) throw new PipelineError('NO_MODEL', `${store.url}: no model version '${model}' (see dpp-trainer status)`);
    return model;
  }
  const champion = await readChampion(store);
  if (champion === null) throw new PipelineError('NO_MODEL', `${store.url}: no champion model yet; run dpp-trainer train first`);
  return champion.version;
}

/** The model version that scored a batch, or null when it is not scored. */
async function scoredBy(store: Store, batch: string): Promise<string | null> {
  try {
    const manifest = await readManifest(store, layout.testSampleInference(batch));
    return ((manifest.extra ?? {}) as { model?: string }).model ?? null;
  } catch {
    return null;
  }
}

/**
 * One record batch as a request to the session: float32 [n, 1] per number input (NaN for
 * null), string [n, 1] per category (null = its missing level).
 */
function requestOf(session: Scorer, batch: RecordBatch, textInputs: Map<string, string>): SessionRequest {
  const n = batch.numRows;
  const inputs: SessionRequest['inputs'] = {};
  for (const name of session.inputNames) {
    const vector = batch.getChild(name) as Vector;
    const missingLevel = textInputs.get(name);
    if (missingLevel !== undefined) {
      inputs[name] = readStrings(vector).map((v) => v ?? missingLevel);
      continue;
    }
    // read as Float32 with NaN in its nulls (dataset-io's rule): handed over as it is (the run
    // ends before the next rows are read over it); another type narrowed
    const data = vector.data.length === 1 ? (vector.data[0] as Data) : undefined;
    inputs[name] = data !== undefined && data.values instanceof Float32Array ? data.values.subarray(0, n) : Float32Array.from(readNumbers(vector));
  }
  return { rows: n, inputs };
}
