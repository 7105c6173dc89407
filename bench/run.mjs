// `npm run bench [-- name ...]`: runs the named benchmarks (all by default), each in its own
// process, and writes each one's table into bench/README.md between its markers
// <!-- bench:NAME --> and <!-- /bench:NAME -->, with the date and the machine.
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const benches = ['metrics', 'ingest', 'gbdt', 'pipeline', 'score', 'small-tables'];
// --tables-only: rewrite the README tables from bench/results/ without running anything
const tablesOnly = process.argv.includes('--tables-only');
const chosen = process.argv.slice(2).filter((a) => a !== '--tables-only');
for (const name of chosen) {
  if (!benches.includes(name)) {
    console.error(`bench: unknown benchmark '${name}' (known: ${benches.join(', ')})`);
    process.exit(2);
  }
}
const machine = `${cpus().length} cores (${cpus()[0]?.model.trim()}), ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`;
const readmePath = path.join(here, 'README.md');
let failed = false;
for (const name of chosen.length > 0 ? chosen : benches) {
  console.error(`bench: ${name}`);
  const run = tablesOnly ? { status: 0, stdout: '' } : spawnSync(process.execPath, [path.join(here, name, 'run.mjs')], { stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8' });
  process.stdout.write(run.stdout);
  if (run.status !== 0) {
    console.error(`bench: ${name} failed with exit code ${run.status}`);
    failed = true;
    continue;
  }
  const results = JSON.parse(readFileSync(path.join(here, 'results', `${name}.json`), 'utf8'));
  const block = [`Measured ${results.date.slice(0, 10)} on ${machine}.`, '', ...results.table].join('\n');
  const readme = readFileSync(readmePath, 'utf8');
  const open = `<!-- bench:${name} -->`;
  const close = `<!-- /bench:${name} -->`;
  const start = readme.indexOf(open);
  const end = readme.indexOf(close);
  if (start < 0 || end < start) {
    console.error(`bench: bench/README.md has no ${open} ... ${close} section; table not written`);
    failed = true;
    continue;
  }
  writeFileSync(readmePath, `${readme.slice(0, start + open.length)}\n${block}\n${readme.slice(end)}`);
}
process.exit(failed ? 1 : 0);
