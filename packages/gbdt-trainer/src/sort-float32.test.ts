import { describe, expect, it } from 'vitest';
import { createRng } from '@dpp/sampler';
import { sortFloat32 } from './sort-float32.js';

describe('sortFloat32', () => {
  it('orders like Float32Array.prototype.sort, negatives, zeros, ties and infinities included', () => {
    const rng = createRng(7);
    for (const n of [10, 5000, 100_000]) {
      const values = Float32Array.from({ length: n }, (_, i) => {
        if (i % 97 === 0) return i % 2 ? Number.POSITIVE_INFINITY : Number.NEGATIVE_INFINITY;
        if (i % 89 === 0) return i % 2 ? 0 : -0;
        const u = rng.next();
        return i % 3 === 0 ? Math.round(u * 20) - 10 : (u - 0.5) * 1e6;
      });
      const expected = values.slice().sort();
      const got = sortFloat32(values.slice());
      expect(Array.from(got)).toEqual(Array.from(expected));
    }
  });

  it('sorts a view in place without touching the rest of its buffer', () => {
    const all = Float32Array.from({ length: 10_000 }, (_, i) => (i * 7919) % 10_007);
    const before = all.slice();
    const view = all.subarray(1000, 9000);
    sortFloat32(view);
    expect(Array.from(view)).toEqual(Array.from(before.subarray(1000, 9000)).sort((a, b) => a - b));
    expect(Array.from(all.subarray(0, 1000))).toEqual(Array.from(before.subarray(0, 1000)));
    expect(Array.from(all.subarray(9000))).toEqual(Array.from(before.subarray(9000)));
  });
});
