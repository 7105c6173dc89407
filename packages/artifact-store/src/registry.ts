import { StoreNotFoundError } from './errors.js';
import { type DatasetManifest, readManifest } from './dataset.js';
import { layout } from './layout.js';
import type { Store } from './store.js';

const decoder = new TextDecoder();

/** Reads a JSON object. @throws StoreNotFoundError when it does not exist. */
export async function getJson<T>(store: Store, key: string): Promise<T> {
  return JSON.parse(decoder.decode(await store.get(key))) as T;
}

/** Writes a JSON object atomically. */
export async function putJson(store: Store, key: string, value: unknown): Promise<void> {
  await store.put(key, `${JSON.stringify(value, null, 2)}\n`);
}

/** The direct sub-folders of a folder, e.g. the batch ids under `test_sample/`. */
async function childFolders(store: Store, folder: string): Promise<string[]> {
  const names = new Set<string>();
  for (const key of await store.list(`${folder}/`)) {
    const rest = key.slice(folder.length + 1);
    const slash = rest.indexOf('/');
    if (slash > 0) names.add(rest.slice(0, slash));
  }
  return [...names].sort();
}

export interface BatchInfo {
  id: string;
  rows: number;
  createdAt: string;
  manifest: DatasetManifest;
}

/** The batches under `test_sample/` that have a manifest (complete ones), sorted by id. */
export async function listBatches(store: Store): Promise<BatchInfo[]> {
  const batches: BatchInfo[] = [];
  for (const id of await childFolders(store, 'test_sample')) {
    const manifest = await readManifest(store, layout.testSample(id)).catch(() => undefined);
    if (manifest !== undefined) batches.push({ id, rows: manifest.rows, createdAt: manifest.createdAt, manifest });
  }
  return batches;
}

/** What a model version records in `artifacts/models/<version>/model-info.json`. */
export interface ModelInfo {
  version: string;
  createdAt?: string;
  metrics?: Record<string, number>;
  trainedOn?: string;
  features?: string[];
  [more: string]: unknown;
}

export const MODEL_INFO_NAME = 'model-info.json';

/**
 * The model versions under `artifacts/models/`: folders with a `model-info.json`, which a
 * trainer writes last, after the model files. Sorted by version.
 */
export async function listModelVersions(store: Store): Promise<ModelInfo[]> {
  const models: ModelInfo[] = [];
  for (const version of await childFolders(store, 'artifacts/models')) {
    try {
      models.push({ ...(await getJson<ModelInfo>(store, `${layout.model(version)}/${MODEL_INFO_NAME}`)), version });
    } catch (error) {
      if (!(error instanceof StoreNotFoundError)) throw error;
    }
  }
  return models;
}

export interface ChampionPointer {
  version: string;
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

/** Points the champion at a version (one atomic write). */
export async function setChampion(store: Store, version: string, info: Record<string, unknown> = {}): Promise<ChampionPointer> {
  layout.model(version);
  const pointer: ChampionPointer = { ...info, version, since: new Date().toISOString() };
  await putJson(store, layout.champion, pointer);
  return pointer;
}


