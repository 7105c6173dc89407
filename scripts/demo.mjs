#!/usr/bin/env node
// The whole cycle on the embedded default: a synthetic loan table in a local store.
//   npm run demo                          # ./demo-store, 10,000 synthetic rows, three cycles
//   npm run demo -- --store s3://bucket/dpp --rows 50000 --cycles 3
//   npm run demo -- --leak                # draw batches with replacement: the leak guard at work
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
    rows: { type: 'string', default: '10000' },
    cycles: { type: 'string', default: '3' },
    leak: { type: 'boolean', default: false },
    keep: { type: 'boolean', default: false },
  },
});
const store = values.store;
const bins = { 'dpp-trainer': path.join(root, 'apps/trainer/dist/cli.js'), 'dpp-inference': path.join(root, 'apps/inference/dist/cli.js') };

function step(program, args, { capture = false } = {}) {
  console.log(`\n$ ${program} ${args.join(' ')}`);
  const result = spawnSync(process.execPath, [bins[program], ...args], { stdio: capture ? ['ignore', 'pipe', 'inherit'] : 'inherit', encoding: 'utf8' });
  if (capture) process.stdout.write(result.stdout);
  if (result.status !== 0) {
    console.error(`demo: '${program} ${args[0]}' failed with exit code ${result.status}`);
    process.exit(result.status ?? 1);
  }
  return result.stdout ?? '';
}
const status = () => JSON.parse(spawnSync(process.execPath, [bins['dpp-trainer'], 'status', '--store', store, '--json'], { encoding: 'utf8' }).stdout);

if (!store.startsWith('s3://') && !values.keep) rmSync(store, { recursive: true, force: true });
console.log(`dpp demo: store ${store}, ${values.rows} synthetic rows, ${values.cycles} cycles${values.leak ? ', batches drawn with replacement (leak)' : ''}`);
const started = performance.now();
step('dpp-trainer', ['ingest', '--store', store, '--source', `synthetic:${values.rows}`, '--seed', '42']);
step('dpp-trainer', ['train', '--store', store]);
const rows = [];
let report = '';
for (let cycle = 1; cycle <= Number(values.cycles); cycle++) {
  const batch = `batch-${String(cycle).padStart(4, '0')}`;
  step('dpp-inference', ['sample', '--store', store, '--batch', batch, '--fraction', '0.25', '--seed', String(cycle), ...(values.leak ? ['--with-replacement'] : [])]);
  step('dpp-inference', ['score', '--store', store, '--batch', batch]);
  step('dpp-inference', ['feedback', '--store', store, '--batch', batch]);
  const out = step('dpp-trainer', ['retrain', '--store', store], { capture: true });
  const decision = /decision: (.*)/.exec(out)?.[1] ?? '?';
  report = /report: (.*)/.exec(out)?.[1] ?? report;
  const leak = /leak: ([1-9][\d,]*) batch rows/.exec(out)?.[1];
  const s = status();
  const champion = s.models.find((m) => m.version === s.champion);
  rows.push({ cycle, batch, rows: s.batches.find((b) => b.id === batch)?.rows ?? 0, champion: s.champion, auc: champion?.metrics.auc, decision: `${decision.split(' (')[0]}${leak ? ` [leak: ${leak} rows]` : ''}` });
}
step('dpp-trainer', ['status', '--store', store]);
console.log(`\ncycle | batch      | rows  | champion | test AUC | decision`);
for (const r of rows) console.log(`${String(r.cycle).padEnd(5)} | ${r.batch} | ${String(r.rows).padEnd(5)} | ${r.champion.padEnd(8)} | ${r.auc?.toFixed(4) ?? '-'}   | ${r.decision}`);
console.log(`\nthe last run's report: ${report}`);
console.log(`\ndemo: done in ${((performance.now() - started) / 1000).toFixed(0)} s; the store is ${store}; the promotion history is artifacts/promotions.json`);
