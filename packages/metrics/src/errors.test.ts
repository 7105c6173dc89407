import { describe, expect, it } from 'vitest';
import { averagePrecision, bootstrapCi, brierScore, calibrationCurve, confusionAt, csi, delongTest, ks, liftTable, logLoss, MetricInputError, psi, rocAuc, rocCurve } from './index.js';

const expectError = (fn: () => unknown, code: string, message: RegExp, index?: number) => {
  let error: unknown;
  try {
    fn();
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(MetricInputError);
  expect(error).toBeInstanceOf(RangeError);
  expect((error as MetricInputError).code).toBe(code);
  expect((error as MetricInputError).message).toMatch(message);
  expect((error as MetricInputError).index).toBe(index);
};

describe('bad input never yields NaN: each throws, saying what and where', () => {
  it('different lengths', () => {
    expectError(() => rocAuc([0, 1, 1], [0.1, 0.2]), 'LENGTH_MISMATCH', /rocAuc: labels has 3 values but scores has 2/);
    expectError(() => logLoss([0, 1], [0.5]), 'LENGTH_MISMATCH', /logLoss: labels has 2 values but probabilities has 1/);
    expectError(() => delongTest([0, 1], [0.1, 0.2], [0.3]), 'LENGTH_MISMATCH', /scoresA has 2 values but scoresB has 1/);
    expectError(() => rocAuc([0, 1], [0.1, 0.2], { weights: [1] }), 'LENGTH_MISMATCH', /weights has 1/);
  });

  it('NaN or infinite scores, with the index of the first', () => {
    expectError(() => rocAuc([0, 1, 1], [0.1, Number.NaN, Infinity]), 'NOT_FINITE', /rocAuc: scores\[1\] is NaN/, 1);
    expectError(() => ks([0, 1, 1], [0.1, 0.3, -Infinity]), 'NOT_FINITE', /ks: scores\[2\] is -Infinity/, 2);
    expectError(() => delongTest([0, 1], [0.1, 0.2], [0.3, Number.NaN]), 'NOT_FINITE', /scoresB\[1\] is NaN/, 1);
    expectError(() => confusionAt([0, 1], [Number.NaN, 1], 0.5), 'NOT_FINITE', /scores\[0\]/, 0);
  });

  it('labels other than 0 and 1', () => {
    expectError(() => rocAuc([0, 1, 2], [0.1, 0.2, 0.3]), 'NOT_BINARY', /rocAuc: labels\[2\] is 2; labels must be 0 or 1/, 2);
    expectError(() => brierScore([0, -1], [0.1, 0.2]), 'NOT_BINARY', /labels\[1\] is -1/, 1);
    expectError(() => averagePrecision([true, false] as unknown as number[], [0.1, 0.2]), 'NOT_BINARY', /labels\[0\] is true/, 0);
  });

  it('a single class where the metric needs two', () => {
    expectError(() => rocAuc([1, 1], [0.1, 0.2]), 'ONE_CLASS', /rocAuc: needs both classes, but every label is 1/);
    expectError(() => ks([0, 0], [0.1, 0.2]), 'ONE_CLASS', /every label is 0/);
    expectError(() => rocCurve([0, 0], [0.1, 0.2]), 'ONE_CLASS', /rocCurve/);
    expectError(() => liftTable([1], [0.3]), 'ONE_CLASS', /liftTable/);
  });

  it('probabilities outside [0, 1]', () => {
    expectError(() => logLoss([0, 1, 1], [0.2, 1.5, 0.3]), 'OUT_OF_RANGE', /logLoss: probabilities\[1\] is 1.5; probabilities must be in \[0, 1\]/, 1);
    expectError(() => brierScore([0, 1], [-0.1, 0.3]), 'OUT_OF_RANGE', /probabilities\[0\] is -0.1/, 0);
    expectError(() => calibrationCurve([0, 1], [0.2, Number.NaN]), 'OUT_OF_RANGE', /probabilities\[1\] is NaN/, 1);
  });

  it('empty input, bad weights and bad options', () => {
    expectError(() => rocAuc([], []), 'EMPTY', /rocAuc: labels are empty/);
    expectError(() => logLoss([0, 1], [0.2, 0.3], { weights: [1, -2] }), 'BAD_WEIGHT', /weights\[1\] is -2/, 1);
    expectError(() => liftTable([0, 1], [0.1, 0.2], { groups: 3 }), 'BAD_OPTION', /groups must be a whole number from 1 to the 2 rows, got 3/);
    expectError(() => bootstrapCi(rocAuc, [0, 1], [0.1, 0.2], { level: 1.2 }), 'BAD_OPTION', /level must be between 0 and 1/);
    expectError(() => psi([], [1]), 'EMPTY', /psi: the expected sample is empty/);
    expectError(() => csi({ f1: [1, 2] }, { f2: [1] }), 'BAD_OPTION', /feature 'f1' is in the expected sample but not in the actual one/);
  });
});

describe('small worked examples', () => {
  it('confusionAt: counts and rates at a threshold', () => {
    expect(confusionAt([0, 1, 1, 0], [0.2, 0.6, 0.4, 0.7], 0.5)).toEqual({ threshold: 0.5, tp: 1, fp: 1, tn: 1, fn: 1, precision: 0.5, recall: 0.5, f1: 0.5, specificity: 0.5, accuracy: 0.5 });
    expect(confusionAt([0, 1], [0.2, 0.3], 0.9)).toMatchObject({ tp: 0, fp: 0, precision: 0, recall: 0, f1: 0 });
  });

  it('psi reads stable, moderate and significant drift', () => {
    const base = Array.from({ length: 1000 }, (_, i) => i / 1000);
    expect(psi(base, base.map((v) => v + 0.01)).reading).toBe('stable');
    expect(psi(base, base.map((v) => v * 1.25)).reading).toBe('moderate');
    expect(psi(base, base.map((v) => v + 0.5)).reading).toBe('significant');
  });
});
