import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  DeleteObjectCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { StoreError, StoreNotFoundError } from '../errors.js';
import { checkKey, checkPrefix } from '../keys.js';
import type { Store, StoreBody } from '../store.js';
import { type S3Options, resolveS3Config } from './resolve-s3-config.js';

const encoder = new TextEncoder();

/**
 * A store in an S3 bucket (AWS, Yandex Object Storage, MinIO, any S3-compatible service)
 * under `s3://bucket/prefix`. Small objects go up in one PUT, large ones (and streams that
 * turn out large) as a multipart upload completed only at the end (and aborted on failure),
 * so a reader never sees a part. Transient errors (5xx, throttling, timeouts, connection
 * resets) are retried per request, each part of a multipart upload on its own, by the
 * SDK's retry strategy: exponential backoff with jitter, `maxAttempts` tries.
 */
export function createS3Store(url: string, options: S3Options = {}): Store {
  const config = resolveS3Config(url, options);
  // The SDK warns on stderr about Node versions it will stop supporting in future
  // releases; the dpp CLIs promise one line of stderr per error, so it is turned off.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const client = new S3Client({
    region: config.region,
    forcePathStyle: config.forcePathStyle,
    maxAttempts: config.maxAttempts,
    retryMode: config.retryMode,
    // Since 3.729 the SDK adds a CRC32 checksum to every upload by default, sent as an
    // aws-chunked body with a trailer for streams. Several S3-compatible stores (older MinIO,
    // Yandex Object Storage for some calls, s3rver) reject or mis-store such bodies, and
    // SigV4 already guards the bytes in transit; so checksums only where an API requires
    // them (DeleteObjects), and responses validated only when asked.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    ...(config.endpoint === undefined ? {} : { endpoint: config.endpoint }),
    ...(config.credentials === undefined ? {} : { credentials: config.credentials }),
  });
  const { bucket, prefix } = config;
  const where = `s3://${bucket}/${prefix}`;
  const full = (key: string) => prefix + checkKey(key);
  const fail = (key: string, error: unknown): StoreError => {
    if (error instanceof StoreError) return error;
    const name = (error as { name?: string }).name;
    if (name === 'NoSuchKey' || name === 'NotFound' || (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 404) return new StoreNotFoundError(where.slice(0, -1), key, error);
    return new StoreError('IO', `${where}${key}: ${(error as Error).message ?? String(error)}`, { key, cause: error });
  };

  const putMultipart = async (key: string, first: Uint8Array[], rest: AsyncIterator<Uint8Array> | undefined, firstSize: number) => {
    const { UploadId } = await client.send(new CreateMultipartUploadCommand({ Bucket: bucket, Key: full(key) }));
    const parts: Array<{ ETag: string; PartNumber: number }> = [];
    try {
      let pending = first;
      let pendingSize = firstSize;
      const send = async (chunks: Uint8Array[], size: number) => {
        const body = concat(chunks, size);
        const PartNumber = parts.length + 1;
        const { ETag } = await client.send(new UploadPartCommand({ Bucket: bucket, Key: full(key), UploadId, PartNumber, Body: body }));
        parts.push({ ETag: ETag as string, PartNumber });
      };
      const take = async () => {
        if (pendingSize < config.partSize) return;
        const all = concat(pending, pendingSize);
        let offset = 0;
        for (; pendingSize - offset >= config.partSize; offset += config.partSize) await send([all.subarray(offset, offset + config.partSize)], config.partSize);
        pending = [all.subarray(offset)];
        pendingSize -= offset;
      };
      await take();
      if (rest !== undefined) {
        for (let next = await rest.next(); !next.done; next = await rest.next()) {
          pending.push(next.value);
          pendingSize += next.value.length;
          await take();
        }
      }
      if (pendingSize > 0 || parts.length === 0) await send(pending, pendingSize);
      await client.send(new CompleteMultipartUploadCommand({ Bucket: bucket, Key: full(key), UploadId, MultipartUpload: { Parts: parts } }));
    } catch (error) {
      await client.send(new AbortMultipartUploadCommand({ Bucket: bucket, Key: full(key), UploadId })).catch(() => undefined);
      throw error;
    }
  };

  const list = async (listPrefix: string): Promise<string[]> => {
    checkPrefix(listPrefix);
    const keys: string[] = [];
    let ContinuationToken: string | undefined;
    try {
      do {
        const out = await client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix + listPrefix, ContinuationToken }));
        for (const object of out.Contents ?? []) if (object.Key !== undefined) keys.push(object.Key.slice(prefix.length));
        ContinuationToken = out.IsTruncated ? out.NextContinuationToken : undefined;
      } while (ContinuationToken !== undefined);
    } catch (error) {
      throw fail(listPrefix, error);
    }
    return keys.sort();
  };

  return {
    url: `s3://${bucket}${prefix === '' ? '' : `/${prefix.slice(0, -1)}`}`,
    async get(key, options) {
      const range = options?.range;
      // HTTP ranges are inclusive; an empty one cannot be asked for
      if (range !== undefined && range.end <= range.start) {
        try {
          await client.send(new HeadObjectCommand({ Bucket: bucket, Key: full(key) }));
        } catch (error) {
          throw fail(key, error);
        }
        return new Uint8Array(0);
      }
      const header = range === undefined ? undefined : `bytes=${range.start}-${range.end - 1}`;
      try {
        const out = await client.send(new GetObjectCommand({ Bucket: bucket, Key: full(key), ...(header === undefined ? {} : { Range: header }) }));
        return await (out.Body as { transformToByteArray(): Promise<Uint8Array> }).transformToByteArray();
      } catch (error) {
        // a range that starts past the end: no bytes (416), as the local store gives
        if (header !== undefined && (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 416) return new Uint8Array(0);
        throw fail(key, error);
      }
    },
    async getStream(key) {
      try {
        const out = await client.send(new GetObjectCommand({ Bucket: bucket, Key: full(key) }));
        return out.Body as AsyncIterable<Uint8Array>;
      } catch (error) {
        throw fail(key, error);
      }
    },
    async put(key, body: StoreBody) {
      full(key);
      try {
        if (typeof body === 'string' || body instanceof Uint8Array) {
          const bytes = typeof body === 'string' ? encoder.encode(body) : body;
          if (bytes.length <= config.multipartThreshold) await client.send(new PutObjectCommand({ Bucket: bucket, Key: full(key), Body: bytes }));
          else await putMultipart(key, [bytes], undefined, bytes.length);
          return;
        }
        // A stream: buffer up to the threshold, then decide.
        const iterator = body[Symbol.asyncIterator]();
        const chunks: Uint8Array[] = [];
        let size = 0;
        for (;;) {
          const next = await iterator.next();
          if (next.done) {
            await client.send(new PutObjectCommand({ Bucket: bucket, Key: full(key), Body: concat(chunks, size) }));
            return;
          }
          chunks.push(next.value);
          size += next.value.length;
          if (size > config.multipartThreshold) {
            await putMultipart(key, chunks, iterator, size);
            return;
          }
        }
      } catch (error) {
        throw fail(key, error);
      }
    },
    async exists(key) {
      try {
        await client.send(new HeadObjectCommand({ Bucket: bucket, Key: full(key) }));
        return true;
      } catch (error) {
        if (fail(key, error) instanceof StoreNotFoundError) return false;
        throw fail(key, error);
      }
    },
    list,
    async delete(key) {
      try {
        // deleting a missing key is no error on S3 either (204)
        await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: full(key) }));
      } catch (error) {
        throw fail(key, error);
      }
    },
    async deletePrefix(deletePrefix) {
      const keys = await list(deletePrefix);
      for (let i = 0; i < keys.length; i += 1000) {
        const Objects = keys.slice(i, i + 1000).map((k) => ({ Key: prefix + k }));
        try {
          const out = await client.send(new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects, Quiet: true } }));
          if (out.Errors !== undefined && out.Errors.length > 0) throw new Error(`${out.Errors.length} objects not deleted, first: ${out.Errors[0]?.Key} (${out.Errors[0]?.Message})`);
        } catch (error) {
          throw fail(deletePrefix, error);
        }
      }
    },
  };
}

function concat(chunks: readonly Uint8Array[], size: number): Uint8Array {
  if (chunks.length === 1 && (chunks[0] as Uint8Array).length === size) return chunks[0] as Uint8Array;
  const out = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.length;
  }
  return out;
}
