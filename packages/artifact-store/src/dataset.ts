import { createHash, randomBytes } from 'node:crypto';
import { DatasetNotFoundError, StoreError, StoreNotFoundError } from './errors.js';
import { checkKey } from './keys.js';
import type { Store } from './store.js';

/** The name of a dataset's manifest, in its folder. */
export const MANIFEST_NAME = '_manifest.json';
/** The `format` of a manifest this package writes and reads. */
export const MANIFEST_FORMAT = 'dpp-dataset/1';

/** One column of a dataset's schema: its name, its type, and whatever else the writer records. */
export interface ColumnSchema {
  name: string;
  type: string;
  [more: string]: unknown;
}

/** One part file of a dataset, as its manifest names it. */
export interface DatasetPart {
  /** The part's key in the store, e.g. `train/part-m3k2x1-9f3a0c1d-00000.parquet`. */
  key: string;
  rows: number;
  bytes: number;
  /** sha256 of the part's bytes, hex. */
  sha256: string;
}

/** What `_manifest.json` holds: written last, it is what makes a dataset version visible. */
export interface DatasetManifest {
  format: 'dpp-dataset/1';
  /** The dataset's prefix in the store, e.g. `train` or `test_sample/batch-0001`. */
  dataset: string;
  rows: number;
  schema: ColumnSchema[];
  /** The parts, in order: a reader reads these and no other file of the folder. */
  parts: DatasetPart[];
  /** sha256 over the parts' sha256 (hex strings, in order): the same content, the same hash. */
  contentHash: string;
  /** When the version was committed, ISO 8601. */
  createdAt: string;
  /** The command line that wrote it. */
  command: string;
  /** The id of the write that made this version (also in its part names). */
  writeId: string;
  /** Anything else the writer recorded (target rule, seed, split...). */
  extra?: Record<string, unknown>;
}

/** A part's body: bytes, or a stream of byte chunks (hashed and counted as they are written). */
export type PartBody = Uint8Array | AsyncIterable<Uint8Array>;

/** What `commit` records besides the parts. Keys other than these go into `extra` too. */
export interface DatasetCommitInfo {
  /** The dataset's row count; checked against the sum of the parts' rows. Default: that sum. */
  rows?: number;
  schema: ColumnSchema[];
  extra?: Record<string, unknown>;
  [more: string]: unknown;
}

export interface BeginDatasetOptions {
  /** The command line that writes the dataset, recorded in the manifest. */
  command: string;
  /** The ending of part names. Default `.parquet`. */
  partExtension?: string;
}

export interface DatasetWriter {
  /** The dataset's prefix. */
  readonly prefix: string;
  /** `<time base36>-<8 random hex>`: unique to this write, part of every part name. */
  readonly writeId: string;
  /**
   * Writes one part as `<prefix>/part-<writeId>-<00000>.<ext>` (one atomic put), hashing it
   * as it goes. Parts are numbered in call order; the manifest lists them in that order.
   */
  putPart(body: PartBody, info: { rows: number }): Promise<DatasetPart>;
  /**
   * Makes this version visible: checks the parts are all there, writes the manifest (last,
   * one atomic put), then deletes the part files of the folder the new manifest does not name
   * (the previous version, orphans of crashed writes). Returns the manifest.
   * @throws StoreError `IO` when the rows do not add up or a part is unfinished; `CONFLICT`
   * when a part of this write is gone (removed by a concurrent writer's clean-up).
   */
  commit(info: DatasetCommitInfo): Promise<DatasetManifest>;
  /** Deletes the parts this writer wrote; the previous version stays as it was. No-op after commit. */
  abort(): Promise<void>;
}

const PART_FILE = /^part-.+/;

/**
 * Starts writing a new version of the dataset under `prefix`. Until `commit`, readers (who go
 * through the manifest: {@link readManifest}, {@link datasetParts}) see the previous version,
 * complete. A crash leaves orphan parts that the next commit or {@link gcDataset} removes.
 * One writer per dataset at a time: a commit removes the parts of any other unfinished write.
 */
export async function beginDataset(store: Store, prefix: string, options: BeginDatasetOptions): Promise<DatasetWriter> {
  checkKey(prefix);
  const extension = options.partExtension ?? '.parquet';
  const writeId = `${Date.now().toString(36)}-${randomBytes(4).toString('hex')}`;
  const parts: Array<DatasetPart | undefined> = [];
  const pending = new Set<Promise<unknown>>();
  let state: 'open' | 'committed' | 'aborted' = 'open';
  const where = `${store.url}/${prefix}`;
  const checkOpen = () => {
    if (state !== 'open') throw new StoreError('IO', `${where}: this dataset write (${writeId}) is already ${state}`, { key: prefix });
  };

  const putPart = async (body: PartBody, info: { rows: number }): Promise<DatasetPart> => {
    checkOpen();
    if (!Number.isSafeInteger(info.rows) || info.rows < 0) throw new RangeError(`${where}: a part's rows must be a whole number >= 0, got ${info.rows}`);
    const index = parts.length;
    parts.push(undefined);
    const key = `${prefix}/part-${writeId}-${String(index).padStart(5, '0')}${extension}`;
    const hash = createHash('sha256');
    let bytes = 0;
    const write = (async () => {
      if (body instanceof Uint8Array) {
        hash.update(body);
        bytes = body.length;
        await store.put(key, body);
      } else {
        await store.put(key, hashed(body));
      }
    })();
    async function* hashed(source: AsyncIterable<Uint8Array>): AsyncIterable<Uint8Array> {
      for await (const chunk of source) {
        hash.update(chunk);
        bytes += chunk.length;
        yield chunk;
      }
    }
    pending.add(write);
    try {
      await write;
    } finally {
      pending.delete(write);
    }
    const part: DatasetPart = { key, rows: info.rows, bytes, sha256: hash.digest('hex') };
    parts[index] = part;
    return part;
  };

  const commit = async (info: DatasetCommitInfo): Promise<DatasetManifest> => {
    checkOpen();
    if (pending.size > 0) throw new StoreError('IO', `${where}: commit called while ${pending.size} part(s) are still being written`, { key: prefix });
    const done = parts.filter((p): p is DatasetPart => p !== undefined);
    if (done.length !== parts.length) throw new StoreError('IO', `${where}: ${parts.length - done.length} part(s) of this write failed; abort it and write again`, { key: prefix });
    const partRows = done.reduce((s, p) => s + p.rows, 0);
    const { rows = partRows, schema, extra, ...more } = info;
    if (partRows !== rows) throw new StoreError('IO', `${where}: the parts hold ${partRows} rows, the commit says ${rows}`, { key: prefix });
    // A concurrent writer's clean-up may have removed our parts: never publish a manifest naming missing files.
    const present = new Set(await store.list(`${prefix}/`));
    const missing = done.find((p) => !present.has(p.key));
    if (missing !== undefined) throw new StoreError('CONFLICT', `${where}: part ${missing.key} of this write is gone (another writer committed meanwhile?)`, { key: missing.key });
    const hash = createHash('sha256');
    for (const p of done) hash.update(p.sha256);
    const allExtra = { ...extra, ...more };
    const manifest: DatasetManifest = {
      format: MANIFEST_FORMAT,
      dataset: prefix,
      rows,
      schema,
      parts: done,
      contentHash: hash.digest('hex'),
      createdAt: new Date().toISOString(),
      command: options.command,
      writeId,
      ...(Object.keys(allExtra).length === 0 ? {} : { extra: allExtra }),
    };
    await store.put(`${prefix}/${MANIFEST_NAME}`, `${JSON.stringify(manifest, null, 2)}\n`);
    state = 'committed';
    // The version is published; failing to clean up now only leaves files that the next
    // commit or gcDataset removes, so it does not fail the commit.
    await gcDataset(store, prefix).catch(() => undefined);
    return manifest;
  };

  const abort = async (): Promise<void> => {
    if (state !== 'open') return;
    state = 'aborted';
    await Promise.allSettled([...pending]);
    for (let i = 0; i < parts.length; i++) await store.delete(`${prefix}/part-${writeId}-${String(i).padStart(5, '0')}${extension}`);
  };

  return { prefix, writeId, putPart, commit, abort };
}

/**
 * Reads a dataset's manifest.
 * @throws DatasetNotFoundError (`NO_MANIFEST`) when the dataset does not exist;
 * StoreError `BAD_MANIFEST` when `_manifest.json` is not a dpp-dataset/1 manifest.
 */
export async function readManifest(store: Store, prefix: string): Promise<DatasetManifest> {
  const key = `${checkKey(prefix)}/${MANIFEST_NAME}`;
  let bytes: Uint8Array;
  try {
    bytes = await store.get(key);
  } catch (error) {
    if (error instanceof StoreNotFoundError) throw new DatasetNotFoundError(store.url, prefix, error);
    throw error;
  }
  let manifest: DatasetManifest;
  try {
    manifest = JSON.parse(new TextDecoder().decode(bytes)) as DatasetManifest;
  } catch (error) {
    throw new StoreError('BAD_MANIFEST', `${store.url}/${key}: not JSON (${(error as Error).message})`, { key, cause: error });
  }
  if (manifest === null || typeof manifest !== 'object' || manifest.format !== MANIFEST_FORMAT || !Array.isArray(manifest.parts) || typeof manifest.rows !== 'number') {
    throw new StoreError('BAD_MANIFEST', `${store.url}/${key}: not a ${MANIFEST_FORMAT} manifest`, { key });
  }
  return manifest;
}

/** The keys of the parts the manifest names, in order: the only files a reader should read. */
export async function datasetParts(store: Store, prefix: string): Promise<string[]> {
  return (await readManifest(store, prefix)).parts.map((p) => p.key);
}

/**
 * Deletes the part files (`part-*`) directly in the dataset's folder that its manifest does
 * not name: parts of older versions and of crashed or aborted writes. With no manifest, every
 * part file is an orphan. Other files and sub-folders are left alone. Returns the deleted keys.
 * Do not run it while a write to the same dataset is under way: it would remove that write's parts.
 */
export async function gcDataset(store: Store, prefix: string): Promise<string[]> {
  let keep: Set<string>;
  try {
    keep = new Set((await readManifest(store, prefix)).parts.map((p) => p.key));
  } catch (error) {
    if (!(error instanceof DatasetNotFoundError)) throw error;
    keep = new Set();
  }
  const removed: string[] = [];
  for (const key of await store.list(`${prefix}/`)) {
    const name = key.slice(prefix.length + 1);
    if (name.includes('/') || !PART_FILE.test(name) || keep.has(key)) continue;
    await store.delete(key);
    removed.push(key);
  }
  return removed;
}

/**
 * Deletes a dataset: first its manifest (so readers see it gone at once, never half-deleted),
 * then its part files. Files not written by a dataset writer and sub-folders stay.
 */
export async function deleteDataset(store: Store, prefix: string): Promise<void> {
  await store.delete(`${checkKey(prefix)}/${MANIFEST_NAME}`);
  await gcDataset(store, prefix);
}
