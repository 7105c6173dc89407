#!/usr/bin/env node
// The whole cycle on the embedded default: a synthetic loan table in a local store.
//   npm run demo                          # ./demo-store, 20,000 synthetic rows
//   npm run demo -- --store s3://bucket/dpp --rows 50000
// S3 settings come from the environment (DPP_S3_ENDPOINT, AWS_REGION, AWS_ACCESS_KEY_ID...).
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { parseArgs } from 'node:util';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseArgs({
  options: {
    store: { type: 'string', default: path.join(root, 'demo-store') },
    rows: { type: 'string', default: '20000' },
    keep: { type: 'boolean', default: false },
  },
});
const store = values.store;
const trainer = path.join(root, 'apps/trainer/dist/cli.js');
const inference = path.join(root, 'apps/inference/dist/cli.js');

function step(title, cli, args) {
  console.log(`\n$ ${path.basename(path.dirname(path.dirname(cli))) === 'trainer' ? 'dpp-trainer' : 'dpp-inference'} ${args.join(' ')}`);
  const result = spawnSync(process.execPath, [cli, ...args], { stdio: 'inherit' });
  if (result.status !== 0) {
    console.error(`demo: step '${title}' failed with exit code ${result.status}`);
    process.exit(result.status ?? 1);
  }
}

if (!store.startsWith('s3://') && !values.keep) rmSync(store, { recursive: true, force: true });
console.log(`dpp demo: store ${store}`);
step('ingest', trainer, ['ingest', '--store', store, '--source', `synthetic:${values.rows}`, '--seed', '42']);
step('train', trainer, ['train', '--store', store]);
step('sample', inference, ['sample', '--store', store, '--fraction', '0.1']);
step('sample with replacement', inference, ['sample', '--store', store, '--fraction', '0.2', '--with-replacement']);
step('feedback', inference, ['feedback', '--store', store, '--batch', 'batch-0001']);
step('status', trainer, ['status', '--store', store]);
console.log(`\ndemo: done; the store is in ${store}`);
