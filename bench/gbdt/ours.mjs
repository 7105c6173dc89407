// One fit of dpp's engine on the float32 table file, in its own process. Prints one JSON line.
// The file is read in blocks of rows straight into float32 feature columns (the whole
// row-major table is never held), as LightGBM gets the table as one float32 numpy array.
import { closeSync, openSync, readSync } from 'node:fs';
import { binDataset, predictRaw, trainBinned } from '@dpp/gbdt-trainer';
import { rocAuc } from '@dpp/metrics';

const [file, json] = process.argv.slice(2);
const o = JSON.parse(json);
const width = o.features + 1;
const nTrain = Math.floor(o.rows * 0.8);
const trainColumns = Array.from({ length: width }, () => new Float32Array(nTrain));
const holdoutColumns = Array.from({ length: width }, () => new Float32Array(o.rows - nTrain));
const blockRows = 4096;
const block = new Float32Array(blockRows * width);
const fd = openSync(file, 'r');
for (let start = 0; start < o.rows; start += blockRows) {
  const n = Math.min(blockRows, o.rows - start);
  readSync(fd, new Uint8Array(block.buffer, 0, n * width * 4), 0, n * width * 4, start * width * 4);
  for (let i = 0; i < n; i++) {
    const r = start + i;
    const [columns, at] = r < nTrain ? [trainColumns, r] : [holdoutColumns, r - nTrain];
    for (let c = 0; c < width; c++) columns[c][at] = block[i * width + c];
  }
}
closeSync(fd);
const labels = trainColumns.pop();
const holdoutLabels = holdoutColumns.pop();

let t = performance.now();
const binned = binDataset({ columns: trainColumns, labels });
const binSeconds = (performance.now() - t) / 1000;
t = performance.now();
const { model } = trainBinned(binned, { iterations: o.iterations, learningRate: o.learningRate, l2: o.l2, minDataInLeaf: o.minDataInLeaf, threads: o.threads, grow: o.grow, seed: o.seed ?? 0, ...(o.depth ? { depth: o.depth } : {}), ...(o.maxLeaves ? { maxLeaves: o.maxLeaves } : {}) });
const fitSeconds = (performance.now() - t) / 1000;
const auc = rocAuc(holdoutLabels, predictRaw(model, holdoutColumns));
console.log(JSON.stringify({ tool: 'dpp', binSeconds, fitSeconds, auc, maxRssMB: process.resourceUsage().maxRSS / 1024 }));
