import { randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, open, readdir, rename, rm, rmdir, stat, unlink, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { pathToFileURL } from 'node:url';
import { StoreError, StoreNotFoundError } from './errors.js';
import { checkKey, checkPrefix } from './keys.js';
import type { ByteRange, Store, StoreBody } from './store.js';

/** `.<name>.tmp-<12 hex>`: the temporary file a put writes before its rename. */
const TEMP_FILE = /^\..*\.tmp-[0-9a-f]{12}$/;

/**
 * A store in a local folder (created when first written). `put` writes a temporary file
 * `.<name>.tmp-<random>` in the target's folder and renames it over the target: atomic on
 * one file system, so a reader sees the old file or the new one. `list` skips temporary
 * files; `delete` of a missing key is no error and removes folders it leaves empty.
 */
export function createLocalStore(root: string): Store {
  const base = path.resolve(root);
  const url = pathToFileURL(base).href;
  const file = (key: string) => path.join(base, ...checkKey(key).split('/'));
  const fail = (key: string, error: unknown, doing: string): StoreError => {
    if (error instanceof StoreError) return error;
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return new StoreNotFoundError(base, key, error);
    return new StoreError('IO', `${base}/${key}: cannot ${doing} (${(error as Error).message})`, { key, cause: error });
  };

  const list = async (prefix: string): Promise<string[]> => {
    checkPrefix(prefix);
    const keys: string[] = [];
    const walk = async (dir: string, rel: string): Promise<void> => {
      let entries;
      try {
        entries = await readdir(dir, { withFileTypes: true });
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code === 'ENOENT' || code === 'ENOTDIR') return; // no such folder, or removed meanwhile
        throw fail(rel, error, 'list');
      }
      for (const entry of entries) {
        const key = rel === '' ? entry.name : `${rel}/${entry.name}`;
        if (entry.isDirectory()) {
          // descend only into folders that can hold keys under the prefix
          if (prefix.startsWith(`${key}/`) || key.startsWith(prefix) || `${key}/`.startsWith(prefix)) await walk(path.join(dir, entry.name), key);
        } else if (entry.isFile() && !TEMP_FILE.test(entry.name) && key.startsWith(prefix)) keys.push(key);
      }
    };
    // start from the deepest folder the prefix names
    const folder = prefix.includes('/') ? prefix.slice(0, prefix.lastIndexOf('/')) : '';
    await walk(folder === '' ? base : path.join(base, ...folder.split('/')), folder);
    return keys.sort();
  };

  const remove = async (key: string): Promise<void> => {
    const target = file(key);
    try {
      await unlink(target);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw fail(key, error, 'delete');
    }
    await pruneEmpty(base, path.dirname(target));
  };

  return {
    url,
    async get(key, options) {
      const target = file(key);
      try {
        return await readWhole(target, options?.into, options?.range);
      } catch (error) {
        throw fail(key, error, 'read');
      }
    },
    async getStream(key) {
      const target = file(key);
      try {
        if (!(await stat(target)).isFile()) throw Object.assign(new Error('not a file'), { code: 'ENOENT' });
      } catch (error) {
        throw fail(key, error, 'read');
      }
      return createReadStream(target);
    },
    async put(key, body: StoreBody) {
      const target = file(key);
      const temp = path.join(path.dirname(target), `.${path.basename(target)}.tmp-${randomBytes(6).toString('hex')}`);
      try {
        await mkdir(path.dirname(target), { recursive: true });
        if (typeof body === 'string' || body instanceof Uint8Array) await writeFile(temp, body);
        else await pipeline(Readable.from(body, { objectMode: false }), createWriteStream(temp));
        await rename(temp, target);
      } catch (error) {
        await rm(temp, { force: true });
        // never a StoreNotFoundError: a put that fails is an I/O failure
        throw new StoreError('IO', `${base}/${key}: cannot write (${(error as Error).message})`, { key, cause: error });
      }
    },
    async exists(key) {
      const target = file(key);
      try {
        return (await stat(target)).isFile();
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code === 'ENOENT' || code === 'ENOTDIR') return false;
        throw fail(key, error, 'stat');
      }
    },
    list,
    delete: remove,
    async deletePrefix(prefix) {
      for (const key of await list(prefix)) await remove(key);
    },
  };
}

/** Removes empty folders from `dir` up to (not including) `base`. */
async function pruneEmpty(base: string, dir: string): Promise<void> {
  for (let d = dir; d.startsWith(base + path.sep) && d !== base; d = path.dirname(d)) {
    try {
      await rmdir(d);
    } catch {
      return; // not empty (or gone): stop here
    }
  }
}

/** Buffers this store allocated for `get`: their room past the bytes returned is its own. */
const allocated = new WeakSet<ArrayBufferLike>();

/**
 * Where `get` reads `size` bytes: the caller's spare buffer when they fit in it (memory
 * already touched), including the room this store left past the end of a buffer of its own;
 * else a new buffer with 1/8 to spare, so that the next part of a dataset, a little larger,
 * fits in it too (room never written is never touched, so it costs nothing).
 */
function destination(size: number, into: Uint8Array | undefined): Uint8Array {
  if (into !== undefined) {
    if (into.length >= size) return into.subarray(0, size);
    if (allocated.has(into.buffer) && into.buffer.byteLength - into.byteOffset >= size) return new Uint8Array(into.buffer, into.byteOffset, size);
  }
  const buffer = new ArrayBuffer(size + (size >> 3));
  allocated.add(buffer);
  return new Uint8Array(buffer, 0, size);
}

/**
 * A file's bytes (or those of `range`) in as few reads as the system allows (one, mostly):
 * each read is one trip to the thread pool, so a file is read while this thread is busy with
 * other work, where readFile's 512 KiB chunks each wait for this thread before the next one
 * starts.
 */
async function readWhole(target: string, into: Uint8Array | undefined, range: ByteRange | undefined): Promise<Uint8Array> {
  const handle = await open(target, 'r');
  try {
    const fileSize = (await handle.stat()).size;
    const start = range === undefined ? 0 : Math.min(range.start, fileSize);
    const end = range === undefined ? fileSize : Math.max(start, Math.min(range.end, fileSize));
    const size = end - start;
    const bytes = destination(size, into);
    for (let at = 0; at < size; ) {
      const { bytesRead } = await handle.read(bytes, at, size - at, start + at);
      if (bytesRead === 0) return bytes.subarray(0, at);
      at += bytesRead;
    }
    return bytes;
  } finally {
    await handle.close();
  }
}
