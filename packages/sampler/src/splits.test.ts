import { describe, expect, it } from 'vitest';
import { createRng } from './rng.js';
import { sampleBatch } from './sample-batch.js';
import { orderedSplit, randomSplit, stratifiedKFold, stratifiedSplit } from './splits.js';

const labels = Array.from({ length: 1000 }, (_, i) => (i % 10 === 3 ? 1 : 0)); // 10% positives

describe('splits', () => {
  it('random: the asked share, disjoint, covering every row, seeded', () => {
    const a = randomSplit(1000, { testFraction: 0.25, seed: 5 });
    expect(a.test.length).toBe(250);
    expect(new Set([...a.train, ...a.test]).size).toBe(1000);
    expect(randomSplit(1000, { testFraction: 0.25, seed: 5 })).toEqual(a);
    expect(randomSplit(1000, { testFraction: 0.25, seed: 6 }).test).not.toEqual(a.test);
  });

  it('stratified: both parts keep the default rate exactly', () => {
    const { train, test } = stratifiedSplit(labels, { testFraction: 0.2, seed: 1 });
    const rate = (rows: Uint32Array) => [...rows].filter((i) => labels[i] === 1).length / rows.length;
    expect(test.length).toBe(200);
    expect(rate(test)).toBe(0.1);
    expect(rate(train)).toBe(0.1);
    expect(() => stratifiedSplit([0, 1, 2], { testFraction: 0.2, seed: 1 })).toThrow(/labels\[2\] is 2; labels must be 0 or 1/);
  });

  it('ordered: the last ids go to test, numbers compared as numbers', () => {
    const { train, test } = orderedSplit([5, 100, 20, 3, 9], { testFraction: 0.4 });
    expect([...test]).toEqual([1, 2]);
    expect([...train]).toEqual([0, 3, 4]);
  });

  it('stratified k-fold: every fold keeps the rate and the sizes', () => {
    const fold = stratifiedKFold(labels, { folds: 5, seed: 2 });
    for (let k = 0; k < 5; k++) {
      const rows = labels.map((_, i) => i).filter((i) => fold[i] === k);
      expect(rows.length).toBe(200);
      expect(rows.filter((i) => labels[i] === 1).length).toBe(20);
    }
    expect(() => stratifiedKFold(labels, { folds: 1, seed: 2 })).toThrow(/folds must be a whole number >= 2, got 1/);
  });

  it('rejects fractions outside (0, 1) by name', () => {
    expect(() => randomSplit(10, { testFraction: 1, seed: 1 })).toThrow(RangeError);
    expect(() => randomSplit(10, { testFraction: 0, seed: 1 })).toThrow(/testFraction must be between 0 and 1 \(exclusive\), got 0/);
  });
});

describe('sampleBatch', () => {
  it('without replacement: distinct rows, never more than the pool', () => {
    const rows = sampleBatch(1000, { fraction: 0.9, seed: 4 });
    expect(rows.length).toBe(900);
    expect(new Set(rows).size).toBe(900);
    expect([...rows]).toEqual([...rows].sort((a, b) => a - b));
    expect(() => sampleBatch(10, { size: 11, seed: 1 })).toThrow(/size 11 is larger than the pool of 10 rows/);
  });

  it('with replacement: rows repeat (on purpose), and a batch may exceed the pool', () => {
    const rows = sampleBatch(1000, { fraction: 0.9, withReplacement: true, seed: 4 });
    expect(rows.length).toBe(900);
    // drawing 900 of 1000 with replacement leaves about 1000 * (1 - e^-0.9) = 593 distinct
    expect(new Set(rows).size).toBeLessThan(700);
    expect(sampleBatch(10, { size: 25, withReplacement: true, seed: 1 }).length).toBe(25);
  });

  it('is seeded, and a small fraction still draws one row', () => {
    expect(sampleBatch(500, { fraction: 0.1, seed: 'batch-0001' })).toEqual(sampleBatch(500, { fraction: 0.1, seed: 'batch-0001' }));
    expect(sampleBatch(5, { fraction: 0.01, seed: 1 }).length).toBe(1);
  });
});

describe('createRng', () => {
  it('gives uniform numbers in [0, 1) and standard normals', () => {
    const rng = createRng(123);
    const u = Array.from({ length: 100_000 }, () => rng.next());
    expect(Math.min(...u)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...u)).toBeLessThan(1);
    expect(u.reduce((s, x) => s + x, 0) / u.length).toBeCloseTo(0.5, 2);
    const z = Array.from({ length: 100_000 }, () => rng.normal());
    const mean = z.reduce((s, x) => s + x, 0) / z.length;
    const sd = Math.sqrt(z.reduce((s, x) => s + (x - mean) ** 2, 0) / z.length);
    expect(mean).toBeCloseTo(0, 1);
    expect(sd).toBeCloseTo(1, 1);
  });
});
