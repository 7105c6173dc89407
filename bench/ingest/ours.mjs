// One measured run of dpp's ingest (CSV -> split -> Parquet train/ and test/ in a local
// store), in its own process so that its peak memory is its own. Prints one JSON line;
// readSeconds is when the second pass had read its last batch (the writers run meanwhile).
import { rmSync } from 'node:fs';
import { openStore } from '@dpp/artifact-store';
import { ingest } from '@dpp/pipeline';

const [csv, storePath] = process.argv.slice(2);
rmSync(storePath, { recursive: true, force: true });
const store = await openStore(storePath);
const started = performance.now();
let readDone = 0;
const result = await ingest(store, {
  source: csv,
  command: 'bench/ingest/ours.mjs',
  onRows: () => {
    readDone = performance.now();
  },
});
const seconds = (performance.now() - started) / 1000;
console.log(JSON.stringify({
  tool: 'dpp ingest (CSV -> train/test Parquet)',
  seconds,
  readSeconds: (readDone - started) / 1000,
  rows: result.train.rows + result.test.rows,
  maxRssMB: process.resourceUsage().maxRSS / 1024,
}));
