import { describe, expect, it } from 'vitest';
import { createRng } from '@dpp/sampler';
import { binColumns, quantizeFeatures } from './quantize.js';

describe('quantizeFeatures', () => {
  it('puts every value in bin 1 + (borders below it) and missing values in bin 0, on the borders and between them', () => {
    const rng = createRng(3);
    const rows = 20_000;
    const columns = [
      Float64Array.from({ length: rows }, () => (rng.next() < 0.1 ? Number.NaN : rng.next() * 100 - 50)), // many distinct: 254 borders
      Float64Array.from({ length: rows }, () => Math.floor(rng.next() * 12)), // 12 distinct: 11 borders
      Float32Array.from({ length: rows }, () => (rng.next() < 0.5 ? -0 : 1e30)), // two values
      new Float64Array(rows).fill(4), // constant: no border
    ];
    const q = quantizeFeatures(columns);
    expect(q.borders.map((b) => b.length)).toEqual([254, 11, 1, 0]);
    for (let f = 0; f < columns.length; f++) {
      const borders = q.borders[f] as Float32Array;
      for (let i = 1; i < borders.length; i++) expect(borders[i]).toBeGreaterThan(borders[i - 1] as number);
      // the borders themselves and values between them, through binColumns as at scoring time
      const probe = Float64Array.from([...borders, ...Array.from(borders, (b) => b + 1e-3), Number.NaN, -1e38, 1e38]);
      const [probeBins] = binColumns([probe], [borders]);
      const check = (x: number, bin: number) => {
        if (Number.isNaN(x)) return expect(bin).toBe(0);
        const v = Math.fround(x);
        expect(bin).toBe(1 + borders.filter((b) => b < v).length);
      };
      const column = columns[f] as ArrayLike<number>;
      for (let i = 0; i < rows; i += 7) check(column[i] as number, q.bins[f]![i] as number);
      probe.forEach((x, i) => check(x, probeBins![i] as number));
    }
  });
});
