import { fileURLToPath } from 'node:url';
import { StoreError } from './errors.js';
import { createLocalStore } from './local-store.js';
import type { S3Options } from './s3/resolve-s3-config.js';
import type { Store } from './store.js';

export interface OpenStoreOptions {
  /** Settings of an S3 store (see `resolveS3Config` in `@dpp/artifact-store/s3`); ignored for a local one. */
  s3?: S3Options;
}

/**
 * Opens the store a URL names: `s3://bucket/prefix` is an S3 store (its implementation, and
 * the AWS SDK, load only then); `file:///path` or a plain path (relative to the working
 * folder) a local folder, created when first written.
 * @throws StoreError `BAD_URL` for another scheme (`http://`, `gs://`...) or an empty URL.
 */
export async function openStore(url: string, options: OpenStoreOptions = {}): Promise<Store> {
  if (url.startsWith('s3://')) {
    const { createS3Store } = await import('./s3/index.js');
    return createS3Store(url, options.s3);
  }
  if (url.startsWith('file://')) return createLocalStore(fileURLToPath(url));
  if (url === '' || /^[a-z][a-z0-9+.-]+:\/\//i.test(url)) throw new StoreError('BAD_URL', `'${url}' names no store: use a folder path, file:///path or s3://bucket/prefix`);
  return createLocalStore(url);
}
