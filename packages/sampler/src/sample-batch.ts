import { checkCount } from './check.js';
import { createRng } from './rng.js';

export interface SampleBatchOptions {
  /** Share of the rows to draw (the batch has `round(n * fraction)` rows, at least 1). */
  fraction?: number;
  /** Exact number of rows to draw, instead of a fraction. */
  size?: number;
  /**
   * Draw with replacement: a row may be drawn more than once. Allowed on purpose, to show
   * how a leak inflates metrics.
   */
  withReplacement?: boolean;
  seed: number | string;
}

/**
 * Draws the row indices of a batch of new borrowers from a pool of `n` rows, sorted
 * ascending. The sampler returns indices only: withholding the labels is the caller's job.
 *
 * @example sampleBatch(1000, { fraction: 0.1, seed: 1 }) // 100 distinct indices
 * @throws RangeError when the batch would be empty or, without replacement, larger than the pool.
 */
export function sampleBatch(n: number, options: SampleBatchOptions): Uint32Array {
  checkCount('n', n, 1);
  let size: number;
  if (options.size !== undefined) {
    checkCount('size', options.size, 1);
    size = options.size;
  } else {
    const fraction = options.fraction ?? 0.1;
    if (!(fraction > 0 && fraction <= 1)) throw new RangeError(`fraction must be in (0, 1], got ${fraction}`);
    size = Math.max(1, Math.round(n * fraction));
  }
  const rng = createRng(options.seed);
  const out = new Uint32Array(size);
  if (options.withReplacement) {
    for (let i = 0; i < size; i++) out[i] = rng.nextInt(n);
  } else {
    if (size > n) throw new RangeError(`size ${size} is larger than the pool of ${n} rows (draw with replacement to allow it)`);
    // partial Fisher-Yates over a sparse swap map: O(size) time and memory
    const swapped = new Map<number, number>();
    for (let i = 0; i < size; i++) {
      const j = i + rng.nextInt(n - i);
      out[i] = swapped.get(j) ?? j;
      swapped.set(j, swapped.get(i) ?? i);
    }
  }
  return out.sort();
}

