import { createRng } from '@dpp/sampler';
import { sortFloat32 } from './sort-float32.js';

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
    return bordersOf(sortFloat32(values.subarray(0, n)), maxBorders);
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
  // the borders padded with +Infinity to 255 (2^8 - 1) entries: eight fixed steps, each
  // setting one bit of the bin from one comparison, with no branch to mispredict
  const p = new Float32Array(255).fill(Number.POSITIVE_INFINITY);
  p.set(borders);
  for (let i = 0; i < column.length; i++) {
    const x = column[i] as number;
    if (x !== x) continue; // MISSING_BIN
    const v = Math.fround(x);
    // the number of borders below v
    let lo = +((p[127] as number) < v) << 7;
    lo |= +((p[lo | 63] as number) < v) << 6;
    lo |= +((p[lo | 31] as number) < v) << 5;
    lo |= +((p[lo | 15] as number) < v) << 4;
    lo |= +((p[lo | 7] as number) < v) << 3;
    lo |= +((p[lo | 3] as number) < v) << 2;
    lo |= +((p[lo | 1] as number) < v) << 1;
    lo |= +((p[lo] as number) < v);
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
  const n = sorted.length;
  let distinct = 0;
  for (let i = 0; i < n; i++) if (i === 0 || sorted[i] !== sorted[i - 1]) distinct++;
  const out = new Float32Array(Math.min(Math.max(distinct - 1, 0), maxBorders));
  let m = 0;
  let seen = 0;
  let next = 1;
  let k = 0; // the distinct value the run at i is
  for (let i = 0; i < n && k < distinct - 1 && m < out.length; k++) {
    const v = sorted[i] as number;
    let j = i + 1;
    while (j < n && sorted[j] === v) j++;
    seen += j - i;
    i = j;
    if (distinct <= maxBorders + 1) out[m++] = v;
    // cut after this value once the running count passes the next quantile
    else if (seen >= (next * n) / (maxBorders + 1)) {
      out[m++] = v;
      while (next <= maxBorders && seen >= (next * n) / (maxBorders + 1)) next++;
      if (next > maxBorders) break;
    }
  }
  return out.slice(0, m);
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
