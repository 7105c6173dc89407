import { fileURLToPath } from 'node:url';
import { createLocalStore } from './local-store.js';
import type { S3Options } from './s3/resolve-s3-config.js';
import type { Store } from './store.js';

export interface OpenStoreOptions {
  /** Settings of an S3 store (see `resolveS3Config`); ignored for a local one. */
  s3?: S3Options;
}

/**
 * Opens the store a URL names: `s3://bucket/prefix` is an S3 store (its implementation,
 * and the AWS SDK, load only then), `file:///path` or a plain path a local folder.
 */
export async function openStore(url: string, options: OpenStoreOptions = {}): Promise<Store> {
  if (url.startsWith('s3://')) {
    const { createS3Store } = await import('./s3/index.js');
    return createS3Store(url, options.s3);
  }
  return createLocalStore(url.startsWith('file://') ? fileURLToPath(url) : url);
}
