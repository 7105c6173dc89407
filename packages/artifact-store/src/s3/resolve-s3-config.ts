import { StoreError } from '../errors.js';

/** Settings of an S3 store; each falls back to the environment, then to its default. */
export interface S3Options {
  /**
   * An S3-compatible endpoint, e.g. https://storage.yandexcloud.net or http://127.0.0.1:9000.
   * Default: `DPP_S3_ENDPOINT`, else `AWS_ENDPOINT_URL_S3`, else `AWS_ENDPOINT_URL`, else AWS.
   */
  endpoint?: string;
  /** Default: `AWS_REGION`, else `AWS_DEFAULT_REGION`, else `us-east-1`. */
  region?: string;
  /**
   * Path-style addressing (`endpoint/bucket/key`, as MinIO and many S3-compatible stores
   * want) instead of virtual-hosted (`bucket.endpoint/key`). Default: `DPP_S3_FORCE_PATH_STYLE`
   * (`true`/`1` or `false`/`0`), else true exactly when a custom endpoint is set.
   */
  forcePathStyle?: boolean;
  /**
   * Explicit credentials. Default: the AWS SDK's default provider chain (`AWS_ACCESS_KEY_ID`
   * / `AWS_SECRET_ACCESS_KEY` / `AWS_SESSION_TOKEN`, `AWS_PROFILE` and ~/.aws, SSO, web identity,
   * container and instance metadata).
   */
  credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
  /** Objects larger than this go up as a multipart upload. Default 16 MiB (never below `partSize`). */
  multipartThreshold?: number;
  /** Size of each part of a multipart upload; S3's minimum is 5 MiB. Default 8 MiB. */
  partSize?: number;
  /**
   * Attempts per request (each part of a multipart upload is one request), with exponential
   * backoff and jitter between them, on transient errors: 5xx, throttling, timeouts, connection
   * resets. Default: `AWS_MAX_ATTEMPTS`, else 5.
   */
  maxAttempts?: number;
  /**
   * The SDK's retry strategy: `standard` (backoff with jitter) or `adaptive` (standard plus
   * client-side rate limiting once throttled). Default: `AWS_RETRY_MODE`, else `standard`.
   */
  retryMode?: 'standard' | 'adaptive';
}

/** The settings of an S3 store, resolved. */
export interface S3Config {
  bucket: string;
  /** Key prefix inside the bucket, '' or ending with '/'. */
  prefix: string;
  endpoint: string | undefined;
  region: string;
  forcePathStyle: boolean;
  /** undefined: the SDK's default provider chain. */
  credentials: S3Options['credentials'];
  multipartThreshold: number;
  partSize: number;
  maxAttempts: number;
  retryMode: 'standard' | 'adaptive';
}

const MIN_PART = 5 << 20;

/**
 * Resolves the settings of an S3 store from its URL (`s3://bucket[/prefix]`), the options and
 * the environment, in that order of precedence (see {@link S3Options} for each default).
 *
 * @throws StoreError `BAD_URL` when the URL is not `s3://bucket[/prefix]`; `BAD_CONFIG` when
 * a setting is out of range.
 */
export function resolveS3Config(url: string, options: S3Options = {}, env: NodeJS.ProcessEnv = process.env): S3Config {
  const match = /^s3:\/\/([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])(\/.*)?$/.exec(url);
  if (match === null) throw new StoreError('BAD_URL', `'${url}' is not an S3 store URL (s3://bucket/prefix, bucket of 3 to 63 lowercase letters, digits, '.' or '-')`);
  const rawPrefix = (match[2] ?? '').replace(/^\/+|\/+$/g, '');
  if (rawPrefix.split('/').some((s) => s === '.' || s === '..') || /\/\//.test(rawPrefix)) throw new StoreError('BAD_URL', `'${url}': the prefix has an empty, '.' or '..' segment`);
  const endpoint = nonEmpty(options.endpoint) ?? nonEmpty(env.DPP_S3_ENDPOINT) ?? nonEmpty(env.AWS_ENDPOINT_URL_S3) ?? nonEmpty(env.AWS_ENDPOINT_URL);
  if (endpoint !== undefined && !/^https?:\/\/[^/]+/.test(endpoint)) throw new StoreError('BAD_CONFIG', `S3 endpoint '${endpoint}' is not an http(s) URL`);
  const pathStyleEnv = nonEmpty(env.DPP_S3_FORCE_PATH_STYLE)?.toLowerCase();
  if (pathStyleEnv !== undefined && !['true', '1', 'false', '0'].includes(pathStyleEnv)) throw new StoreError('BAD_CONFIG', `DPP_S3_FORCE_PATH_STYLE='${pathStyleEnv}' is not true, false, 1 or 0`);
  const partSize = options.partSize ?? 8 << 20;
  if (!Number.isSafeInteger(partSize) || partSize < MIN_PART) throw new StoreError('BAD_CONFIG', `partSize must be a whole number of bytes >= 5 MiB (S3's minimum part), got ${partSize}`);
  const threshold = options.multipartThreshold ?? 16 << 20;
  if (!Number.isSafeInteger(threshold) || threshold < 0) throw new StoreError('BAD_CONFIG', `multipartThreshold must be a whole number of bytes >= 0, got ${threshold}`);
  const maxAttempts = options.maxAttempts ?? (env.AWS_MAX_ATTEMPTS === undefined ? 5 : Number(env.AWS_MAX_ATTEMPTS));
  if (!Number.isSafeInteger(maxAttempts) || maxAttempts < 1) throw new StoreError('BAD_CONFIG', `maxAttempts must be a whole number >= 1, got ${maxAttempts}`);
  const retryMode = options.retryMode ?? nonEmpty(env.AWS_RETRY_MODE) ?? 'standard';
  if (retryMode !== 'standard' && retryMode !== 'adaptive') throw new StoreError('BAD_CONFIG', `retryMode must be 'standard' or 'adaptive', got '${retryMode}'`);
  return {
    bucket: match[1] as string,
    prefix: rawPrefix === '' ? '' : `${rawPrefix}/`,
    endpoint,
    region: nonEmpty(options.region) ?? nonEmpty(env.AWS_REGION) ?? nonEmpty(env.AWS_DEFAULT_REGION) ?? 'us-east-1',
    forcePathStyle: options.forcePathStyle ?? (pathStyleEnv === undefined ? endpoint !== undefined : pathStyleEnv === 'true' || pathStyleEnv === '1'),
    credentials: options.credentials,
    multipartThreshold: Math.max(partSize, threshold),
    partSize,
    maxAttempts,
    retryMode,
  };
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}
