// rocAuc and ks on 5 million scores against scikit-learn's roc_auc_score and scipy's
// ks_2samp on the same data, in the same run. Writes bench/results/metrics.json and prints
// a markdown table.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');
const work = path.join(root, 'bench/work');
mkdirSync(work, { recursive: true });
const n = Number(process.env.BENCH_METRICS_ROWS ?? 5_000_000);
const repeats = process.env.BENCH_REPEATS ?? '3';

// deterministic data: 10% defaulters, a normal score shifted for them; 'ties' rounds it to 0.001
let state = 12345;
const uniform = () => {
  state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
  return (state + 0.5) / 4294967296;
};
const labels = new Float64Array(n);
const continuous = new Float64Array(n);
for (let i = 0; i < n; i++) {
  labels[i] = uniform() < 0.1 ? 1 : 0;
  const z = Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform());
  continuous[i] = z + 1.2 * labels[i];
}
const ties = continuous.map((s) => Math.round(s * 1000) / 1000);
const files = { labels: path.join(work, `metrics-labels-${n}.f64`), continuous: path.join(work, `metrics-continuous-${n}.f64`), ties: path.join(work, `metrics-ties-${n}.f64`) };
writeFileSync(files.labels, labels);
writeFileSync(files.continuous, continuous);
writeFileSync(files.ties, ties);

const python = spawnSync(path.join(root, 'scripts/python-env.sh'), { encoding: 'utf8' }).stdout?.trim().split('\n').at(-1);
const run = (cmd, args) => JSON.parse(execFileSync(cmd, args, { encoding: 'utf8', maxBuffer: 1 << 20 }).trim().split('\n').at(-1));

const rows = [];
const results = {};
for (const kind of ['continuous', 'ties']) {
  const ours = run(process.execPath, [path.join(here, 'ours.mjs'), files.labels, files[kind], repeats]);
  const peer = python && existsSync(python) ? run(python, [path.join(here, 'peers.py'), files.labels, files[kind], repeats]) : undefined;
  results[kind] = { ours, peer };
  for (const [metric, peerName] of [['auc', 'sklearn roc_auc_score'], ['ks', 'scipy ks_2samp']]) {
    const o = ours[metric];
    const p = peer?.[metric];
    rows.push(`| ${metric === 'auc' ? 'rocAuc' : 'ks'} | ${kind} | ${o.seconds.toFixed(3)} | ${p ? `${p.seconds.toFixed(3)} (${peerName})` : '-'} | ${p ? (o.seconds / p.seconds).toFixed(2) : '-'} | ${p ? Math.abs(o.value - p.value).toExponential(1) : '-'} |`);
  }
  rows.push(`| peak memory over the input (MB) | ${kind} | ${results[kind].ours.extraPeakMB.toFixed(0)} | ${peer ? peer.extraPeakMB.toFixed(0) : '-'} | | input ${ours.inputMB.toFixed(0)} MB |`);
}
const table = [`| metric | scores | dpp (s) | peer (s) | dpp / peer | abs. difference |`, '|---|---|---:|---:|---:|---:|', ...rows];
mkdirSync(path.join(root, 'bench/results'), { recursive: true });
writeFileSync(path.join(root, 'bench/results/metrics.json'), JSON.stringify({ date: new Date().toISOString(), machine: { cpus: cpus().length, model: cpus()[0]?.model, node: process.version }, rows: n, repeats: Number(repeats), results, table }, null, 2) + '\n');
console.log(`metrics on ${n.toLocaleString('en-US')} scores, best of ${repeats}`);
console.log(table.join('\n'));
