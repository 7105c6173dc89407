import { createRng } from '@dpp/sampler';

/** The largest float32: the threshold of a split that sends every non-missing value left. */
export const FLOAT32_MAX = 3.4028234663852886e38;

/** Bin 0 holds missing values; bins 1..borders.length + 1 the values, in order. */
export const MISSING_BIN = 0;

/**
 * The features of a table as small integers: for each feature, its borders (ascending
 * float32 values) and each row's bin. A value x falls in bin 1 + (the number of borders
 * below fround(x)), so "bin <= s" is exactly "fround(x) <= borders[s - 1]": the test an
 * exported tree makes on a float32 input.
 */
export interface QuantizedFeatures {
  rows: number;
  /** One Uint8Array of bins per feature, column-major (the histogram loop reads one column at a time): views of `data`. */
  bins: Uint8Array[];
  /** Every feature's bins in one block of shared memory (feature f at f * rows), for worker threads. */
  data: Uint8Array;
  /** The borders of each feature, ascending float32 values; at most `maxBorders`. */
  borders: Float32Array[];
}

export interface QuantizeOptions {
  /** Borders per feature at most (so bins per feature at most this + 2, with missing). Default 254. */
  maxBorders?: number;
  /** Rows sampled to place the borders. Default 200,000 (all rows of smaller tables). */
  sampleRows?: number;
  /** Seed of the row sample. Default 0. */
  seed?: number;
}

/** Places borders on a sample of each column (equal-frequency cuts over the distinct values) and bins every row. */
export function quantizeFeatures(columns: readonly ArrayLike<number>[], options: QuantizeOptions = {}): QuantizedFeatures {
  const maxBorders = Math.min(options.maxBorders ?? 254, 254);
  const rows = columns[0]?.length ?? 0;
  const sampleRows = Math.min(options.sampleRows ?? 200_000, rows);
  const sample = sampleIndices(rows, sampleRows, options.seed ?? 0);
  const values = new Float32Array(sampleRows);
  const borders = columns.map((column) => {
    let n = 0;
    for (let i = 0; i < sampleRows; i++) {
      const v = column[sample[i] as number] as number;
      if (v === v) values[n++] = v;
    }
    return bordersOf(values.subarray(0, n).sort(), maxBorders);
  });
  const data = new Uint8Array(new SharedArrayBuffer(Math.max(1, rows * columns.length)));
  const bins = columns.map((column, f) => {
    const out = data.subarray(f * rows, (f + 1) * rows);
    binColumn(column, borders[f] as Float32Array, out);
    return out;
  });
  return { rows, borders, bins, data };
}

/** Bins other rows (validation, scoring) with borders placed on the training rows. */
export function binColumns(columns: readonly ArrayLike<number>[], borders: readonly Float32Array[]): Uint8Array[] {
  return columns.map((column, f) => binColumn(column, borders[f] as Float32Array, new Uint8Array(column.length)));
}

function binColumn(column: ArrayLike<number>, borders: Float32Array, out: Uint8Array): Uint8Array {
  const m = borders.length;
  for (let i = 0; i < column.length; i++) {
    const x = column[i] as number;
    if (x !== x) continue; // MISSING_BIN
    const v = Math.fround(x);
    // first border >= v, by bisection
    let lo = 0;
    let hi = m;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((borders[mid] as number) < v) lo = mid + 1;
      else hi = mid;
    }
    out[i] = lo + 1;
  }
  return out;
}

/**
 * Borders from sorted float32 values: every distinct value but the largest when there are
 * few enough (a split can then separate any two values), else values at equal-frequency
 * positions of the distinct-value weighted sample, deduplicated.
 */
function bordersOf(sorted: Float32Array, maxBorders: number): Float32Array {
  const distinct: number[] = [];
  const counts: number[] = [];
  for (let i = 0; i < sorted.length; i++) {
    const v = sorted[i] as number;
    if (distinct.length > 0 && distinct[distinct.length - 1] === v) counts[counts.length - 1]!++;
    else {
      distinct.push(v);
      counts.push(1);
    }
  }
  if (distinct.length <= maxBorders + 1) return Float32Array.from(distinct.slice(0, -1));
  const out: number[] = [];
  let seen = 0;
  let next = 1;
  for (let k = 0; k < distinct.length - 1 && next <= maxBorders; k++) {
    seen += counts[k] as number;
    // cut after value k once the running count passes the next quantile
    if (seen >= (next * sorted.length) / (maxBorders + 1)) {
      out.push(distinct[k] as number);
      while (next <= maxBorders && seen >= (next * sorted.length) / (maxBorders + 1)) next++;
    }
  }
  return Float32Array.from(out);
}

function sampleIndices(rows: number, take: number, seed: number): Uint32Array {
  const out = new Uint32Array(take);
  if (take === rows) {
    for (let i = 0; i < rows; i++) out[i] = i;
    return out;
  }
  // Floyd's algorithm would need a set; a partial Fisher-Yates over an index array is simpler
  const all = new Uint32Array(rows);
  for (let i = 0; i < rows; i++) all[i] = i;
  const rng = createRng(seed);
  for (let i = 0; i < take; i++) {
    const j = i + rng.nextInt(rows - i);
    const t = all[i] as number;
    all[i] = all[j] as number;
    all[j] = t;
  }
  out.set(all.subarray(0, take));
  return out.sort();
}
