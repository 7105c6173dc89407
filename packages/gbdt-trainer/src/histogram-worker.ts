// A histogram worker of the pool in histogram-pool.ts: instantiates the kernel on the pool's
// shared memory, waits for a task in the shared control block, sums its range of features,
// counts itself done.
import { workerData } from 'node:worker_threads';
import { instantiateKernel, runTask } from './histogram-kernel.js';
import { DONE, FAILED, type HistogramWorkerData, KIND, READY, SEQ, SPIN } from './histogram-pool.js';

const { module, memory, plan, binCounts, base, control, params, taskFeatures, ranges, thread } = workerData as HistogramWorkerData;
const kernel = instantiateKernel(module, memory);

Atomics.add(control, READY, 1);
Atomics.notify(control, READY);
// the sequence starts at 0: a task posted before this worker started is seen at once
let seen = 0;
for (;;) {
  // tasks come in quick succession (a tree posts a few hundred): spin a little before sleeping,
  // as OpenMP's threads do, since waking a sleeping thread costs more than most gaps between tasks
  for (let spin = 0; spin < SPIN && Atomics.load(control, SEQ) === seen; spin++);
  Atomics.wait(control, SEQ, seen);
  seen = Atomics.load(control, SEQ);
  const kind = control[KIND] as number;
  if (kind === 0) break;
  try {
    runTask(kernel, plan, binCounts, base, kind, params, taskFeatures, ranges[thread] as number, ranges[thread + 1] as number, thread);
  } catch (error) {
    // the calling thread is blocked waiting for DONE: say it failed instead of leaving it waiting
    console.error(`dpp histogram worker ${thread}: ${error instanceof Error ? error.message : String(error)}`);
    Atomics.store(control, FAILED, 1);
  }
  Atomics.add(control, DONE, 1);
  Atomics.notify(control, DONE);
}
