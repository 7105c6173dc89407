// The S3 store against a real S3-protocol server (s3rver, an npm devDependency) that the test
// starts on loopback, never a mocked SDK; plus retries through a flaky proxy in front of it.
import { ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '@dpp/artifact-store';
import { createS3Store } from '@dpp/artifact-store/s3';
import { startFlakyProxy } from './flaky-proxy.js';
import { type S3TestServer, startS3rver } from './s3-servers.js';
import { bytesOf, storeContract } from './store-contract.js';

let server: S3TestServer;
beforeAll(async () => {
  server = await startS3rver(['dpp-contract', 'dpp-retry', 'dpp-open']);
});
afterAll(async () => server?.close());

// the smallest part size S3 allows, so the 20 MiB object goes up as a multipart upload of 4 parts
storeContract(
  's3 (s3rver on loopback)',
  () => createS3Store('s3://dpp-contract/some/prefix', { endpoint: server.endpoint, credentials: server.credentials, partSize: 5 << 20, multipartThreshold: 6 << 20 }),
  { largeObjectBytes: 20 << 20, manyKeys: 1100 },
);

describe('s3 store (s3rver on loopback)', () => {
  it('opens through openStore with settings from the environment, under its prefix only', async () => {
    const saved = { ...process.env };
    try {
      Object.assign(process.env, server.env);
      const store = await openStore('s3://dpp-open/via/open/');
      expect(store.url).toBe('s3://dpp-open/via/open');
      await store.put('x.txt', 'y');
      expect(new TextDecoder().decode(await store.get('x.txt'))).toBe('y');
      const root = await openStore('s3://dpp-open');
      expect(await root.list('')).toEqual(['via/open/x.txt']);
      expect(await store.list('')).toEqual(['x.txt']);
    } finally {
      process.env = saved;
    }
  });

  it('uploads a large object as a multipart upload completed at the end, and leaves no upload open', async () => {
    const proxy = await startFlakyProxy(server.endpoint, () => false);
    try {
      const store = createS3Store('s3://dpp-retry/mp', { endpoint: proxy.endpoint, credentials: server.credentials, partSize: 5 << 20, multipartThreshold: 5 << 20 });
      await store.put('big.bin', bytesOf(12 << 20, 3));
      const calls = proxy.log.map((r) => `${r.method} ${r.url.replace(/uploadId=[^&]+/, 'uploadId=U').replace(/\?x-id=\w+$/, '')}`);
      expect(calls).toEqual([
        'POST /dpp-retry/mp/big.bin?uploads',
        'PUT /dpp-retry/mp/big.bin?partNumber=1&uploadId=U',
        'PUT /dpp-retry/mp/big.bin?partNumber=2&uploadId=U',
        'PUT /dpp-retry/mp/big.bin?partNumber=3&uploadId=U',
        'POST /dpp-retry/mp/big.bin?uploadId=U',
      ].map((c) => expect.stringMatching(new RegExp(`^${c.replace(/[?.]/g, '\\$&').replace('uploads', 'uploads(=)?')}`))));
      expect((await store.get('big.bin')).length).toBe(12 << 20);
    } finally {
      await proxy.close();
    }
  });

  it('retries transient errors (503 SlowDown, 500) with backoff, a multipart part on its own, and then succeeds', async () => {
    let refusedPlain = 0;
    const refusedParts = new Set<string>();
    const proxy = await startFlakyProxy(server.endpoint, (req) => {
      const url = req.url ?? '';
      const part = /partNumber=(\d+)/.exec(url)?.[1];
      if (part !== undefined) {
        // the first attempt of every part fails
        if (refusedParts.has(part)) return false;
        refusedParts.add(part);
        return 500;
      }
      if (refusedPlain < 3) {
        refusedPlain++;
        return 503;
      }
      return false;
    });
    try {
      const store = createS3Store('s3://dpp-retry/flaky', { endpoint: proxy.endpoint, credentials: server.credentials, maxAttempts: 5, partSize: 5 << 20, multipartThreshold: 5 << 20 });
      await store.put('small.txt', 'made it');
      expect(proxy.log.slice(0, 4).map((r) => [r.method, r.refused])).toEqual([
        ['PUT', true],
        ['PUT', true],
        ['PUT', true],
        ['PUT', false],
      ]);
      // backoff: the attempts are spread out in time, not fired back to back
      const first = proxy.log[0]?.at ?? 0;
      expect((proxy.log[3]?.at ?? 0) - first).toBeGreaterThan(0);
      expect(new TextDecoder().decode(await store.get('small.txt'))).toBe('made it');

      const big = bytesOf(11 << 20, 5);
      await store.put('big.bin', big);
      expect([...refusedParts].sort()).toEqual(['1', '2', '3']);
      const partCalls = proxy.log.filter((r) => r.url.includes('partNumber='));
      expect(partCalls.filter((r) => r.refused)).toHaveLength(3);
      expect(partCalls.filter((r) => !r.refused)).toHaveLength(3);
      expect(Buffer.from(await store.get('big.bin')).equals(Buffer.from(big))).toBe(true);
    } finally {
      await proxy.close();
    }
  });

  it('gives up after maxAttempts with an IO error naming the key, and aborts a failed multipart upload', async () => {
    const proxy = await startFlakyProxy(server.endpoint, (req) => (req.url?.includes('partNumber=2') || req.url?.includes('never.txt') ? 500 : false));
    try {
      const store = createS3Store('s3://dpp-retry/hopeless', { endpoint: proxy.endpoint, credentials: server.credentials, maxAttempts: 2, partSize: 5 << 20, multipartThreshold: 5 << 20 });
      const error = await store.get('never.txt').catch((e: unknown) => e);
      expect(error).toMatchObject({ name: 'StoreError', code: 'IO', key: 'never.txt' });
      expect(proxy.log.filter((r) => r.url.includes('never.txt'))).toHaveLength(2);
      await expect(store.put('half.bin', bytesOf(11 << 20, 1))).rejects.toMatchObject({ code: 'IO', key: 'half.bin' });
      expect(proxy.log.filter((r) => r.url.includes('partNumber=2'))).toHaveLength(2);
      expect(proxy.log.at(-1)?.method).toBe('DELETE'); // AbortMultipartUpload
      expect(await store.exists('half.bin')).toBe(false);
      const raw = new S3Client({ endpoint: server.endpoint, region: 'us-east-1', forcePathStyle: true, credentials: server.credentials });
      expect((await raw.send(new ListObjectsV2Command({ Bucket: 'dpp-retry', Prefix: 'hopeless/' }))).Contents ?? []).toEqual([]);
      raw.destroy();
    } finally {
      await proxy.close();
    }
  });
});
