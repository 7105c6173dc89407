// The same commands with --store s3://..., against a real S3-protocol server (s3rver)
// started on loopback; settings come from the environment as a user would set them.
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createS3Store } from '@dpp/artifact-store/s3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { cli, fixture, writeSignalsCsv } from './cli-support.js';
import { type Promotion, checkDecisions, ok, threeCycles } from './cycle-support.js';
import { type S3TestServer, startS3Server } from './support/s3-server.js';

let server: S3TestServer;
const store = 's3://dpp-cli/team/loans';

beforeAll(async () => {
  server = await startS3Server(['dpp-cli']);
});
afterAll(async () => server?.close());

/** Every object under the store's prefix with the sha256 of its content. */
async function snapshot(): Promise<Record<string, string>> {
  const s3 = createS3Store(store, { endpoint: server.endpoint, credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } });
  const out: Record<string, string> = {};
  for (const key of await s3.list('')) out[key] = createHash('sha256').update(await s3.get(key)).digest('hex');
  return out;
}

describe('the CLIs on an S3 store', () => {
  it('ingest, sample with and without replacement, feedback and status work as on disk', async () => {
    const ingest = await cli('dpp-trainer', ['ingest', '--store', store, '--source', 'synthetic:3000', '--seed', '5'], server.env);
    expect(ingest.stderr).toMatch(/ingest: 3,000 rows read, checked and stored/);
    expect(ingest.code).toBe(0);
    expect(ingest.stdout).toMatch(/ingested synthetic:3000 into s3:\/\/dpp-cli\/team\/loans: 771 source columns/);
    expect((await cli('dpp-inference', ['sample', '--store', store, '--fraction', '0.2'], server.env)).code).toBe(0);
    expect((await cli('dpp-inference', ['sample', '--store', store, '--fraction', '0.5', '--with-replacement'], server.env)).code).toBe(0);
    expect((await cli('dpp-inference', ['feedback', '--store', store, '--batch', 'batch-0002'], server.env)).code).toBe(0);
    const status = JSON.parse((await cli('dpp-trainer', ['status', '--store', store, '--json'], server.env)).stdout) as {
      store: string;
      datasets: { train: { rows: number }; test: { rows: number } };
      batches: Array<{ id: string; rows: number; labeled: boolean }>;
    };
    expect(status.store).toBe(store);
    expect(status.datasets.train.rows).toBe(2400);
    expect(status.datasets.test.rows).toBe(600);
    expect(status.batches.map((b) => [b.id, b.rows, b.labeled])).toEqual([
      ['batch-0001', 120, false],
      ['batch-0002', 300, true],
    ]);
    const keys = Object.keys(await snapshot());
    expect(keys).toContain('train/_manifest.json');
    expect(keys).toContain('test_sample_outcomes/batch-0002/_manifest.json');
    expect(keys.every((k) => !k.includes('..'))).toBe(true);
  }, 120_000);

  it('refuses bad input with exit code 2 and one line, leaving every object as it was', async () => {
    const before = await snapshot();
    for (const args of [
      ['ingest', '--store', store, '--source', fixture('duplicate-id.csv')],
      ['ingest', '--store', store, '--source', fixture('ragged.csv')],
    ]) {
      const result = await cli('dpp-trainer', args, server.env);
      expect(result.code).toBe(2);
      expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
    }
    const missing = await cli('dpp-inference', ['feedback', '--store', store, '--batch', 'nope'], server.env);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe("dpp-inference feedback: s3://dpp-cli/team/loans: no batch 'nope' (batches: batch-0001, batch-0002)\n");
    expect(await snapshot()).toEqual(before);
  });

  it('says which store it cannot reach, in one line', async () => {
    const result = await cli('dpp-trainer', ['status', '--store', 's3://no-such-bucket-here', '--json'], server.env);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^dpp-trainer status: s3:\/\/no-such-bucket-here\/.*\n$/);
  });

  it('runs three cycles of sample, score, feedback and retrain as on disk', async () => {
    const scratch = mkdtempSync(path.join(tmpdir(), 'dpp-s3-cycle-'));
    try {
      const cycleStore = 's3://dpp-cli/cycle';
      writeSignalsCsv(path.join(scratch, 'signals.csv'), 4000);
      await ok('dpp-trainer', ['ingest', '--store', cycleStore, '--source', path.join(scratch, 'signals.csv'), '--target', 'bad', '--seed', '3'], server.env);
      await ok('dpp-trainer', ['train', '--store', cycleStore, '--no-selection', '--iterations', '100'], server.env);
      await threeCycles(cycleStore, server.env, ['--no-selection', '--iterations', '100']);
      const s3 = createS3Store(cycleStore, { endpoint: server.endpoint, credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } });
      const history = JSON.parse(Buffer.from(await s3.get('artifacts/promotions.json')).toString('utf8')) as Promotion[];
      expect(history).toHaveLength(3);
      checkDecisions(history);
      for (const batch of ['batch-0001', 'batch-0002', 'batch-0003']) expect(await s3.exists(`test_sample_inference/${batch}/_manifest.json`)).toBe(true);
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  }, 600_000);
});
