import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { type GbdtModel, featureImportance, predictRaw, treeShap } from '@dpp/gbdt-trainer';
import { addLinearScore, fitLinear } from './linear.js';

// scikit-learn's imputed, standardized, L2 logistic regression on the same rows
// (test-fixtures/gbdt-trainer/make_linear.py)
const root = fileURLToPath(new URL('../../../', import.meta.url));
const fixture = JSON.parse(readFileSync(`${root}test-fixtures/gbdt-trainer/linear.json`, 'utf8')) as {
  x: (number | null)[][];
  y: number[];
  train: number;
  references: Record<string, { decision: number[]; coef: number[]; intercept: number }>;
};
const columns = fixture.x.map((c) => Float64Array.from(c, (v) => (v === null ? Number.NaN : v)));
const labels = Float64Array.from(fixture.y);
const trainRows = Uint32Array.from({ length: fixture.train }, (_, i) => i);
const features = columns.map((_, k) => k);

describe('fitLinear', () => {
  for (const l2 of [1, 10]) {
    it(`matches scikit-learn's LogisticRegression(C = 1 / ${l2}) after mean imputation and standardization`, () => {
      const ref = fixture.references[String(l2)]!;
      const { term, intercept } = fitLinear(columns, labels, { features, rows: trainRows, l2 });
      // the constant column gets no weight and is left out
      expect(term.features).toEqual([0, 1, 2, 3]);
      expect(intercept).toBeCloseTo(ref.intercept, 6);
      term.features.forEach((f, k) => expect(term.weights[k]! * term.scale[k]!, `feature ${f}`).toBeCloseTo(ref.coef[f]!, 5));
      const scores = new Float64Array(labels.length).fill(intercept);
      addLinearScore(term, columns, scores);
      scores.forEach((s, i) => expect(Math.abs(s - ref.decision[i]!), `row ${i}`).toBeLessThan(2e-5));
    });
  }

  it('as a model: predictRaw adds the term, TreeSHAP gives w (x - center) and sums to the raw score, importance ranks by w * scale', () => {
    const { term, intercept } = fitLinear(columns, labels, { features, rows: trainRows, l2: 1 });
    const model: GbdtModel = { format: 'dpp-gbdt', version: 1, objective: 'binary-logloss', features: columns.map((_, k) => `x${k}`), baseScore: intercept, trees: [], linear: term, params: {} };
    const raw = predictRaw(model, columns);
    raw.forEach((r, i) => expect(Math.abs(r - fixture.references['1']!.decision[i]!), `row ${i}`).toBeLessThan(2e-5));
    const rows = [0, 1, 2, 3, 450];
    const phi = treeShap(model, columns, rows);
    rows.forEach((r, k) => {
      const p = phi[k]!;
      expect(p.reduce((s, v) => s + v, 0)).toBeCloseTo(raw[r]!, 9);
      expect(p[4]).toBe(0);
      expect(p[5]).toBeCloseTo(intercept, 12);
      const x1 = columns[1]![r]!;
      expect(p[1]).toBeCloseTo(Number.isNaN(x1) ? 0 : term.weights[1]! * (Math.fround(x1) - term.center[1]!), 12);
    });
    // standardized |coefficients| of the reference, largest first: x0, x1, x3, x2
    expect(featureImportance(model).map((f) => f.feature)).toEqual(['x0', 'x1', 'x3', 'x2', 'x4']);
  });

  it('refuses a penalty that is not positive and an empty row set, naming them', () => {
    expect(() => fitLinear(columns, labels, { features, l2: 0 })).toThrow(expect.objectContaining({ name: 'GbdtError', code: 'BAD_OPTION' }));
    expect(() => fitLinear(columns, labels, { features, rows: new Uint32Array(0) })).toThrow(expect.objectContaining({ name: 'GbdtError', code: 'EMPTY' }));
    expect(() => fitLinear(columns, labels, { features: [9] })).toThrow(expect.objectContaining({ name: 'GbdtError', code: 'COLUMN_COUNT', index: 9 }));
  });
});
