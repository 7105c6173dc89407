import { randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, readFile, readdir, rename, rm, rmdir, stat, unlink, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { StoreError, StoreNotFoundError } from './errors.js';
import { checkKey, checkPrefix } from './keys.js';
import type { Store, StoreBody } from './store.js';

const TEMP_MARK = '.tmp-';

/**
 * A store in a local folder (created when first written). `put` writes a temporary file
 * beside the target and renames it over the target, which is atomic on one file system.
 */
export function createLocalStore(root: string): Store {
  const base = path.resolve(root);
  const url = pathToFileURL(base).href;
  const file = (key: string) => path.join(base, ...checkKey(key).split('/'));
  const notFound = (key: string, error: unknown) => ((error as NodeJS.ErrnoException).code === 'ENOENT' ? new StoreNotFoundError(base, key, error) : new StoreError('IO', `${base}/${key}: ${(error as Error).message}`, { key, cause: error }));

  return {
    url,
    async get(key) {
      try {
        return new Uint8Array(await readFile(file(key)));
      } catch (error) {
        throw notFound(key, error);
      }
    },
    async getStream(key) {
      const target = file(key);
      try {
        await stat(target);
      } catch (error) {
        throw notFound(key, error);
      }
      return createReadStream(target);
    },
    async put(key, body: StoreBody) {
      const target = file(key);
      await mkdir(path.dirname(target), { recursive: true });
      const temp = path.join(path.dirname(target), `.${path.basename(target)}${TEMP_MARK}${randomBytes(6).toString('hex')}`);
      try {
        if (typeof body === 'string' || body instanceof Uint8Array) await writeFile(temp, body);
        else await pipeline(Readable.from(body), createWriteStream(temp));
        await rename(temp, target);
      } catch (error) {
        await rm(temp, { force: true });
        throw new StoreError('IO', `${base}/${key}: cannot write (${(error as Error).message})`, { key, cause: error });
      }
    },
    async exists(key) {
      try {
        return (await stat(file(key))).isFile();
      } catch {
        return false;
      }
    },
    async list(prefix) {
      checkPrefix(prefix);
      const keys: string[] = [];
      const walk = async (dir: string, rel: string): Promise<void> => {
        let entries;
        try {
          entries = await readdir(dir, { withFileTypes: true });
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code === 'ENOENT' || (error as NodeJS.ErrnoException).code === 'ENOTDIR') return;
          throw error;
        }
        for (const entry of entries) {
          const key = rel === '' ? entry.name : `${rel}/${entry.name}`;
          if (entry.isDirectory()) await walk(path.join(dir, entry.name), key);
          else if (entry.isFile() && !entry.name.includes(TEMP_MARK) && key.startsWith(prefix)) keys.push(key);
        }
      };
      // start from the deepest folder the prefix names
      const folder = prefix.includes('/') ? prefix.slice(0, prefix.lastIndexOf('/')) : '';
      await walk(folder === '' ? base : path.join(base, ...folder.split('/')), folder);
      return keys.sort();
    },
    async delete(key) {
      try {
        await unlink(file(key));
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw notFound(key, error);
      }
      await pruneEmpty(base, path.dirname(file(key)));
    },
    async deletePrefix(prefix) {
      for (const key of await this.list(prefix)) await this.delete(key);
    },
  };
}

/** Removes empty folders from `dir` up to (not including) `base`. */
async function pruneEmpty(base: string, dir: string): Promise<void> {
  for (let d = dir; d.startsWith(base) && d !== base; d = path.dirname(d)) {
    try {
      await rmdir(d);
    } catch {
      return;
    }
  }
}
