// Does the default pipeline do well on small tables? On the same 5 stratified folds of small
// public tables, dpp's default pipeline (fitPipeline with its defaults) against LightGBM's
// defaults and a logistic regression (peers.py). Writes bench/results/small-tables.json.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { fitPipeline, modelColumns, predictRaw } from '@dpp/gbdt-trainer';
import { rocAuc } from '@dpp/metrics';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');
const python = spawnSync(path.join(root, 'scripts/python-env.sh'), { encoding: 'utf8' }).stdout.trim().split('\n').at(-1);
const peers = JSON.parse(execFileSync(python, [path.join(here, 'peers.py'), path.join(root, 'bench/work')], { encoding: 'utf8' }).trim().split('\n').at(-1));
const results = [];
for (const [name, table] of Object.entries(peers)) {
  const { names, x, y, folds } = JSON.parse(readFileSync(table.file, 'utf8'));
  const aucs = [];
  for (let k = 0; k < 5; k++) {
    const pick = (inFold) => {
      const rows = folds.flatMap((f, i) => ((f === k) === inFold ? [i] : []));
      return { columns: names.map((_, c) => Float64Array.from(rows, (r) => x[r][c])), labels: Float64Array.from(rows, (r) => y[r]), names };
    };
    const train = pick(false);
    const test = pick(true);
    const { model } = fitPipeline(train, { seed: k });
    aucs.push(rocAuc(test.labels, predictRaw(model, modelColumns(model, names, test.columns))));
  }
  results.push({ name, rows: table.rows, columns: table.columns, dpp: aucs.reduce((s, a) => s + a, 0) / 5, ...table.peers });
}
const table = [
  '| table | rows x columns | dpp default pipeline | LightGBM (defaults) | logistic regression |',
  '|---|---|---:|---:|---:|',
  ...results.map((r) => `| ${r.name} | ${r.rows} x ${r.columns} | ${r.dpp.toFixed(4)} | ${r['LightGBM (defaults)'].toFixed(4)} | ${r['logistic regression'].toFixed(4)} |`),
];
mkdirSync(path.join(root, 'bench/results'), { recursive: true });
writeFileSync(path.join(root, 'bench/results/small-tables.json'), JSON.stringify({ date: new Date().toISOString(), machine: { cpus: cpus().length, model: cpus()[0]?.model, node: process.version }, results, table }, null, 2) + '\n');
console.log(table.join('\n'));
