import { StoreError } from '../errors.js';

export interface S3Options {
  /** An S3-compatible endpoint, e.g. https://storage.yandexcloud.net or http://127.0.0.1:9000. */
  endpoint?: string;
  region?: string;
  /** Path-style addressing (bucket in the path, as MinIO and most S3-compatible stores want). */
  forcePathStyle?: boolean;
  /** Explicit credentials; by default the AWS SDK's chain (environment, profile, ...). */
  credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
  /** Objects larger than this go up as a multipart upload. Default 16 MiB. */
  multipartThreshold?: number;
  /** Size of each part of a multipart upload (S3's minimum is 5 MiB). Default 8 MiB. */
  partSize?: number;
  /** Attempts per request, with exponential backoff and jitter between them. Default 5. */
  maxAttempts?: number;
}

export interface S3Config {
  bucket: string;
  /** Key prefix inside the bucket, '' or ending with '/'. */
  prefix: string;
  endpoint: string | undefined;
  region: string;
  forcePathStyle: boolean;
  credentials: S3Options['credentials'];
  multipartThreshold: number;
  partSize: number;
  maxAttempts: number;
}

/**
 * Resolves the settings of an S3 store from the URL, the options and the environment, in
 * that order of precedence: endpoint from `DPP_S3_ENDPOINT`, `AWS_ENDPOINT_URL_S3` or
 * `AWS_ENDPOINT_URL`; region from `AWS_REGION` or `AWS_DEFAULT_REGION` (default
 * us-east-1); path-style from `DPP_S3_FORCE_PATH_STYLE` (default: on with a custom endpoint).
 *
 * @throws StoreError `BAD_URL` when the URL is not `s3://bucket[/prefix]`.
 */
export function resolveS3Config(url: string, options: S3Options = {}, env: NodeJS.ProcessEnv = process.env): S3Config {
  const match = /^s3:\/\/([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])(\/.*)?$/.exec(url);
  if (match === null) throw new StoreError('BAD_URL', `'${url}' is not an S3 store URL (s3://bucket/prefix, bucket of 3 to 63 lowercase letters, digits, '.' or '-')`);
  const rawPrefix = (match[2] ?? '').replace(/^\/+|\/+$/g, '');
  const endpoint = options.endpoint ?? env.DPP_S3_ENDPOINT ?? env.AWS_ENDPOINT_URL_S3 ?? env.AWS_ENDPOINT_URL;
  const pathStyleEnv = env.DPP_S3_FORCE_PATH_STYLE;
  const partSize = options.partSize ?? 8 << 20;
  if (partSize < 5 << 20) throw new StoreError('BAD_URL', `partSize must be at least 5 MiB (S3's minimum part), got ${partSize}`);
  return {
    bucket: match[1] as string,
    prefix: rawPrefix === '' ? '' : `${rawPrefix}/`,
    endpoint,
    region: options.region ?? env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? 'us-east-1',
    forcePathStyle: options.forcePathStyle ?? (pathStyleEnv === undefined ? endpoint !== undefined : pathStyleEnv === 'true' || pathStyleEnv === '1'),
    credentials: options.credentials,
    multipartThreshold: Math.max(partSize, options.multipartThreshold ?? 16 << 20),
    partSize,
    maxAttempts: options.maxAttempts ?? 5,
  };
}
