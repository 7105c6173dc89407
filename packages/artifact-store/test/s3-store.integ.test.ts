// The S3 store against a real S3-protocol server (s3rver) started on loopback by the test.
import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '@dpp/artifact-store';
import { createS3Store, resolveS3Config } from '@dpp/artifact-store/s3';
import { type S3TestServer, startS3Server } from '../../../test/support/s3-server.js';
import { storeContract } from './store-contract.js';

let server: S3TestServer;
const credentials = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };
beforeAll(async () => {
  server = await startS3Server(['dpp-contract', 'dpp-retry']);
});
afterAll(async () => server?.close());

// a small part size, so the large-object test goes through multipart upload
storeContract('s3 (s3rver on loopback)', () => createS3Store('s3://dpp-contract/some/prefix', { endpoint: server.endpoint, credentials, partSize: 5 << 20, multipartThreshold: 6 << 20 }), { largeObjectBytes: 20 << 20 });

describe('s3 store', () => {
  it('resolves endpoint, region and path style from options, then the environment', () => {
    const env = { DPP_S3_ENDPOINT: 'https://storage.yandexcloud.net', AWS_REGION: 'ru-central1' };
    expect(resolveS3Config('s3://my-bucket/a/b/', {}, env)).toMatchObject({ bucket: 'my-bucket', prefix: 'a/b/', endpoint: 'https://storage.yandexcloud.net', region: 'ru-central1', forcePathStyle: true });
    expect(resolveS3Config('s3://my-bucket', {}, {})).toMatchObject({ prefix: '', endpoint: undefined, region: 'us-east-1', forcePathStyle: false });
    expect(resolveS3Config('s3://my-bucket', { region: 'eu-west-1', forcePathStyle: false }, env)).toMatchObject({ region: 'eu-west-1', forcePathStyle: false });
    expect(resolveS3Config('s3://my-bucket', {}, { ...env, DPP_S3_FORCE_PATH_STYLE: 'false' })).toMatchObject({ forcePathStyle: false });
    expect(() => resolveS3Config('s3://B_ad/x')).toThrow(/'s3:\/\/B_ad\/x' is not an S3 store URL/);
  });

  it('opens through openStore with the environment the CLIs pass on', async () => {
    const store = await openStore('s3://dpp-contract/via-open', { s3: { endpoint: server.endpoint, credentials } });
    await store.put('x.txt', 'y');
    expect(store.url).toBe('s3://dpp-contract/via-open');
    expect(new TextDecoder().decode(await store.get('x.txt'))).toBe('y');
  });

  it('retries transient 503 answers with backoff and succeeds', async () => {
    // a loopback proxy that answers 503 to the first requests, then forwards to the server
    let failuresLeft = 3;
    let seen = 0;
    const target = new URL(server.endpoint);
    const proxy = createServer((req, res) => {
      seen++;
      if (failuresLeft > 0) {
        failuresLeft--;
        req.resume();
        res.writeHead(503, { 'content-type': 'application/xml' }).end('<Error><Code>SlowDown</Code><Message>try again</Message></Error>');
        return;
      }
      const forward = request({ host: target.hostname, port: target.port, path: req.url, method: req.method, headers: req.headers }, (upstream) => {
        res.writeHead(upstream.statusCode ?? 502, upstream.headers);
        upstream.pipe(res);
      });
      req.pipe(forward);
    });
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    try {
      const port = (proxy.address() as AddressInfo).port;
      const store = createS3Store('s3://dpp-retry', { endpoint: `http://127.0.0.1:${port}`, credentials, maxAttempts: 5 });
      await store.put('retried.txt', 'made it');
      expect(new TextDecoder().decode(await store.get('retried.txt'))).toBe('made it');
      expect(seen).toBeGreaterThanOrEqual(5); // 3 refused + put + get
      failuresLeft = 10;
      const impatient = createS3Store('s3://dpp-retry', { endpoint: `http://127.0.0.1:${port}`, credentials, maxAttempts: 2 });
      await expect(impatient.get('retried.txt')).rejects.toMatchObject({ code: 'IO' });
    } finally {
      proxy.close();
    }
  });
});
