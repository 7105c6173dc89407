// A histogram worker of the pool in histogram-pool.ts: waits for a task in the shared
// control block, sums its range of features, counts itself done.
import { workerData } from 'node:worker_threads';
import { accumulateByNode, accumulateRows } from './histogram.js';
import type { HistogramWorkerData } from './histogram-pool.js';

const { bins, rows, binCounts, grad, hess, list, node, base, arena, control, params, taskFeatures, ranges, thread } = workerData as HistogramWorkerData;

Atomics.add(control, 4, 1); // READY
Atomics.notify(control, 4);
// the sequence starts at 0: a task posted before this worker started is seen at once
let seen = 0;
for (;;) {
  Atomics.wait(control, 0, seen);
  seen = Atomics.load(control, 0);
  const kind = control[2] as number;
  if (kind === 0) break;
  const from = ranges[thread] as number;
  const to = ranges[thread + 1] as number;
  const at = params[0] as number;
  for (let k = from; k < to; k++) {
    const f = taskFeatures[k] as number;
    const column = bins.subarray(f * rows, (f + 1) * rows);
    if (kind === 1) accumulateByNode(arena, at + (base[f] as number) * 3 * (params[1] as number), binCounts[f] as number, column, node, 0, list, params[2] as number, grad, hess);
    else accumulateRows(arena, at + (base[f] as number) * 3, column, list, params[2] as number, params[3] as number, grad, hess);
  }
  Atomics.add(control, 1, 1);
  Atomics.notify(control, 1);
}
