// The cost of encoding Parquet, uncompressed in TypeScript against snappy in parquet-wasm, on
// the first blocks of the full-size CSV that bench/ingest/run.mjs writes (run that first).
// One thread, CPU seconds, best of 3. usage: node bench/ingest/encode.mjs [CSV] [BLOCKS]
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { openCsv, writeParquet } from '@dpp/dataset-io';

const here = path.dirname(fileURLToPath(import.meta.url));
const csv = process.argv[2] ?? path.join(here, '../work/synthetic-105471.csv');
const blocks = Number(process.argv[3] ?? 8);
const source = await openCsv(csv, { workers: 0 });
const batches = [];
for await (const batch of source.batches()) if (batches.push(batch) === blocks) break;
const rows = batches.reduce((s, b) => s + b.numRows, 0);
const cpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};
for (const compression of ['none', 'snappy']) {
  let best = Infinity;
  let bytes = 0;
  for (let r = 0; r < 3; r++) {
    const start = cpu();
    bytes = (await writeParquet(source.schema, batches, { compression })).length;
    best = Math.min(best, cpu() - start);
  }
  console.log(JSON.stringify({ compression, rows, columns: source.schema.fields.length, cpuSeconds: +best.toFixed(3), megabytes: +(bytes / 1e6).toFixed(1) }));
}
