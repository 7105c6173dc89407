// Fit speed, peak memory and accuracy on the full-size synthetic table (105,471 x 769: 80% to
// train, 20% holdout), dpp's engine beside LightGBM and scikit-learn's
// HistGradientBoostingClassifier at the same settings, each in its own process, in the same
// run, 2 threads each. BENCH_ROWS shrinks the table, BENCH_GBDT_ITERATIONS the rounds.
// dpp's engine rounds gradients stochastically, so its leaf-wise fit runs with
// BENCH_GBDT_SEEDS seeds (default 3): its AUC is their mean (and spread), its times the
// fastest; LightGBM (deterministic here) runs as many times, its times the fastest.
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
const iterations = Number(process.env.BENCH_GBDT_ITERATIONS ?? 300);
const seeds = Number(process.env.BENCH_GBDT_SEEDS ?? 3);
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
const hasPython = python && existsSync(python);
// the peers' thread pools (OpenMP) to 2 threads, as dpp's
const env = { ...process.env, OMP_NUM_THREADS: '2' };
const run = (cmd, args) => JSON.parse(execFileSync(cmd, args, { encoding: 'utf8', env, maxBuffer: 1 << 24 }).trim().split('\n').at(-1));
const settings = [
  {
    name: 'depth 6, 63 leaves',
    ours: { grow: 'leafwise', depth: 6, maxLeaves: 63 },
    peers: { num_leaves: 63, max_depth: 6 },
    tools: ['dpp', 'lightgbm', 'hgb'],
    runs: seeds,
  },
  { name: 'depth 6, dpp oblivious', ours: { grow: 'oblivious', depth: 6 }, peers: {}, tools: ['dpp'] },
];
// several runs of one tool: the fastest times, the largest peak memory, the mean AUC and its spread
const summarize = (runs) => {
  const aucs = runs.map((r) => r.auc);
  const mean = aucs.reduce((a, b) => a + b, 0) / aucs.length;
  const sd = aucs.length > 1 ? Math.sqrt(aucs.reduce((a, b) => a + (b - mean) ** 2, 0) / (aucs.length - 1)) : 0;
  return { tool: runs[0].tool, binSeconds: Math.min(...runs.map((r) => r.binSeconds)), fitSeconds: Math.min(...runs.map((r) => r.fitSeconds)), maxRssMB: Math.max(...runs.map((r) => r.maxRssMB)), auc: mean, aucSd: sd, runs };
};
const results = [];
for (const s of settings) {
  const common = { rows, features, iterations, learningRate: 0.1, l2: 1, minDataInLeaf: 20, threads: 2 };
  const row = { setting: s.name };
  const tools = s.tools.filter((tool) => tool === 'dpp' || hasPython);
  const runs = Object.fromEntries(tools.map((tool) => [tool, []]));
  // run by run, dpp and the peers interleaved, so that each sees the machine in the same states
  for (let k = 0; k < (s.runs ?? 1); k++) {
    for (const tool of tools) {
      if (tool === 'hgb' && k > 0) continue; // once: its time is not a goal
      console.error(`gbdt: ${s.name}: ${tool}, run ${k + 1}`);
      runs[tool].push(tool === 'dpp' ? run(process.execPath, [path.join(here, 'ours.mjs'), file, JSON.stringify({ ...common, ...s.ours, seed: k })]) : run(python, [path.join(here, 'peers.py'), tool, file, JSON.stringify({ ...common, ...s.peers })]));
    }
  }
  for (const tool of tools) row[tool] = summarize(runs[tool]);
  results.push(row);
}
const lightgbm = results[0].lightgbm;
const total = (r) => r.binSeconds + r.fitSeconds;
const ratio = (a, b) => (a !== undefined && b !== undefined ? (a / b).toFixed(2) : '-');
const toolName = { dpp: 'dpp', lightgbm: 'LightGBM', hgb: 'scikit-learn HGB' };
const table = [
  `| ${iterations} rounds, learning rate 0.1 | tool | binning (s) | fit (s) | binning + fit (s) | (binning + fit) / LightGBM | fit / LightGBM fit | peak RSS (MB) | RSS / LightGBM | holdout AUC | AUC - LightGBM |`,
  '|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
  ...results.flatMap((row) =>
    ['dpp', 'lightgbm', 'hgb']
      .filter((tool) => row[tool])
      .map((tool) => {
        const r = row[tool];
        const bin = tool === 'hgb' ? 'in fit' : r.binSeconds.toFixed(1);
        return `| ${row.setting} | ${toolName[tool]} | ${bin} | ${r.fitSeconds.toFixed(1)} | ${total(r).toFixed(1)} | ${ratio(total(r), lightgbm && total(lightgbm))} | ${tool === 'hgb' ? '-' : ratio(r.fitSeconds, lightgbm?.fitSeconds)} | ${r.maxRssMB.toFixed(0)} | ${ratio(r.maxRssMB, lightgbm?.maxRssMB)} | ${r.auc.toFixed(4)}${r.runs.length > 1 && r.aucSd > 0 ? ` ± ${r.aucSd.toFixed(4)} (${r.runs.length} seeds)` : ''} | ${lightgbm ? (r.auc - lightgbm.auc >= 0 ? '+' : '') + (r.auc - lightgbm.auc).toFixed(4) : '-'} |`;
      }),
  ),
];
mkdirSync(path.join(root, 'bench/results'), { recursive: true });
writeFileSync(path.join(root, 'bench/results/gbdt.json'), JSON.stringify({ date: new Date().toISOString(), machine: { cpus: cpus().length, model: cpus()[0]?.model, node: process.version }, rows, features, iterations, results, table }, null, 2) + '\n');
console.log(table.join('\n'));
