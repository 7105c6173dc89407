import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { averagePrecision, brierScore, delongTest, gini, ks, logLoss, psi, rocAuc } from './index.js';

// labels with both classes, and scores with plenty of ties
const data = fc
  .array(fc.tuple(fc.constantFrom(0, 1), fc.integer({ min: -20, max: 20 })), { minLength: 2, maxLength: 200 })
  .filter((rows) => rows.some(([y]) => y === 1) && rows.some(([y]) => y === 0))
  .map((rows) => ({ labels: rows.map(([y]) => y), scores: rows.map(([, s]) => s / 4) }));

describe('metric properties', () => {
  it('AUC is unchanged by any strictly increasing transform of the scores', () => {
    fc.assert(
      fc.property(data, fc.double({ min: 0.1, max: 10, noNaN: true }), fc.double({ min: -5, max: 5, noNaN: true }), ({ labels, scores }, a, b) => {
        const base = rocAuc(labels, scores);
        expect(rocAuc(labels, scores.map((s) => Math.exp(s)))).toBeCloseTo(base, 12);
        expect(rocAuc(labels, scores.map((s) => a * s + b))).toBeCloseTo(base, 12);
        expect(ks(labels, scores.map((s) => s ** 3)).statistic).toBeCloseTo(ks(labels, scores).statistic, 12);
      }),
      { numRuns: 300, seed: 1 },
    );
  });

  it('AUC(1 - s) = 1 - AUC(s), and Gini flips sign', () => {
    fc.assert(
      fc.property(data, ({ labels, scores }) => {
        expect(rocAuc(labels, scores.map((s) => 1 - s))).toBeCloseTo(1 - rocAuc(labels, scores), 12);
        expect(gini(labels, scores.map((s) => -s))).toBeCloseTo(-gini(labels, scores), 12);
      }),
      { numRuns: 300, seed: 2 },
    );
  });

  it('bounds hold: AUC, KS, AP in [0, 1], log loss and Brier >= 0', () => {
    fc.assert(
      fc.property(data, ({ labels, scores }) => {
        const probabilities = scores.map((s) => 1 / (1 + Math.exp(-s)));
        for (const v of [rocAuc(labels, scores), ks(labels, scores).statistic, averagePrecision(labels, scores), brierScore(labels, probabilities)]) {
          expect(v).toBeGreaterThanOrEqual(0);
          expect(v).toBeLessThanOrEqual(1);
        }
        expect(logLoss(labels, probabilities)).toBeGreaterThanOrEqual(0);
      }),
      { numRuns: 300, seed: 3 },
    );
  });

  it('PSI of a sample against itself is 0, and against a shifted one is positive', () => {
    fc.assert(
      fc.property(fc.array(fc.option(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { nil: null }), { minLength: 1, maxLength: 300 }), (values) => {
        expect(psi(values, values).value).toBe(0);
        const present = values.filter((v): v is number => v !== null);
        if (new Set(present).size > 5) expect(psi(values, present.map((v) => v + 2e6)).value).toBeGreaterThan(0);
      }),
      { numRuns: 200, seed: 4 },
    );
  });

  it('DeLong of a model against itself: difference 0, p-value 1', () => {
    fc.assert(
      fc.property(data, ({ labels, scores }) => {
        const result = delongTest(labels, scores, scores);
        expect(result.diff).toBe(0);
        expect(result.pValue).toBe(1);
      }),
      { numRuns: 100, seed: 5 },
    );
  });
});
