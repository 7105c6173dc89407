#!/usr/bin/env node
// Writes the synthetic loan table as CSV: node scripts/write-csv.mjs ROWS SEED OUT.csv
import { createWriteStream } from 'node:fs';
import { syntheticCsvChunks } from '@dpp/sampler';

const [rows, seed, out] = process.argv.slice(2);
if (out === undefined) {
  console.error('usage: write-csv.mjs ROWS SEED OUT.csv');
  process.exit(2);
}
const file = createWriteStream(out);
for (const chunk of syntheticCsvChunks({ rows: Number(rows), seed: Number(seed) })) {
  if (!file.write(chunk)) await new Promise((resolve) => file.once('drain', resolve));
}
await new Promise((resolve) => file.end(resolve));
