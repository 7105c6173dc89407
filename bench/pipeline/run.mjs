// The training pipeline on the full-size table: `trainModel` with selection (the default of
// `dpp-trainer train`) on the train/ table the ingest benchmark stored (bench/work/ingest-store,
// 84,376 rows x 771 columns), 2 cores. Writes bench/results/pipeline.json and prints the time
// of each step. Run the ingest benchmark first (npm run bench does, in order).
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { openStore } from '@dpp/artifact-store';
import { trainModel } from '@dpp/pipeline';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');
const storePath = path.join(root, 'bench/work/ingest-store');
if (!existsSync(path.join(storePath, 'train/_manifest.json'))) {
  console.error('bench pipeline: no bench/work/ingest-store; run `npm run bench -- ingest` first');
  process.exit(2);
}
const store = await openStore(storePath);
await store.deletePrefix('artifacts');
const seconds = {};
let stage = 'start';
let clock = performance.now();
const started = clock;
const result = await trainModel(store, {
  command: 'bench/pipeline/run.mjs',
  onStage: (next) => {
    const now = performance.now();
    seconds[stage] = (seconds[stage] ?? 0) + (now - clock) / 1000;
    stage = next;
    clock = now;
    console.error(`bench pipeline: ${next} (${((now - started) / 1000).toFixed(0)} s)`);
  },
});
seconds[stage] = (seconds[stage] ?? 0) + (performance.now() - clock) / 1000;
delete seconds.start;
const total = (performance.now() - started) / 1000;
const table = [
  '| step | seconds |',
  '|---|---:|',
  ...Object.entries(seconds).map(([k, v]) => `| ${k} | ${v.toFixed(1)} |`),
  `| **total** | **${total.toFixed(1)}** |`,
  '',
  `Selected ${result.selection?.selected.length}: ${result.selection?.selected.join(', ')}; 5-fold CV AUC ${result.selection?.cv.auc.mean.toFixed(4)} ± ${result.selection?.cv.auc.std.toFixed(4)}; test AUC ${result.metrics.auc.toFixed(4)} on ${result.metrics.testRows} rows; peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB.`,
];
mkdirSync(path.join(root, 'bench/results'), { recursive: true });
writeFileSync(path.join(root, 'bench/results/pipeline.json'), JSON.stringify({ date: new Date().toISOString(), machine: { cpus: cpus().length, model: cpus()[0]?.model, node: process.version }, seconds, total, selection: result.selection, metrics: result.metrics, table }, null, 2) + '\n');
console.log(table.join('\n'));
