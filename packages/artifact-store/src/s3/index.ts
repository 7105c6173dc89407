export { createS3Store } from './s3-store.js';
export { type S3Config, type S3Options, resolveS3Config } from './resolve-s3-config.js';
