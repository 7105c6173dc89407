import { createHash, randomBytes } from 'node:crypto';
import { StoreError, StoreNotFoundError } from './errors.js';
import { checkKey } from './keys.js';
import type { Store } from './store.js';

export const MANIFEST_NAME = '_manifest.json';

export interface DatasetPart {
  key: string;
  rows: number;
  bytes: number;
  sha256: string;
}

/** What `_manifest.json` holds: written last, it is what makes a dataset version visible. */
export interface DatasetManifest {
  format: 'dpp-dataset/1';
  /** The dataset's prefix in the store, e.g. `train` or `test_sample/batch-0001`. */
  dataset: string;
  rows: number;
  schema: Array<{ name: string; type: string; [more: string]: unknown }>;
  parts: DatasetPart[];
  /** sha256 over the parts' sha256 in order: the same content gives the same hash. */
  contentHash: string;
  createdAt: string;
  /** The command line that wrote it. */
  command: string;
  writeId: string;
  extra?: Record<string, unknown>;
}

export interface DatasetWriter {
  /** Writes one part (a Parquet file) under a name unique to this write. */
  putPart(body: Uint8Array, info: { rows: number }): Promise<DatasetPart>;
  /**
   * Makes this version visible: writes the manifest (last), then deletes the files of the
   * dataset that the new manifest does not name (the previous version, orphans of crashed
   * writes). Returns the manifest.
   */
  commit(info: { rows: number; schema: DatasetManifest['schema']; extra?: Record<string, unknown> }): Promise<DatasetManifest>;
  /** Deletes the parts this writer wrote; the previous version stays as it was. */
  abort(): Promise<void>;
}

/**
 * Starts writing a new version of the dataset under `prefix`. Until `commit`, readers
 * (which go through the manifest) see the previous version, complete; a crash leaves
 * orphan parts that the next commit or {@link gcDataset} removes.
 */
export async function beginDataset(store: Store, prefix: string, options: { command: string }): Promise<DatasetWriter> {
  checkKey(prefix);
  const writeId = `${Date.now().toString(36)}-${randomBytes(4).toString('hex')}`;
  const parts: DatasetPart[] = [];
  let closed = false;
  const open = () => {
    if (closed) throw new StoreError('IO', `${store.url}/${prefix}: this dataset write is already committed or aborted`);
  };
  return {
    async putPart(body, info) {
      open();
      const key = `${prefix}/part-${writeId}-${String(parts.length).padStart(5, '0')}.parquet`;
      await store.put(key, body);
      const part = { key, rows: info.rows, bytes: body.length, sha256: createHash('sha256').update(body).digest('hex') };
      parts.push(part);
      return part;
    },
    async commit(info) {
      open();
      const partRows = parts.reduce((s, p) => s + p.rows, 0);
      if (partRows !== info.rows) throw new StoreError('IO', `${store.url}/${prefix}: the parts hold ${partRows} rows, the commit says ${info.rows}`);
      const hash = createHash('sha256');
      for (const p of parts) hash.update(p.sha256);
      const manifest: DatasetManifest = {
        format: 'dpp-dataset/1',
        dataset: prefix,
        rows: info.rows,
        schema: info.schema,
        parts,
        contentHash: hash.digest('hex'),
        createdAt: new Date().toISOString(),
        command: options.command,
        writeId,
        ...(info.extra === undefined ? {} : { extra: info.extra }),
      };
      await store.put(`${prefix}/${MANIFEST_NAME}`, `${JSON.stringify(manifest, null, 2)}\n`);
      closed = true;
      await gcDataset(store, prefix);
      return manifest;
    },
    async abort() {
      if (closed) return;
      closed = true;
      for (const p of parts) await store.delete(p.key);
    },
  };
}

/** Reads a dataset's manifest. @throws StoreError `NO_MANIFEST` when the dataset does not exist. */
export async function readManifest(store: Store, prefix: string): Promise<DatasetManifest> {
  let bytes: Uint8Array;
  try {
    bytes = await store.get(`${checkKey(prefix)}/${MANIFEST_NAME}`);
  } catch (error) {
    if (error instanceof StoreNotFoundError) throw new StoreError('NO_MANIFEST', `${store.url}/${prefix}: no dataset here (no ${MANIFEST_NAME})`, { key: prefix, cause: error });
    throw error;
  }
  return JSON.parse(new TextDecoder().decode(bytes)) as DatasetManifest;
}

/** The keys of the parts the manifest names, in order: the only files a reader should read. */
export async function datasetParts(store: Store, prefix: string): Promise<string[]> {
  return (await readManifest(store, prefix)).parts.map((p) => p.key);
}

/**
 * Deletes the files directly in the dataset's folder that its manifest does not name
 * (parts of older versions and of crashed writes). Sub-folders are left alone.
 */
export async function gcDataset(store: Store, prefix: string): Promise<string[]> {
  const manifest = await readManifest(store, prefix);
  const keep = new Set([...manifest.parts.map((p) => p.key), `${prefix}/${MANIFEST_NAME}`]);
  const removed: string[] = [];
  for (const key of await store.list(`${prefix}/`)) {
    if (key.slice(prefix.length + 1).includes('/') || keep.has(key)) continue;
    await store.delete(key);
    removed.push(key);
  }
  return removed;
}
