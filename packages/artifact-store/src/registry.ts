import { type DatasetManifest, MANIFEST_NAME, readManifest } from './dataset.js';
import { DatasetNotFoundError, StoreError, StoreNotFoundError } from './errors.js';
import { checkId, layout } from './layout.js';
import type { Store } from './store.js';

const decoder = new TextDecoder();

/**
 * Reads a JSON value.
 * @throws StoreNotFoundError when it does not exist; StoreError `IO` when it is not JSON.
 */
export async function getJson<T = unknown>(store: Store, key: string): Promise<T> {
  const bytes = await store.get(key);
  try {
    return JSON.parse(decoder.decode(bytes)) as T;
  } catch (error) {
    throw new StoreError('IO', `${store.url}/${key}: not JSON (${(error as Error).message})`, { key, cause: error });
  }
}

/** Writes a JSON value (pretty-printed, one atomic put). */
export async function putJson(store: Store, key: string, value: unknown): Promise<void> {
  await store.put(key, `${JSON.stringify(value, null, 2)}\n`);
}

/** The direct sub-folders of a folder, e.g. the batch ids under `test_sample/`, sorted. */
async function childFolders(store: Store, folder: string): Promise<string[]> {
  const names = new Set<string>();
  for (const key of await store.list(`${folder}/`)) {
    const rest = key.slice(folder.length + 1);
    const slash = rest.indexOf('/');
    if (slash > 0) names.add(rest.slice(0, slash));
  }
  return [...names].sort();
}

/** A committed dataset, as {@link listDatasets} reports it. */
export interface DatasetInfo {
  /** Its prefix, e.g. `train` or `test_sample/batch-0001`. */
  prefix: string;
  rows: number;
  createdAt: string;
  contentHash: string;
  manifest: DatasetManifest;
}

/**
 * Every committed dataset (a folder with a `_manifest.json`) under `under` ('' = the whole
 * store), sorted by prefix. Folders with parts but no manifest (a write under way or crashed)
 * are not datasets yet.
 */
export async function listDatasets(store: Store, under = ''): Promise<DatasetInfo[]> {
  const suffix = `/${MANIFEST_NAME}`;
  const prefixes = (await store.list(under)).filter((k) => k.endsWith(suffix)).map((k) => k.slice(0, -suffix.length));
  const out: DatasetInfo[] = [];
  for (const prefix of prefixes) {
    const manifest = await readManifest(store, prefix).catch((error: unknown) => {
      if (error instanceof DatasetNotFoundError) return undefined; // deleted meanwhile
      throw error;
    });
    if (manifest !== undefined) out.push({ prefix, rows: manifest.rows, createdAt: manifest.createdAt, contentHash: manifest.contentHash, manifest });
  }
  return out;
}

/** A complete batch under `test_sample/`. */
export interface BatchInfo {
  id: string;
  rows: number;
  createdAt: string;
  manifest: DatasetManifest;
}

/**
 * The batches under `test_sample/` that have a manifest (complete ones), sorted by id.
 * Folders whose name is not a valid batch id are ignored.
 */
export async function listBatches(store: Store): Promise<BatchInfo[]> {
  const batches: BatchInfo[] = [];
  for (const id of await childFolders(store, layout.testSamples)) {
    if (!isId(id)) continue;
    try {
      const manifest = await readManifest(store, layout.testSample(id));
      batches.push({ id, rows: manifest.rows, createdAt: manifest.createdAt, manifest });
    } catch (error) {
      if (!(error instanceof DatasetNotFoundError)) throw error;
    }
  }
  return batches;
}

/**
 * What a model version records in `artifacts/models/<version>/model-info.json`. The trainer
 * writes it last, after model.json, model.onnx and the rest: its presence is the version's commit.
 */
export interface ModelInfo {
  version: string;
  createdAt?: string;
  /** e.g. `{ auc, gini, ks }`. */
  metrics?: Record<string, number>;
  /** What it was trained on, e.g. `train` or `train_sup/v0002`. */
  trainedOn?: string;
  features?: string[];
  [more: string]: unknown;
}

/** The name of the file that makes a model version listed. */
export const MODEL_INFO_NAME = 'model-info.json';

/**
 * The model versions under `artifacts/models/`: folders with a `model-info.json` (a version
 * whose files are still being written has none yet), sorted by version. The `version` field
 * is always the folder's name.
 */
export async function listModelVersions(store: Store): Promise<ModelInfo[]> {
  const models: ModelInfo[] = [];
  for (const version of await childFolders(store, layout.models)) {
    if (!isId(version)) continue;
    try {
      models.push({ ...(await getJson<ModelInfo>(store, layout.modelInfo(version))), version });
    } catch (error) {
      if (!(error instanceof StoreNotFoundError)) throw error;
    }
  }
  return models;
}

/** `artifacts/champion.json`: which model version scores batches. */
export interface ChampionPointer {
  version: string;
  /** When it became champion, ISO 8601. */
  since: string;
  [more: string]: unknown;
}

/** The champion pointer, or null when no model is champion yet. */
export async function readChampion(store: Store): Promise<ChampionPointer | null> {
  try {
    return await getJson<ChampionPointer>(store, layout.champion);
  } catch (error) {
    if (error instanceof StoreNotFoundError) return null;
    throw error;
  }
}

/**
 * Points the champion at a version (one atomic put of `artifacts/champion.json`): readers see
 * the old champion or the new one. `info` (reason, metrics...) is kept beside `version` and `since`.
 * @throws StoreIdError when `version` is not a valid id.
 */
export async function setChampion(store: Store, version: string, info: Record<string, unknown> = {}): Promise<ChampionPointer> {
  checkId('version', version);
  const pointer: ChampionPointer = { ...info, version, since: new Date().toISOString() };
  await putJson(store, layout.champion, pointer);
  return pointer;
}

function isId(id: string): boolean {
  try {
    checkId('batch', id);
    return true;
  } catch {
    return false;
  }
}
