import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { GbdtError } from './errors.js';

/**
 * The WebAssembly histogram kernels (asm/histogram.ts, built to dist/histogram.wasm) and the
 * layout of the one shared memory that this thread and the pool's workers run them on.
 * Every address below is a byte address in that memory.
 */
export interface KernelExports {
  rowsNarrow(hist: number, column: number, list: number, start: number, end: number, ordered: number): void;
  gather(ordered: number, list: number, start: number, end: number, vals: number, lanes: number): void;
  rowwiseNarrow(hist: number, rowBins: number, width: number, feats: number, offs: number, from: number, to: number, list: number, start: number, end: number, ordered: number): void;
  rowwiseDenseNarrow(hist: number, rowBins: number, width: number, offs: number, from: number, to: number, list: number, start: number, end: number, ordered: number): void;
  rowwiseWide(hist: number, rowBins: number, width: number, feats: number, offs: number, from: number, to: number, list: number, start: number, end: number, ordered: number): void;
  transpose(dst: number, src: number, rows: number, cols: number): void;
  rangeNarrow(hist: number, column: number, from: number, to: number, vals: number): void;
  rangeWide(hist: number, column: number, from: number, to: number, vals: number): void;
  zero(at: number, bytes: number): void;
  rowsWide(hist: number, column: number, list: number, start: number, end: number, ordered: number): void;
  nodesNarrow(hist: number, bins: number, column: number, node: number, list: number, count: number, vals: number): void;
  nodesWide(hist: number, bins: number, column: number, node: number, list: number, count: number, vals: number): void;
  subtract(target: number, parent: number, child: number, words: number): void;
  searchNode(hist: number, bins: number, lanes: number, countBits: number, gradShift: number, gs: number, hs: number, lambda: number, minData: number, minHess: number, out: number): void;
  searchLevel(hist: number, bins: number, nodes: number, lanes: number, countBits: number, gradShift: number, gs: number, hs: number, lambda: number, scores: number, out: number): void;
}

/** Where everything sits in the shared memory of one fit. */
export interface MemoryPlan {
  rows: number;
  /** i64 words per row and per histogram bin (1 narrow, 2 wide). */
  lanes: 1 | 2;
  /** The rows' packed gradients: row r at vals + 8 * lanes * r. */
  vals: number;
  /** Row lists (u32 per row). */
  list: number;
  /** The packed values of the rows in list order (`gather`): list[k]'s at ordered + 8 * lanes * k. */
  ordered: number;
  /** The node of each row (u16 per row). */
  node: number;
  /** Column-major bins (u8): feature f at bins + f * rows. */
  bins: number;
  /** Row-major bins (u8): row r at rowBins + r * features; 0 when the plan has none (few features). */
  rowBins: number;
  /** A row-wise task's features (u32 each) and the bin each one's histogram starts at (u32). */
  feats: number;
  offs: number;
  /** Each thread's scratch for level search: thread t's at scratch + t * SCRATCH_BYTES. */
  scratch: number;
  /** Search results, [gain, bin, missing left] as f64 per task feature: k's at found + 24 * k. */
  found: number;
  /** Histograms: bin b at arena + 8 * lanes * b. */
  arena: number;
  /** Bytes in all. */
  bytes: number;
}

/** A compiled WebAssembly module (opaque; it crosses to workers in `workerData`). */
export interface KernelModule {
  readonly kind?: 'wasm-module';
}

/** A shared WebAssembly memory: its buffer is a SharedArrayBuffer that never detaches. */
export interface SharedMemory {
  readonly buffer: SharedArrayBuffer;
}

/** The part of the WebAssembly JavaScript API used here: Node has it, but the package's `lib` (ES2023, no DOM) does not type it. */
interface WasmApi {
  Module: new (bytes: Uint8Array) => KernelModule;
  Instance: new (module: KernelModule, imports: { env: { memory: SharedMemory } }) => { exports: unknown };
  Memory: new (descriptor: { initial: number; maximum: number; shared: true }) => SharedMemory;
}
const wasm = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

const PAGE = 65536;
const MAX_PAGES = 65536;

/** Bytes of a thread's scratch: scores of the 2 x 256 candidates of a feature of at most 256 bins. */
export const SCRATCH_BYTES = 256 * 2 * 8;

/**
 * `rowwise`: keep a row-major copy of the bins too, for leaves of few rows (leaf-wise fits on
 * many features; with few features a leaf's column passes are cheap anyway); left out when
 * it would not fit in WebAssembly's 4 GiB beside the rest.
 */
export function planMemory(rows: number, features: number, arenaBins: number, lanes: 1 | 2, threads: number, rowwise = false): MemoryPlan {
  const align = (n: number) => Math.ceil(n / 16) * 16;
  // the first 1 KiB stays unused: the module's own static area, were it ever to have one
  const vals = 1024;
  const list = align(vals + rows * 8 * lanes);
  const ordered = align(list + rows * 4);
  const node = align(ordered + rows * 8 * lanes);
  const bins = align(node + rows * 2);
  const rowBins = rowwise ? align(bins + rows * features) : 0;
  const feats = align((rowBins || bins) + rows * features);
  const offs = feats + features * 4;
  const scratch = align(offs + features * 4);
  const found = scratch + threads * SCRATCH_BYTES;
  const arena = align(found + features * 24);
  const bytes = arena + arenaBins * 8 * lanes;
  // the row-major copy is a speed-up, never a reason to refuse a table that fits without it
  if (rowwise && bytes > MAX_PAGES * PAGE) return planMemory(rows, features, arenaBins, lanes, threads, false);
  if (bytes > MAX_PAGES * PAGE) throw new GbdtError('TOO_LARGE', `${rows} rows x ${features} features need ${(bytes / 2 ** 30).toFixed(1)} GiB of histogram memory, more than WebAssembly's 4 GiB`);
  return { rows, lanes, vals, list, ordered, node, bins, rowBins, feats, offs, scratch, found, arena, bytes };
}

export function createSharedMemory(plan: MemoryPlan): SharedMemory {
  const pages = Math.ceil(plan.bytes / PAGE);
  return new wasm.Memory({ initial: pages, maximum: pages, shared: true });
}

let compiled: KernelModule | undefined;

/**
 * The compiled kernel module, read once from the package's `dist/histogram.wasm` (beside the
 * compiled JavaScript; from TypeScript sources, in `../dist/`). Synchronous, because `train`
 * is a plain function: Node compiles a module of any size synchronously.
 */
export function kernelModule(): KernelModule {
  if (compiled) return compiled;
  const beside = new URL('./histogram.wasm', import.meta.url);
  const file = existsSync(fileURLToPath(beside)) ? beside : new URL('../dist/histogram.wasm', import.meta.url);
  try {
    compiled = new wasm.Module(readFileSync(file));
  } catch (cause) {
    throw new GbdtError('NO_KERNEL', `the histogram kernel ${fileURLToPath(file)} could not be loaded (build the package: npm run build)`, { cause });
  }
  return compiled;
}

export function instantiateKernel(module: KernelModule, memory: SharedMemory): KernelExports {
  return new wasm.Instance(module, { env: { memory } }).exports as KernelExports;
}

export const TASK_BY_NODE = 1;
export const TASK_BY_ROWS = 2;
export const TASK_SEARCH_NODE = 3;
export const TASK_SEARCH_LEVEL = 4;
export const TASK_BY_RANGE = 5;
export const TASK_BY_ROWS_ROWWISE = 6;
// task parameters, as doubles: histogram bin, nodes, count or start, end; for searches the
// scales of the sums and the split rules; the layout of the packed words
export const PARAM_AT = 0;
export const PARAM_NODES = 1;
export const PARAM_START = 2;
export const PARAM_END = 3;
export const PARAM_GRAD_SCALE = 4;
export const PARAM_HESS_SCALE = 5;
export const PARAM_LAMBDA = 6;
export const PARAM_MIN_DATA = 7;
export const PARAM_MIN_HESS = 8;
export const PARAM_COUNT_BITS = 9;
export const PARAM_GRAD_SHIFT = 10;
/** Row-wise tasks: 1 when the task's features are every feature of the table in order. */
export const PARAM_DENSE = 11;
export const PARAMS = 12;

/**
 * Runs task features `taskFeatures[from..to)` on thread `thread`. By node: rows
 * `list[0..count)` into the histogram of the node each row is in, feature f's at bin
 * `at + base[f] * nodes + node * bins(f)`. By rows: rows `list[start..end)` into feature f's
 * at bin `at + base[f]`, their packed values read from `plan.ordered` (gathered by the caller);
 * row-wise, the same from the row-major bins, the task's features and their starts in
 * `plan.feats` / `plan.offs` (filled by the caller). Searches: the best split of feature f of the node at bin
 * `at + base[f]`, or of the level of `nodes` nodes at `at + base[f] * nodes`, into `found`.
 */
export function runTask(kernel: KernelExports, plan: MemoryPlan, binCounts: Int32Array, base: Int32Array, kind: number, params: Float64Array, taskFeatures: Int32Array, from: number, to: number, thread: number): void {
  const binBytes = 8 * plan.lanes;
  const at = params[PARAM_AT] as number;
  if (kind === TASK_SEARCH_NODE || kind === TASK_SEARCH_LEVEL) {
    const nodes = params[PARAM_NODES] as number;
    const countBits = params[PARAM_COUNT_BITS] as number;
    const gradShift = params[PARAM_GRAD_SHIFT] as number;
    const gs = params[PARAM_GRAD_SCALE] as number;
    const hs = params[PARAM_HESS_SCALE] as number;
    const lambda = params[PARAM_LAMBDA] as number;
    const minData = params[PARAM_MIN_DATA] as number;
    const minHess = params[PARAM_MIN_HESS] as number;
    const scores = plan.scratch + thread * SCRATCH_BYTES;
    for (let k = from; k < to; k++) {
      const f = taskFeatures[k] as number;
      const nb = binCounts[f] as number;
      const out = plan.found + k * 24;
      if (kind === TASK_SEARCH_NODE) kernel.searchNode(plan.arena + (at + (base[f] as number)) * binBytes, nb, plan.lanes, countBits, gradShift, gs, hs, lambda, minData, minHess, out);
      else kernel.searchLevel(plan.arena + (at + (base[f] as number) * nodes) * binBytes, nb, nodes, plan.lanes, countBits, gradShift, gs, hs, lambda, scores, out);
    }
  } else if (kind === TASK_BY_NODE) {
    const nodes = params[PARAM_NODES] as number;
    const count = params[PARAM_START] as number;
    const run = plan.lanes === 1 ? kernel.nodesNarrow : kernel.nodesWide;
    for (let k = from; k < to; k++) {
      const f = taskFeatures[k] as number;
      kernel.zero(plan.arena + (at + (base[f] as number) * nodes) * binBytes, (binCounts[f] as number) * nodes * binBytes);
      run(plan.arena + (at + (base[f] as number) * nodes) * binBytes, binCounts[f] as number, plan.bins + f * plan.rows, plan.node, plan.list, count, plan.vals);
    }
  } else if (kind === TASK_BY_ROWS_ROWWISE) {
    // the task's features and their histograms' starts are in plan.feats / plan.offs
    const start = params[PARAM_START] as number;
    const end = params[PARAM_END] as number;
    const hist = plan.arena + at * binBytes;
    for (let k = from; k < to; k++) {
      const f = taskFeatures[k] as number;
      kernel.zero(hist + (base[f] as number) * binBytes, (binCounts[f] as number) * binBytes);
    }
    if (plan.lanes === 1 && params[PARAM_DENSE] === 1) kernel.rowwiseDenseNarrow(hist, plan.rowBins, binCounts.length, plan.offs, from, to, plan.list, start, end, plan.ordered);
    else (plan.lanes === 1 ? kernel.rowwiseNarrow : kernel.rowwiseWide)(hist, plan.rowBins, binCounts.length, plan.feats, plan.offs, from, to, plan.list, start, end, plan.ordered);
  } else {
    const start = params[PARAM_START] as number;
    const end = params[PARAM_END] as number;
    for (let k = from; k < to; k++) {
      const f = taskFeatures[k] as number;
      const hist = plan.arena + (at + (base[f] as number)) * binBytes;
      kernel.zero(hist, (binCounts[f] as number) * binBytes);
      if (kind === TASK_BY_RANGE) (plan.lanes === 1 ? kernel.rangeNarrow : kernel.rangeWide)(hist, plan.bins + f * plan.rows, start, end, plan.vals);
      else (plan.lanes === 1 ? kernel.rowsNarrow : kernel.rowsWide)(hist, plan.bins + f * plan.rows, plan.list, start, end, plan.ordered);
    }
  }
}
