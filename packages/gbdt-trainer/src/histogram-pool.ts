import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { GbdtError } from './errors.js';
import {
  type KernelExports,
  type KernelModule,
  type MemoryPlan,
  PARAMS,
  PARAM_AT,
  PARAM_COUNT_BITS,
  PARAM_DENSE,
  PARAM_END,
  PARAM_GRAD_SCALE,
  PARAM_GRAD_SHIFT,
  PARAM_HESS_SCALE,
  PARAM_LAMBDA,
  PARAM_MIN_DATA,
  PARAM_MIN_HESS,
  PARAM_NODES,
  PARAM_START,
  type SharedMemory,
  TASK_BY_NODE,
  TASK_BY_RANGE,
  TASK_BY_ROWS,
  TASK_BY_ROWS_ROWWISE,
  TASK_SEARCH_LEVEL,
  TASK_SEARCH_NODE,
  createSharedMemory,
  instantiateKernel,
  kernelModule,
  planMemory,
  runTask,
} from './histogram-kernel.js';
import type { GradientLayout, GradientScale } from './packed-gradients.js';
import type { SplitRules } from './split-search.js';

/**
 * Builds histograms of many features at once, on this thread and `threads - 1` workers, all
 * running the WebAssembly kernel on one shared `WebAssembly.Memory` that holds the bins, the
 * packed gradients, the row lists and the histograms. Features are split into contiguous
 * ranges, one per thread; a histogram's sums are integers, so they, and the model, are the
 * same whatever the thread count.
 *
 * The calls are synchronous: the task goes to the workers through a shared control block
 * (Atomics.notify), this thread does its own range, then waits (Atomics.wait) for the rest.
 */
export interface HistogramPool {
  readonly layout: GradientLayout;
  /** The histograms' i64 words as int32 halves (low half first): bin b at 2 * lanes * b. */
  readonly words: Int32Array;
  /** The rows' packed gradients, filled by `packGradients`: row r at 2 * lanes * r. */
  readonly vals: Int32Array;
  /** Row lists the tasks read. */
  readonly list: Uint32Array;
  /** The node each row is in (by-node tasks). */
  readonly node: Uint16Array;
  /**
   * For every feature in `features`, the histograms of `nodes` nodes from rows
   * `list[0..count)`, each row in the node `node[r]`: at bin `at + base[f] * nodes + node[r] * bins(f)`.
   * Each thread zeroes its features' bins first (no histogram is cleared on one thread).
   */
  byNode(at: number, nodes: number, count: number, features: Int32Array): void;
  /** For every feature in `features`, the histogram of rows `list[start..end)` at bin `at + base[f]`. */
  byRows(at: number, start: number, end: number, features: Int32Array): void;
  /** The same for the rows `from..to` themselves, in order, without reading a list (the root of a fit on every row). */
  byRange(at: number, from: number, to: number, features: Int32Array): void;
  /**
   * For every feature `features[k]`, the best split of the node whose histograms start at bin
   * `at` (feature f's at `at + base[f]`) under `rules`: `found[3k..3k+3)` = gain (0: none),
   * bin, missing left (0/1).
   */
  searchNode(at: number, features: Int32Array, scale: GradientScale, rules: SplitRules): void;
  /** The same for a whole oblivious level of `nodes` nodes (feature f's at `at + base[f] * nodes`), gains summed over the nodes. */
  searchLevel(at: number, nodes: number, features: Int32Array, scale: GradientScale, lambda: number): void;
  /** The searches' results, three per task feature. */
  readonly found: Float64Array;
  /** Bins `target..+bins` = `parent..` - `child..`: the subtraction trick. */
  subtract(target: number, parent: number, child: number, bins: number): void;
  close(): void;
}

export interface PoolData {
  /** All bins, column-major (feature f at f * rows); copied into the shared memory. */
  bins: Uint8Array;
  rows: number;
  binCounts: Int32Array;
  layout: GradientLayout;
  /** Histogram bins in the arena. */
  arenaBins: number;
  /**
   * Keep a row-major copy of the bins and build the histograms of leaves of few rows from it
   * (`byRows` over at least half the features). Costs rows x features bytes. Default false.
   */
  rowwise?: boolean;
}

/** What each histogram worker receives: the module, the shared memory and control block, its thread number. */
export interface HistogramWorkerData {
  module: KernelModule;
  memory: SharedMemory;
  plan: MemoryPlan;
  binCounts: Int32Array;
  base: Int32Array;
  control: Int32Array;
  params: Float64Array;
  taskFeatures: Int32Array;
  ranges: Int32Array;
  thread: number;
}

// the control block, as int32s (the worker reads the same indices)
export const SEQ = 0;
export const DONE = 1;
export const KIND = 2;
export const READY = 3; // workers started
export const FAILED = 4; // a worker's task threw
const CONTROL_INTS = 8;
/** Loads of the control block a thread spins through before it sleeps in Atomics.wait (some tens of microseconds). */
export const SPIN = 20_000;
const STALL_SECONDS = 300;
/** A leaf with at most 1 / ROWWISE_SHARE of the table's rows has its histograms built row-wise. */
const ROWWISE_SHARE = 16;

export function createHistogramPool(data: PoolData, threads: number): HistogramPool {
  const { rows, binCounts, layout } = data;
  const featureCount = binCounts.length;
  const base = new Int32Array(featureCount + 1);
  for (let f = 0; f < featureCount; f++) base[f + 1] = (base[f] as number) + (binCounts[f] as number);
  const plan = planMemory(rows, featureCount, data.arenaBins, layout.lanes, threads, data.rowwise ?? false);
  const memory = createSharedMemory(plan);
  const module = kernelModule();
  const kernel: KernelExports = instantiateKernel(module, memory);
  const buffer = memory.buffer;
  new Uint8Array(buffer, plan.bins, rows * featureCount).set(data.bins.subarray(0, rows * featureCount));
  if (plan.rowBins !== 0) kernel.transpose(plan.rowBins, plan.bins, rows, featureCount);
  const feats = new Uint32Array(buffer, plan.feats, featureCount);
  const offs = new Uint32Array(buffer, plan.offs, featureCount);
  const words = new Int32Array(buffer, plan.arena, data.arenaBins * 2 * layout.lanes);
  const binBytes = 8 * layout.lanes;

  const control = new Int32Array(new SharedArrayBuffer(CONTROL_INTS * 4));
  const params = new Float64Array(new SharedArrayBuffer(PARAMS * 8));
  params[PARAM_COUNT_BITS] = layout.lanes === 1 ? layout.countBits : 0;
  params[PARAM_GRAD_SHIFT] = layout.lanes === 1 ? 64 - layout.gradBits : 0;
  const taskFeatures = new Int32Array(new SharedArrayBuffer(Math.max(1, featureCount) * 4));
  // [start, end) into taskFeatures for each thread
  const ranges = new Int32Array(new SharedArrayBuffer((threads + 1) * 4));
  const workers: Worker[] = [];
  // the worker is compiled JavaScript beside this file; run from TypeScript sources there is none, and the pool sums on this thread alone
  const script = new URL('./histogram-worker.js', import.meta.url);
  if (threads > 1 && existsSync(fileURLToPath(script))) {
    for (let t = 1; t < threads; t++) {
      const workerData: HistogramWorkerData = { module, memory, plan, binCounts, base, control, params, taskFeatures, ranges, thread: t };
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

  const run = (kind: number, features: Int32Array) => {
    const n = features.length;
    taskFeatures.set(features);
    if (workers.length === 0 || n < 2 * threads) {
      runTask(kernel, plan, binCounts, base, kind, params, taskFeatures, 0, n, 0);
      return;
    }
    // ranges of about equal work: bins x rows is the same for every feature, so count features
    for (let t = 0; t <= threads; t++) ranges[t] = Math.round((t * n) / threads);
    control[KIND] = kind;
    Atomics.store(control, DONE, 0);
    Atomics.add(control, SEQ, 1);
    Atomics.notify(control, SEQ);
    runTask(kernel, plan, binCounts, base, kind, params, taskFeatures, ranges[0] as number, ranges[1] as number, 0);
    // a task is one level of one tree: one that takes minutes means a worker is gone (killed,
    // out of memory), and waiting on would hang the caller for ever
    let waited = 0;
    for (let spin = 0; spin < SPIN && Atomics.load(control, DONE) < workers.length; spin++);
    for (;;) {
      const done = Atomics.load(control, DONE);
      if (done >= workers.length) break;
      if (Atomics.wait(control, DONE, done, 1000) === 'timed-out' && ++waited >= STALL_SECONDS) {
        throw new GbdtError('WORKER_FAILED', `histogram worker threads did not finish a task in ${STALL_SECONDS} s (${done} of ${workers.length} done)`);
      }
    }
    if (Atomics.load(control, FAILED) !== 0) throw new GbdtError('WORKER_FAILED', 'a histogram worker thread failed (see its error above)');
  };
  return {
    layout,
    words,
    vals: new Int32Array(buffer, plan.vals, rows * 2 * layout.lanes),
    list: new Uint32Array(buffer, plan.list, rows),
    node: new Uint16Array(buffer, plan.node, rows),
    found: new Float64Array(buffer, plan.found, featureCount * 3),
    byNode(at, nodes, count, features) {
      params[PARAM_AT] = at;
      params[PARAM_NODES] = nodes;
      params[PARAM_START] = count;
      run(TASK_BY_NODE, features);
    },
    byRows(at, start, end, features) {
      // the rows' packed values in list order, once, for every feature's pass to read in sequence
      kernel.gather(plan.ordered, plan.list, start, end, plan.vals, layout.lanes);
      params[PARAM_AT] = at;
      params[PARAM_START] = start;
      params[PARAM_END] = end;
      // a leaf of a small share of the rows, over most features: read its rows row-major
      if (plan.rowBins !== 0 && (end - start) * ROWWISE_SHARE <= rows && 2 * features.length >= featureCount) {
        let dense = features.length === featureCount ? 1 : 0;
        for (let k = 0; k < features.length; k++) {
          const f = features[k] as number;
          feats[k] = f;
          offs[k] = base[f] as number;
          if (f !== k) dense = 0;
        }
        params[PARAM_DENSE] = dense;
        run(TASK_BY_ROWS_ROWWISE, features);
      } else run(TASK_BY_ROWS, features);
    },
    byRange(at, from, to, features) {
      params[PARAM_AT] = at;
      params[PARAM_START] = from;
      params[PARAM_END] = to;
      run(TASK_BY_RANGE, features);
    },
    searchNode(at, features, scale, rules) {
      params[PARAM_AT] = at;
      params[PARAM_GRAD_SCALE] = scale.grad;
      params[PARAM_HESS_SCALE] = scale.hess;
      params[PARAM_LAMBDA] = rules.lambda;
      params[PARAM_MIN_DATA] = rules.minDataInLeaf;
      params[PARAM_MIN_HESS] = rules.minSumHessian;
      run(TASK_SEARCH_NODE, features);
    },
    searchLevel(at, nodes, features, scale, lambda) {
      params[PARAM_AT] = at;
      params[PARAM_NODES] = nodes;
      params[PARAM_GRAD_SCALE] = scale.grad;
      params[PARAM_HESS_SCALE] = scale.hess;
      params[PARAM_LAMBDA] = lambda;
      run(TASK_SEARCH_LEVEL, features);
    },
    subtract(target, parent, child, bins) {
      kernel.subtract(plan.arena + target * binBytes, plan.arena + parent * binBytes, plan.arena + child * binBytes, bins * layout.lanes);
    },
    close() {
      control[KIND] = 0;
      Atomics.add(control, SEQ, 1);
      Atomics.notify(control, SEQ);
      for (const w of workers) void w.terminate();
    },
  };
}
