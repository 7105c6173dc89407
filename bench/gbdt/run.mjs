// Fit speed and accuracy on the full-size synthetic table (105,471 x 769: 80% to train, 20%
// holdout), dpp's engine beside LightGBM at the same settings, in the same run, 2 threads each.
// Writes bench/results/gbdt.json and prints a markdown table.
import { execFileSync, spawnSync } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { syntheticLoanTable } from '@dpp/sampler';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');
const work = path.join(root, 'bench/work');
mkdirSync(work, { recursive: true });
const rows = Number(process.env.BENCH_ROWS ?? 105_471);
const iterations = Number(process.env.BENCH_GBDT_ITERATIONS ?? 100);
const file = path.join(work, `synthetic-${rows}.f32`);

// the table as float32 rows (features then the label), written once
let features = 0;
if (!existsSync(file)) {
  const out = createWriteStream(file);
  for (const chunk of syntheticLoanTable({ rows, seed: 42, chunkRows: 8192 })) {
    const cols = chunk.columns.filter((c) => c.name !== 'id' && c.name !== 'loss');
    const loss = chunk.columns.find((c) => c.name === 'loss').values;
    const block = new Float32Array(chunk.rows * (cols.length + 1));
    for (let r = 0; r < chunk.rows; r++) {
      for (let c = 0; c < cols.length; c++) block[r * (cols.length + 1) + c] = cols[c].values[r];
      block[r * (cols.length + 1) + cols.length] = loss[r] > 0 ? 1 : 0;
    }
    if (!out.write(Buffer.from(block.buffer))) await new Promise((r) => out.once('drain', r));
  }
  await new Promise((r) => out.end(r));
}
for (const chunk of syntheticLoanTable({ rows: 1, seed: 42 })) features = chunk.columns.length - 2;

const python = spawnSync(path.join(root, 'scripts/python-env.sh'), { encoding: 'utf8' }).stdout?.trim().split('\n').at(-1);
const run = (cmd, args) => JSON.parse(execFileSync(cmd, args, { encoding: 'utf8', maxBuffer: 1 << 24 }).trim().split('\n').at(-1));
const settings = [
  { name: 'leaf-wise, 31 leaves', ours: { grow: 'leafwise', maxLeaves: 31 }, lightgbm: { num_leaves: 31 } },
  { name: 'depth 6 (dpp oblivious; LightGBM depth-limited, 63 leaves)', ours: { grow: 'oblivious', depth: 6 }, lightgbm: { num_leaves: 63, max_depth: 6 } },
];
const results = [];
for (const s of settings) {
  const common = { rows, features, iterations, learningRate: 0.1, l2: 1, minDataInLeaf: 20, threads: 2 };
  const ours = run(process.execPath, [path.join(here, 'ours.mjs'), file, JSON.stringify({ ...common, ...s.ours })]);
  const peer = python && existsSync(python) ? run(python, [path.join(here, 'peers.py'), file, JSON.stringify({ ...common, ...s.lightgbm })]) : undefined;
  results.push({ setting: s.name, ours, peer });
}
const table = [
  `| trees (${iterations} rounds, learning rate 0.1) | dpp fit (s) | LightGBM fit (s) | dpp / LightGBM | dpp s per round | dpp holdout AUC | LightGBM holdout AUC | dpp binning (s) |`,
  '|---|---:|---:|---:|---:|---:|---:|---:|',
  ...results.map(({ setting, ours, peer }) => `| ${setting} | ${ours.fitSeconds.toFixed(1)} | ${peer ? peer.fitSeconds.toFixed(1) : '-'} | ${peer ? (ours.fitSeconds / peer.fitSeconds).toFixed(2) : '-'} | ${(ours.fitSeconds / iterations).toFixed(3)} | ${ours.auc.toFixed(4)} | ${peer ? peer.auc.toFixed(4) : '-'} | ${ours.binSeconds.toFixed(1)} |`),
];
mkdirSync(path.join(root, 'bench/results'), { recursive: true });
writeFileSync(path.join(root, 'bench/results/gbdt.json'), JSON.stringify({ date: new Date().toISOString(), machine: { cpus: cpus().length, model: cpus()[0]?.model, node: process.version }, rows, features, iterations, results, table }, null, 2) + '\n');
console.log(table.join('\n'));
