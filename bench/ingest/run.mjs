// Ingest benchmark: the full-size synthetic loan table (105,471 rows x 769 features, about
// 500 MB of CSV) read and stored as Parquet by dpp, beside pandas and pyarrow reading the
// same file in the same run. Writes bench/results/ingest.json; prints a markdown table.
import { execFileSync, spawnSync } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { syntheticCsvChunks } from '@dpp/sampler';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');
const work = path.join(root, 'bench/work');
const rows = Number(process.env.BENCH_ROWS ?? 105_471);
const repeats = Number(process.env.BENCH_REPEATS ?? 3);
mkdirSync(work, { recursive: true });
const csv = path.join(work, `synthetic-${rows}.csv`);

if (!existsSync(csv)) {
  console.error(`bench ingest: writing ${csv}`);
  const out = createWriteStream(csv);
  for (const chunk of syntheticCsvChunks({ rows, seed: 42 })) if (!out.write(chunk)) await new Promise((r) => out.once('drain', r));
  await new Promise((r) => out.end(r));
}
const megabytes = statSync(csv).size / 1e6;

const python = spawnSync(path.join(root, 'scripts/python-env.sh'), { encoding: 'utf8' }).stdout?.trim().split('\n').at(-1);
const havePython = python !== undefined && existsSync(python);

function run(command, args) {
  const out = execFileSync(command, args, { encoding: 'utf8', maxBuffer: 1 << 20 });
  return JSON.parse(out.trim().split('\n').at(-1));
}

const results = [];
for (let r = 0; r < repeats; r++) {
  // interleave the tools so that load on this shared machine hits them alike
  results.push({ ...run(process.execPath, [path.join(here, 'ours.mjs'), csv, path.join(work, 'ingest-store')]), key: 'dpp' });
  if (havePython) {
    results.push({ ...run(python, [path.join(here, 'peers.py'), 'pyarrow', csv]), key: 'pyarrow' });
    results.push({ ...run(python, [path.join(here, 'peers.py'), 'pyarrow+parquet', csv, work]), key: 'pyarrow+parquet' });
    results.push({ ...run(python, [path.join(here, 'peers.py'), 'pandas', csv]), key: 'pandas' });
  }
}
const best = (key) => results.filter((x) => x.key === key).sort((a, b) => a.seconds - b.seconds)[0];
const ours = best('dpp');
// The table's Arrow size: every column is Float64 (8 bytes a value) plus a validity bitmap.
const columns = 771;
const arrowMB = (rows * columns * 8.125) / 1e6;
const table = [
  '| tool | best of ' + repeats + ' (s) | MB/s | peak RSS (MB) | time / dpp |',
  '|---|---:|---:|---:|---:|',
  ...['dpp', 'pyarrow', 'pyarrow+parquet', 'pandas']
    .map(best)
    .filter(Boolean)
    .map((x) => `| ${x.tool} | ${x.seconds.toFixed(2)} | ${(megabytes / x.seconds).toFixed(0)} | ${x.maxRssMB.toFixed(0)} | ${(x.seconds / ours.seconds).toFixed(2)} |`),
  '',
  `Arrow size of the table ${arrowMB.toFixed(0)} MB; dpp's peak RSS is ${(ours.maxRssMB / arrowMB).toFixed(2)}x it (goal: under 2x).`,
];
const summary = {
  date: new Date().toISOString(),
  machine: { cpus: cpus().length, model: cpus()[0]?.model, node: process.version },
  file: { rows, megabytes, arrowMB },
  ours: { ...ours, peakOverArrow: ours.maxRssMB / arrowMB },
  results,
  table,
};
mkdirSync(path.join(root, 'bench/results'), { recursive: true });
writeFileSync(path.join(root, 'bench/results/ingest.json'), JSON.stringify(summary, null, 2) + '\n');
console.log(`ingest of ${rows} rows, ${megabytes.toFixed(0)} MB of CSV, Arrow size ${arrowMB.toFixed(0)} MB; dpp peak RSS / Arrow size = ${(ours.maxRssMB / arrowMB).toFixed(2)}`);
console.log(table.join('\n'));
