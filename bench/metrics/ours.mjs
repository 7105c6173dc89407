// One measured run of @dpp/metrics on labels/scores stored as float64 files. Prints JSON.
import { readFileSync } from 'node:fs';
import { ks, rocAuc } from '@dpp/metrics';

const [labelsFile, scoresFile, repeats] = process.argv.slice(2);
const labels = new Float64Array(readFileSync(labelsFile).buffer.slice(0));
const scores = new Float64Array(readFileSync(scoresFile).buffer.slice(0));
const before = process.memoryUsage().rss;
const time = (fn) => {
  let best = Infinity;
  let value;
  for (let r = 0; r < Number(repeats); r++) {
    const t = performance.now();
    value = fn();
    best = Math.min(best, (performance.now() - t) / 1000);
  }
  return { seconds: best, value };
};
const auc = time(() => rocAuc(labels, scores));
const k = time(() => ks(labels, scores).statistic);
console.log(JSON.stringify({ auc, ks: k, inputMB: (labels.byteLength + scores.byteLength) / 1e6, extraPeakMB: (process.resourceUsage().maxRSS * 1024 - before) / 1e6, maxRssMB: process.resourceUsage().maxRSS / 1024 }));
