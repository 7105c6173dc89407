import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import * as ort from 'onnxruntime-node';
import { stratifiedKFold } from '@dpp/sampler';
import { rocAuc } from '@dpp/metrics';
import { type GbdtModel, exportOnnx, featureImportance, predictProba, predictRaw, treeShap } from '@dpp/gbdt-trainer';
import { crossValidateLinear } from './cross-validate.js';
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

  it('takes an infinite value as missing, in the fit, in predictRaw, in TreeSHAP and in the ONNX graph (one input, no Concat)', async () => {
    const withInf = columns.map((c) => c.slice());
    const nanRow = withInf[1]!.findIndex((v) => Number.isNaN(v));
    withInf[1]![nanRow] = Number.POSITIVE_INFINITY;
    expect(fitLinear(withInf, labels, { features, rows: trainRows })).toEqual(fitLinear(columns, labels, { features, rows: trainRows }));
    const { term, intercept } = fitLinear(columns, labels, { features: [1], rows: trainRows });
    const model: GbdtModel = { format: 'dpp-gbdt', version: 1, objective: 'binary-logloss', features: ['x0', 'x1'], baseScore: intercept, trees: [], linear: term, params: {} };
    const x1 = Float32Array.from([Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, Number.NaN, 3, -2.5, 40]);
    const x0 = new Float32Array(x1.length);
    const raw = predictRaw(model, [x0, x1]);
    for (const i of [0, 1, 2]) expect(raw[i]).toBe(intercept);
    expect(raw[3]).toBeCloseTo(intercept + term.weights[0]! * (3 - term.center[0]!), 12);
    expect(treeShap(model, [x0, x1], [0])[0]![1]).toBe(0);
    const session = await ort.InferenceSession.create(exportOnnx(model));
    expect(session.inputNames).toEqual(['x1']);
    const out = (await session.run({ x1: new ort.Tensor('float32', x1, [x1.length, 1]) })).pd!.data as Float32Array;
    const expected = predictProba(model, [x0, x1]);
    out.forEach((p, i) => expect(Math.abs(p - expected[i]!), `row ${i}`).toBeLessThan(1e-6));
  });

  it('cross-validates on the same stratified folds as the trees, each fold fitted on the others', () => {
    const cv = crossValidateLinear(columns, labels, { folds: 4, seed: 2, features, l2: 1 });
    const fold = stratifiedKFold(labels, { folds: 4, seed: 2 });
    cv.auc.folds.forEach((auc, k) => {
      const train = Uint32Array.from(labels.keys()).filter((i) => fold[i] !== k);
      const valid = Uint32Array.from(labels.keys()).filter((i) => fold[i] === k);
      const { term, intercept } = fitLinear(columns, labels, { features, rows: train, l2: 1 });
      const scores = new Float64Array(valid.length).fill(intercept);
      addLinearScore(term, columns, scores, valid);
      expect(auc).toBe(rocAuc(Float64Array.from(valid, (i) => labels[i]!), scores));
      valid.forEach((i, j) => expect(cv.oof[i]).toBe(scores[j]));
    });
    expect(cv.iterations).toEqual([0, 0, 0, 0]);
  });
});
