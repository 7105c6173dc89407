// Scoring throughput end to end (read a Parquet batch from the store, score with the ONNX
// model in onnxruntime-node, write the scores) against a bare session.run on the same rows
// already in memory, for 10k, 100k and 1M-row batches, each size in its own process.
// Writes bench/results/score.json and prints a markdown table.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');
const cli = (app, args) => execFileSync(process.execPath, [path.join(root, `apps/${app}/dist/cli.js`), ...args], { stdio: ['ignore', 'ignore', 'inherit'] });
// two models of the same table: the default champion (`dpp-trainer train`: selected features,
// a few inputs) and, as the worst case for the read path, a plain fit on every feature
const models = [
  { name: 'default champion (selection)', store: path.join(root, 'bench/work/score-store-selected'), train: [] },
  { name: 'every feature (--no-selection)', store: path.join(root, 'bench/work/score-store'), train: ['--no-selection', '--iterations', '300', '--learning-rate', '0.05'] },
];
const sizes = (process.env.BENCH_SCORE_ROWS ?? '10000,100000,1000000').split(',').map(Number);
const results = [];
for (const model of models) {
  if (!existsSync(path.join(model.store, 'artifacts/champion.json'))) {
    mkdirSync(model.store, { recursive: true });
    cli('trainer', ['ingest', '--store', model.store, '--source', 'synthetic:20000', '--seed', '42']);
    cli('trainer', ['train', '--store', model.store, ...model.train]);
  }
  for (const rows of sizes) results.push({ model: model.name, ...JSON.parse(execFileSync(process.execPath, [path.join(here, 'ours.mjs'), model.store, String(rows)], { encoding: 'utf8', maxBuffer: 1 << 20 }).trim().split('\n').at(-1)) });
}
const rate = (v) => Math.round(v).toLocaleString('en-US');
const table = [
  '| model (inputs) | batch rows | dpp score end to end, fresh process (rows/s) | end to end, a further batch (rows/s) | bare session.run (rows/s) | fresh / bare | further / bare | end-to-end peak RSS (MB) |',
  '|---|---:|---:|---:|---:|---:|---:|---:|',
  ...results.map((r) => `| ${r.model} (${r.inputs}) | ${r.rows.toLocaleString('en-US')} | ${rate(r.endToEndRowsPerSecond)} | ${rate(r.warmRowsPerSecond)} | ${rate(r.bareRowsPerSecond)} | ${(r.endToEndRowsPerSecond / r.bareRowsPerSecond).toFixed(2)} | ${(r.warmRowsPerSecond / r.bareRowsPerSecond).toFixed(2)} | ${r.endToEndPeakMB.toFixed(0)} |`),
];
mkdirSync(path.join(root, 'bench/results'), { recursive: true });
writeFileSync(path.join(root, 'bench/results/score.json'), JSON.stringify({ date: new Date().toISOString(), machine: { cpus: cpus().length, model: cpus()[0]?.model, node: process.version }, results, table }, null, 2) + '\n');
console.log(table.join('\n'));
