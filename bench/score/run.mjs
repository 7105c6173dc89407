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
const store = path.join(root, 'bench/work/score-store');
const cli = (app, args) => execFileSync(process.execPath, [path.join(root, `apps/${app}/dist/cli.js`), ...args], { stdio: ['ignore', 'ignore', 'inherit'] });
if (!existsSync(path.join(store, 'artifacts/champion.json'))) {
  mkdirSync(store, { recursive: true });
  cli('trainer', ['ingest', '--store', store, '--source', 'synthetic:20000', '--seed', '42']);
  cli('trainer', ['train', '--store', store, '--no-selection', '--iterations', '300', '--learning-rate', '0.05']);
}
const sizes = (process.env.BENCH_SCORE_ROWS ?? '10000,100000,1000000').split(',').map(Number);
const results = sizes.map((rows) => JSON.parse(execFileSync(process.execPath, [path.join(here, 'ours.mjs'), store, String(rows)], { encoding: 'utf8', maxBuffer: 1 << 20 }).trim().split('\n').at(-1)));
const table = [
  '| batch rows | dpp score end to end (rows/s) | bare session.run (rows/s) | end to end / bare | end-to-end peak RSS (MB) |',
  '|---:|---:|---:|---:|---:|',
  ...results.map((r) => `| ${r.rows.toLocaleString('en-US')} | ${Math.round(r.endToEndRowsPerSecond).toLocaleString('en-US')} | ${Math.round(r.bareRowsPerSecond).toLocaleString('en-US')} | ${(r.endToEndRowsPerSecond / r.bareRowsPerSecond).toFixed(2)} | ${r.endToEndPeakMB.toFixed(0)} |`),
];
mkdirSync(path.join(root, 'bench/results'), { recursive: true });
writeFileSync(path.join(root, 'bench/results/score.json'), JSON.stringify({ date: new Date().toISOString(), machine: { cpus: cpus().length, model: cpus()[0]?.model, node: process.version }, results, table }, null, 2) + '\n');
console.log(table.join('\n'));
