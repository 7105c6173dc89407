import { createRng } from '@dpp/sampler';
import { describe, expect, it } from 'vitest';
// Through the built output: the pool runs dist/histogram.wasm, on dist/histogram-worker.js with 2 threads.
import { createHistogramPool } from '../dist/histogram-pool.js';
import { planMemory } from '../dist/histogram-kernel.js';
import { NARROW_ROWS, decodeHistogram, gradientLayout, packGradients } from '../dist/packed-gradients.js';

const UNIT = { grad: 1, hess: 1 };

/** A random table: column-major bins, bin counts, gradients and hessians as a log-loss round makes them. */
function randomTable(rows: number, features: number, seed: number) {
  const rng = createRng(seed);
  const binCounts = Int32Array.from({ length: features }, () => 3 + rng.nextInt(254));
  const bins = new Uint8Array(rows * features);
  for (let f = 0; f < features; f++) for (let r = 0; r < rows; r++) bins[f * rows + r] = rng.nextInt(binCounts[f]!);
  const grad = new Float64Array(rows);
  const hess = new Float64Array(rows);
  for (let r = 0; r < rows; r++) {
    const p = rng.next();
    grad[r] = p - (rng.next() < 0.2 ? 1 : 0);
    hess[r] = Math.max(p * (1 - p), 1e-16);
  }
  const base = new Int32Array(features + 1);
  for (let f = 0; f < features; f++) base[f + 1] = base[f]! + binCounts[f]!;
  return { rng, bins, binCounts, base, grad, hess };
}

/** Each row's quantized integers [g, h, 1], read back from its packed word(s). */
function rowIntegers(layout: ReturnType<typeof gradientLayout>, vals: Int32Array, rows: number): Float64Array {
  const out = new Float64Array(rows * 3);
  const one = new Float64Array(3);
  for (let r = 0; r < rows; r++) {
    decodeHistogram(layout, vals, r, 1, UNIT, one);
    out.set(one, r * 3);
  }
  return out;
}

/** The straightforward sums: for each row in `list`, its integers into [histogram(node)][feature bin]. */
function referenceSums(bins: Uint8Array, rows: number, nb: number, f: number, ints: Float64Array, list: ArrayLike<number>, nodeOf: (r: number) => number, nodes: number): Float64Array {
  const out = new Float64Array(nodes * nb * 3);
  for (let k = 0; k < list.length; k++) {
    const r = list[k]!;
    const at = (nodeOf(r) * nb + bins[f * rows + r]!) * 3;
    for (let j = 0; j < 3; j++) out[at + j] = out[at + j]! + ints[r * 3 + j]!;
  }
  return out;
}

function decoded(pool: { layout: ReturnType<typeof gradientLayout>; words: Int32Array }, at: number, bins: number): Float64Array {
  const out = new Float64Array(bins * 3);
  decodeHistogram(pool.layout, pool.words, at, bins, UNIT, out);
  return out;
}

describe('histogram pool (WebAssembly kernel)', () => {
  for (const threads of [1, 2]) {
    it(`sums quantized gradients, hessians and counts exactly as a plain loop does, by rows and by node (${threads} thread${threads > 1 ? 's' : ''})`, () => {
      const rows = 6000;
      const features = 7;
      const { rng, bins, binCounts, base, grad, hess } = randomTable(rows, features, 11 + threads);
      const totalBins = base[features]!;
      const layout = gradientLayout(rows);
      const pool = createHistogramPool({ bins, rows, binCounts, layout, arenaBins: totalBins * 6 }, threads);
      try {
        const all = Uint32Array.from({ length: rows }, (_, i) => i);
        const scale = { grad: 0, hess: 0 };
        packGradients(layout, grad, hess, all, rows, createRng(5), pool.vals, scale);
        const ints = rowIntegers(layout, pool.vals, rows);
        // stochastic rounding: each integer within one unit of the value, the count 1
        for (let r = 0; r < rows; r++) {
          expect(Math.abs(ints[3 * r]! * scale.grad - grad[r]!)).toBeLessThan(scale.grad);
          expect(Math.abs(ints[3 * r + 1]! * scale.hess - hess[r]!)).toBeLessThan(scale.hess);
          expect(ints[3 * r + 2]).toBe(1);
        }
        const features32 = Int32Array.from({ length: features }, (_, f) => f);

        // by rows: a random ascending subset, in list[100..100 + m)
        const subset = all.filter(() => rng.next() < 0.4);
        pool.list.set(subset, 100);
        pool.byRows(0, 100, 100 + subset.length, features32);
        // and every row into the second slot, then the complement by subtraction
        pool.list.set(all);
        pool.byRows(totalBins, 0, rows, features32);
        pool.subtract(totalBins * 2, totalBins, 0, totalBins);
        // every row read in order without the list, into a slot that held other sums: the same words
        pool.byRange(totalBins * 3, 0, rows, features32);
        pool.byRange(totalBins * 4, 0, rows, features32);
        pool.byRange(totalBins * 4, 0, rows, features32);
        const byList = Array.from(pool.words.subarray(totalBins * 2 * layout.lanes, totalBins * 4 * layout.lanes));
        expect(Array.from(pool.words.subarray(totalBins * 6 * layout.lanes, totalBins * 8 * layout.lanes))).toEqual(byList);
        expect(Array.from(pool.words.subarray(totalBins * 8 * layout.lanes, totalBins * 10 * layout.lanes))).toEqual(byList);
        const inSubset = new Set(subset);
        const complement = all.filter((r) => !inSubset.has(r));
        for (let f = 0; f < features; f++) {
          const nb = binCounts[f]!;
          expect(Array.from(decoded(pool, base[f]!, nb)), `feature ${f}`).toEqual(Array.from(referenceSums(bins, rows, nb, f, ints, subset, () => 0, 1)));
          expect(Array.from(decoded(pool, totalBins * 2 + base[f]!, nb)), `feature ${f}`).toEqual(Array.from(referenceSums(bins, rows, nb, f, ints, complement, () => 0, 1)));
        }

        // by node: 4 nodes, every row
        for (let r = 0; r < rows; r++) pool.node[r] = rng.nextInt(4);
        const at = totalBins * 2;
        pool.byNode(at, 4, rows, features32);
        for (let f = 0; f < features; f++) {
          const nb = binCounts[f]!;
          const expected = referenceSums(bins, rows, nb, f, ints, all, (r) => pool.node[r]!, 4);
          expect(Array.from(decoded(pool, at + base[f]! * 4, nb * 4)), `feature ${f}`).toEqual(Array.from(expected));
        }
      } finally {
        pool.close();
      }
    });
  }

  for (const leafRows of [3000, 150]) {
    it(`finds the split a brute-force search over every candidate finds (a leaf of ${leafRows} of 3000 rows${leafRows < 3000 ? ': most bins empty' : ''})`, () => {
      const rows = 3000;
      const features = 4;
      const { rng, bins, binCounts, base, grad, hess } = randomTable(rows, features, 3);
      // a signal in feature 2 so that splits gain
      for (let r = 0; r < rows; r++) grad[r] = grad[r]! + (bins[2 * rows + r]! > binCounts[2]! / 2 ? 0.3 : -0.3);
      const layout = gradientLayout(rows);
      const pool = createHistogramPool({ bins, rows, binCounts, layout, arenaBins: base[features]! }, 2);
      try {
        const all = Uint32Array.from({ length: rows }, (_, i) => i);
        const scale = { grad: 0, hess: 0 };
        packGradients(layout, grad, hess, all, rows, createRng(9), pool.vals, scale);
        const ints = rowIntegers(layout, pool.vals, rows);
        // the leaf: every row, or an ascending sample of them
        const leaf = leafRows === rows ? all : all.filter(() => rng.next() < leafRows / rows);
        pool.list.set(leaf);
        const features32 = Int32Array.from({ length: features }, (_, f) => f);
        pool.byRows(0, 0, leaf.length, features32);
        const rules = { lambda: 1, minDataInLeaf: leafRows < rows ? 10 : 20, minSumHessian: 1e-3 };
        pool.searchNode(0, features32, scale, rules);
        let gains = 0;
        for (let f = 0; f < features; f++) {
          // brute force: every bin s and missing side, sums over the leaf's rows going left
          const nb = binCounts[f]!;
          let G = 0;
          let H = 0;
          for (const r of leaf) {
            G += ints[3 * r]! * scale.grad;
            H += ints[3 * r + 1]! * scale.hess;
          }
          let best = { gain: 0, bin: 0, side: 0 };
          for (let s = 1; s < nb; s++) {
            for (let side = 0; side < 2; side++) {
              let lg = 0;
              let lh = 0;
              let lc = 0;
              for (const r of leaf) {
                const b = bins[f * rows + r]!;
                if (b === 0 ? side === 1 : b <= s) {
                  lg += ints[3 * r]! * scale.grad;
                  lh += ints[3 * r + 1]! * scale.hess;
                  lc++;
                }
              }
              if (lc < rules.minDataInLeaf || leaf.length - lc < rules.minDataInLeaf) continue;
              const gain = (lg * lg) / (lh + 1) + ((G - lg) * (G - lg)) / (H - lh + 1) - (G * G) / (H + 1);
              if (gain > best.gain + 1e-9) best = { gain, bin: s, side };
            }
          }
          if (best.gain > 0) gains++;
          expect(pool.found[3 * f]!, `feature ${f}`).toBeCloseTo(best.gain, 6);
          expect([pool.found[3 * f + 1], pool.found[3 * f + 2]], `feature ${f}`).toEqual([best.bin, best.side]);
        }
        expect(gains, 'features with a gaining split').toBeGreaterThan(0);
      } finally {
        pool.close();
      }
    });
  }

  it('splits the missing rows off alone when bin 1 is empty: the candidate at bin 1, missing left', () => {
    // one feature of 6 bins: rows 0..39 missing (bin 0) and defaulting, bin 1 empty, the rest in bins 2..5 and not
    const rows = 200;
    const bins = Uint8Array.from({ length: rows }, (_, r) => (r < 40 ? 0 : 2 + (r % 4)));
    const grad = Float64Array.from({ length: rows }, (_, r) => (r < 40 ? -0.9 : 0.1 + 0.01 * (r % 3)));
    const hess = new Float64Array(rows).fill(0.09);
    const layout = gradientLayout(rows);
    const pool = createHistogramPool({ bins, rows, binCounts: Int32Array.of(6), layout, arenaBins: 6 }, 1);
    try {
      const all = Uint32Array.from({ length: rows }, (_, i) => i);
      const scale = { grad: 0, hess: 0 };
      packGradients(layout, grad, hess, all, rows, createRng(3), pool.vals, scale);
      pool.list.set(all);
      pool.byRows(0, 0, rows, Int32Array.of(0));
      pool.searchNode(0, Int32Array.of(0), scale, { lambda: 1, minDataInLeaf: 20, minSumHessian: 1e-3 });
      expect(pool.found[0]).toBeGreaterThan(0);
      expect([pool.found[1], pool.found[2]]).toEqual([1, 1]);
    } finally {
      pool.close();
    }
  });

  for (const [rows, threads] of [[6000, 1], [6000, 2], [NARROW_ROWS + 1, 2]] as const) {
    it(`sums a small leaf row-wise (the row-major copy) exactly as a plain loop does, over every feature and over some (${rows} rows: ${gradientLayout(rows).lanes === 1 ? 'narrow' : 'wide'}, ${threads} thread${threads > 1 ? 's' : ''})`, () => {
      const features = 9;
      const { rng, bins, binCounts, base, grad, hess } = randomTable(rows, features, 31);
      const totalBins = base[features]!;
      const layout = gradientLayout(rows);
      const pool = createHistogramPool({ bins, rows, binCounts, layout, arenaBins: totalBins * 2, rowwise: true }, threads);
      try {
        const all = Uint32Array.from({ length: rows }, (_, i) => i);
        packGradients(layout, grad, hess, all, rows, createRng(4), pool.vals, { grad: 0, hess: 0 });
        const ints = rowIntegers(layout, pool.vals, rows);
        // a leaf of about 1/40 of the rows: built row-wise
        const leaf = all.filter(() => rng.next() < 1 / 40);
        pool.list.set(leaf, 7);
        const every = Int32Array.from({ length: features }, (_, f) => f);
        const some = Int32Array.of(0, 2, 3, 5, 6, 8);
        for (const [name, chosen] of [['every feature', every], ['some features', some]] as const) {
          // twice into the same slot: each build starts from zeroed histograms
          for (let pass = 0; pass < 2; pass++) pool.byRows(totalBins, 7, 7 + leaf.length, chosen);
          for (const f of chosen) {
            const nb = binCounts[f]!;
            expect(Array.from(decoded(pool, totalBins + base[f]!, nb)), `${name}, feature ${f}`).toEqual(Array.from(referenceSums(bins, rows, nb, f, ints, leaf, () => 0, 1)));
          }
        }
      } finally {
        pool.close();
      }
    });
  }

  it('leaves the row-major copy out of a plan where it would not fit in 4 GiB, rather than refusing the table', () => {
    const bins = 769 * 255 * 63;
    expect(planMemory(100_000, 769, bins, 1, 2, true).rowBins).toBeGreaterThan(0);
    // 3 million rows x 769 features: 2.1 GiB of bins, twice that with the copy
    const big = planMemory(3_000_000, 769, bins, 2, 2, true);
    expect(big.rowBins).toBe(0);
    expect(big.bytes).toBe(planMemory(3_000_000, 769, bins, 2, 2, false).bytes);
    expect(() => planMemory(6_000_000, 769, bins, 2, 2, true)).toThrow(expect.objectContaining({ name: 'GbdtError', code: 'TOO_LARGE' }));
  });

  it('cannot overflow a packed field: every row at the largest gradient and hessian in one bin, at the last narrow row count and the first wide one', () => {
    for (const rows of [NARROW_ROWS, NARROW_ROWS + 1]) {
      const layout = gradientLayout(rows);
      expect(layout.lanes, `${rows} rows`).toBe(rows === NARROW_ROWS ? 1 : 2);
      for (const sign of [1, -1]) {
        // one feature of 3 bins: every row in bin 1 but the last, in bin 2
        const bins = new Uint8Array(rows).fill(1);
        bins[rows - 1] = 2;
        const grad = new Float64Array(rows).fill(sign * 0.75);
        const hess = new Float64Array(rows).fill(0.1875);
        const pool = createHistogramPool({ bins, rows, binCounts: Int32Array.of(3), layout, arenaBins: 6 }, 1);
        try {
          const all = Uint32Array.from({ length: rows }, (_, i) => i);
          const scale = { grad: 0, hess: 0 };
          packGradients(layout, grad, hess, all, rows, createRng(1), pool.vals, scale);
          pool.list.set(all);
          pool.byRows(0, 0, rows, Int32Array.of(0));
          const Qg = layout.gradMax;
          const Qh = layout.hessMax;
          expect(Array.from(decoded(pool, 0, 3)), `${rows} rows, sign ${sign}`).toEqual([0, 0, 0, sign * Qg * (rows - 1), Qh * (rows - 1), rows - 1, sign * Qg, Qh, 1]);
          // the child without its last row, subtracted from the parent
          pool.byRows(3, 0, rows - 1, Int32Array.of(0));
          pool.subtract(3, 0, 3, 3);
          expect(Array.from(decoded(pool, 3, 3))).toEqual([0, 0, 0, 0, 0, 0, sign * Qg, Qh, 1]);
        } finally {
          pool.close();
        }
      }
    }
  });

  it('fails the call with WORKER_FAILED when a worker thread\'s task traps, instead of waiting for it', () => {
    const rows = 2000;
    const features = 7;
    const { bins, binCounts, base, grad, hess } = randomTable(rows, features, 21);
    const layout = gradientLayout(rows);
    const pool = createHistogramPool({ bins, rows, binCounts, layout, arenaBins: base[features]! }, 2);
    try {
      const all = Uint32Array.from({ length: rows }, (_, i) => i);
      packGradients(layout, grad, hess, all, rows, createRng(2), pool.vals, { grad: 0, hess: 0 });
      pool.list.set(all);
      // the last bin the shared memory holds: with histograms placed so that this thread's
      // features (0..3) end just below it, the worker's (4..6) lie past the memory's end and
      // its WebAssembly instance traps (out-of-bounds access)
      const binBytes = 8 * layout.lanes;
      const lastBin = (pool.words.buffer.byteLength - pool.words.byteOffset) / binBytes;
      const at = lastBin - base[4]! - 1;
      const features32 = Int32Array.from({ length: features }, (_, f) => f);
      expect(() => pool.byRows(at, 0, rows, features32)).toThrow(expect.objectContaining({ name: 'GbdtError', code: 'WORKER_FAILED' }));
    } finally {
      pool.close();
    }
  });
});
