import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { accumulateByNode, accumulateRows } from './histogram.js';

/**
 * Builds histograms of many features at once, on this thread and `threads - 1` workers
 * sharing memory with it. Features are split into contiguous ranges of about equal bin
 * counts, one per thread; each feature's histogram is summed by one thread in row order,
 * so the sums, and the model, are the same whatever the thread count.
 *
 * The calls are synchronous: the task goes to the workers through a shared control block
 * (Atomics.notify), this thread does its own range, then waits (Atomics.wait) for the rest.
 */
export interface HistogramPool {
  /** Every histogram lives in this shared arena; a histogram is an offset into it. */
  readonly arena: Float64Array;
  /**
   * For every feature in `features`, adds rows `list[0..count)` into the histogram of the
   * node each row is in: at `at + base[f] * 3 * nodes + node[r] * bins(f) * 3`.
   */
  byNode(at: number, nodes: number, count: number, features: Int32Array): void;
  /** For every feature in `features`, adds rows `list[start..end)` into the histogram at `at + base[f] * 3`. */
  byRows(at: number, start: number, end: number, features: Int32Array): void;
  close(): void;
}

export interface PoolData {
  /** All bins, column-major (feature f at f * rows), in shared memory. */
  bins: Uint8Array;
  rows: number;
  binCounts: Int32Array;
  grad: Float64Array;
  hess: Float64Array;
  /** Row lists the tasks read. */
  list: Uint32Array;
  node: Uint16Array;
  /** Doubles in the arena. */
  arenaSize: number;
}

/** What each histogram worker receives: the pool's data, the shared control block and its thread number. */
export interface HistogramWorkerData extends Omit<PoolData, 'arenaSize'> {
  base: Int32Array;
  arena: Float64Array;
  control: Int32Array;
  params: Float64Array;
  taskFeatures: Int32Array;
  ranges: Int32Array;
  thread: number;
}

const SEQ = 0;
const DONE = 1;
const KIND = 2;
const COUNT = 3; // features in the task
const READY = 4; // workers started
const CONTROL_INTS = 8;
// doubles: at, nodes, start/count, end
const AT = 0;
const NODES = 1;
const START = 2;
const END = 3;

export function createHistogramPool(data: PoolData, threads: number): HistogramPool {
  const featureCount = data.binCounts.length;
  const base = new Int32Array(featureCount + 1);
  for (let f = 0; f < featureCount; f++) base[f + 1] = (base[f] as number) + (data.binCounts[f] as number);
  const arena = new Float64Array(new SharedArrayBuffer(data.arenaSize * 8));
  const control = new Int32Array(new SharedArrayBuffer(CONTROL_INTS * 4));
  const params = new Float64Array(new SharedArrayBuffer(4 * 8));
  const taskFeatures = new Int32Array(new SharedArrayBuffer(featureCount * 4));
  // [start, end) into taskFeatures for each thread
  const ranges = new Int32Array(new SharedArrayBuffer((threads + 1) * 4));
  const { arenaSize: _size, ...pool } = data;
  const shared = { ...pool, base, arena, control, params, taskFeatures, ranges };
  const workers: Worker[] = [];
  // the worker is compiled JavaScript beside this file; run from TypeScript sources there is none, and the pool sums on this thread alone
  const script = new URL('./histogram-worker.js', import.meta.url);
  if (threads > 1 && existsSync(fileURLToPath(script))) {
    for (let t = 1; t < threads; t++) {
      const workerData: HistogramWorkerData = { ...shared, thread: t };
      const worker = new Worker(script, { workerData });
      worker.unref();
      workers.push(worker);
    }
    // wait (10 s at most) until every worker runs; if one does not, sum on this thread alone
    const deadline = Date.now() + 10_000;
    for (;;) {
      const ready = Atomics.load(control, READY);
      if (ready === workers.length || Date.now() > deadline) break;
      Atomics.wait(control, READY, ready, 100);
    }
    if (Atomics.load(control, READY) !== workers.length) {
      for (const w of workers) void w.terminate();
      workers.length = 0;
    }
  }

  const column = (f: number) => data.bins.subarray(f * data.rows, (f + 1) * data.rows);
  const runRange = (kind: number, from: number, to: number) => {
    const at = params[AT] as number;
    if (kind === 1) {
      const nodes = params[NODES] as number;
      const count = params[START] as number;
      for (let k = from; k < to; k++) {
        const f = taskFeatures[k] as number;
        accumulateByNode(arena, at + (base[f] as number) * 3 * nodes, data.binCounts[f] as number, column(f), data.node, 0, data.list, count, data.grad, data.hess);
      }
    } else {
      const start = params[START] as number;
      const end = params[END] as number;
      for (let k = from; k < to; k++) {
        const f = taskFeatures[k] as number;
        accumulateRows(arena, at + (base[f] as number) * 3, column(f), data.list, start, end, data.grad, data.hess);
      }
    }
  };
  const run = (kind: number, features: Int32Array) => {
    const n = features.length;
    if (workers.length === 0 || n < 2 * threads) {
      taskFeatures.set(features);
      runRange(kind, 0, n);
      return;
    }
    taskFeatures.set(features);
    // ranges of about equal work: bins x rows is the same for every feature, so count features
    for (let t = 0; t <= threads; t++) ranges[t] = Math.round((t * n) / threads);
    control[KIND] = kind;
    control[COUNT] = n;
    Atomics.store(control, DONE, 0);
    Atomics.add(control, SEQ, 1);
    Atomics.notify(control, SEQ);
    runRange(kind, ranges[0] as number, ranges[1] as number);
    for (;;) {
      const done = Atomics.load(control, DONE);
      if (done === workers.length) break;
      Atomics.wait(control, DONE, done);
    }
  };
  return {
    arena,
    byNode(at, nodes, count, features) {
      params[AT] = at;
      params[NODES] = nodes;
      params[START] = count;
      run(1, features);
    },
    byRows(at, start, end, features) {
      params[AT] = at;
      params[START] = start;
      params[END] = end;
      run(2, features);
    },
    close() {
      control[KIND] = 0;
      Atomics.add(control, SEQ, 1);
      Atomics.notify(control, SEQ);
      for (const w of workers) void w.terminate();
    },
  };
}
