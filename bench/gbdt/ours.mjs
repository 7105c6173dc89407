// One fit of dpp's engine on the float32 table file, in its own process. Prints one JSON line.
import { readFileSync } from 'node:fs';
import { binDataset, predictRaw, trainBinned } from '@dpp/gbdt-trainer';
import { rocAuc } from '@dpp/metrics';

const [file, json] = process.argv.slice(2);
const o = JSON.parse(json);
const cells = new Float32Array(readFileSync(file).buffer);
const width = o.features + 1;
const nTrain = Math.floor(o.rows * 0.8);
const column = (f, from, to) => Float64Array.from({ length: to - from }, (_, i) => cells[(from + i) * width + f]);
const columns = Array.from({ length: o.features }, (_, f) => column(f, 0, nTrain));
const labels = column(o.features, 0, nTrain);
let t = performance.now();
const binned = binDataset({ columns, labels });
const binSeconds = (performance.now() - t) / 1000;
t = performance.now();
const { model } = trainBinned(binned, { iterations: o.iterations, learningRate: o.learningRate, l2: o.l2, minDataInLeaf: o.minDataInLeaf, threads: o.threads, grow: o.grow, ...(o.depth ? { depth: o.depth } : {}), ...(o.maxLeaves ? { maxLeaves: o.maxLeaves } : {}) });
const fitSeconds = (performance.now() - t) / 1000;
const holdout = Array.from({ length: o.features }, (_, f) => column(f, nTrain, o.rows));
const auc = rocAuc(column(o.features, nTrain, o.rows), predictRaw(model, holdout));
console.log(JSON.stringify({ tool: 'dpp', binSeconds, fitSeconds, auc, maxRssMB: process.resourceUsage().maxRSS / 1024 }));
