import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sortFloat64 } from './sort-float64.js';

describe('sortFloat64', () => {
  it('orders like Float64Array.prototype.sort on large arrays of every sign and scale', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ noNaN: true, noDefaultInfinity: true }), { minLength: 1, maxLength: 50 }), fc.integer({ min: 70_000, max: 90_000 }), (pool, n) => {
        // draw from a small pool so ties, zeros and both signs repeat many times
        const values = Float64Array.from({ length: n }, (_, i) => (pool[(i * 7919) % pool.length] as number) + 0);
        const expected = Float64Array.from(values).sort();
        expect(sortFloat64(values)).toEqual(expected);
      }),
      { numRuns: 20, seed: 9 },
    );
  });

  it('sorts subarray views in place', () => {
    const backing = new Float64Array(100_002).map((_, i) => Math.sin(i) * 1e6);
    const view = backing.subarray(1, 100_001);
    const expected = Float64Array.from(view).sort();
    sortFloat64(view);
    expect(view).toEqual(expected);
  });
});
