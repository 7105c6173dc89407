import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Float64, Table, Utf8, vectorFromArray } from 'apache-arrow';
import * as ort from 'onnxruntime-node';
import { afterAll, describe, expect, it } from 'vitest';
import { applyPreprocessing, fitPreprocessing } from '@dpp/preprocessing';
import { type GbdtModel, exportOnnx, modelColumns, predictProba, train, usedFeatures } from '@dpp/gbdt-trainer';
import { fitLinear } from './linear.js';

// The preprocessing fixture table: numbers with missing values, a small and a large
// categorical column. A model is trained on it, exported, and scored by onnxruntime-node and
// by Python's onnxruntime from the raw columns; both must give the native model's PDs.
const root = fileURLToPath(new URL('../../../', import.meta.url));
const columns = JSON.parse(readFileSync(`${root}test-fixtures/preprocessing/table.json`, 'utf8')) as Record<string, (number | string | null)[]>;
const text = new Set(['cat_small', 'cat_big', 'account']);
const table = new Table(Object.fromEntries(Object.entries(columns).map(([name, values]) => [name, vectorFromArray(values, text.has(name) ? new Utf8() : new Float64())])));
const python = spawnSync(path.join(root, 'scripts/python-env.sh'), { encoding: 'utf8' }).stdout.trim().split('\n').at(-1)!;
const scratch = mkdtempSync(path.join(tmpdir(), 'dpp-onnx-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function fitted(numericMissing: 'bin' | 'value', derived: boolean, linear: 'none' | 'alone' | 'with trees' = 'none'): GbdtModel {
  const { state, features } = fitPreprocessing(table, { target: 'target', id: 'id', numericMissing, maxOneHotLevels: 5 });
  const names = [...state.features];
  const cols = [...features];
  const model = { derived: [] as NonNullable<GbdtModel['derived']> };
  if (derived) {
    model.derived = [
      { name: 'num-count', op: 'difference', a: 'num', b: 'count' },
      { name: 'num/count', op: 'ratio', a: 'num', b: 'count' },
    ];
    const more = modelColumns({ features: ['num-count', 'num/count'], derived: model.derived }, names, cols);
    names.push('num-count', 'num/count');
    cols.push(...(more as Float64Array[]));
  }
  const labels = Float64Array.from(columns.target as number[]);
  const result = train({ columns: cols, labels, names }, { iterations: 40, depth: 4, learningRate: 0.2, seed: 1 });
  const out: GbdtModel = { ...result.model, preprocessing: state, ...(derived ? { derived: model.derived } : {}) };
  if (linear === 'none') return out;
  // a logistic regression on every feature, alone or added to the trees
  const { term, intercept } = fitLinear(cols, labels, { features: cols.map((_, k) => k), l2: 1 });
  return linear === 'alone' ? { ...out, trees: [], baseScore: intercept, linear: term } : { ...out, baseScore: out.baseScore + intercept, linear: term };
}

function nativeScores(model: GbdtModel): Float64Array {
  const state = model.preprocessing!;
  return predictProba(model, modelColumns(model, state.features, applyPreprocessing(state, table)));
}

function feeds(model: GbdtModel): Record<string, (number | string | null)[]> {
  // the raw source columns, a missing category passed as its missing level ('')
  const names = new Set(model.preprocessing!.columns.map((c) => c.name));
  return Object.fromEntries([...names].map((n) => [n, text.has(n) ? columns[n]!.map((v) => v ?? '') : columns[n]!]));
}

describe('exportOnnx', () => {
  for (const [label, missing, derived, linearPart] of [
    ['missing numbers kept (own bin), one-hot and target statistics', 'bin', false, 'none'],
    ['missing numbers filled by an Imputer, and derived difference and ratio features', 'value', true, 'none'],
    ['a logistic regression alone (missing numbers filled with the centers in the graph), derived features', 'bin', true, 'alone'],
    ['trees and a linear term added, Imputer-filled numbers', 'value', true, 'with trees'],
  ] as const) {
    it(`gives the native PDs in onnxruntime-node and Python onnxruntime to 1e-6: ${label}`, async () => {
      const model = fitted(missing, derived, linearPart);
      // the model uses every kind of input the graph has to rebuild
      const used = new Set(usedFeatures(model).map((f) => model.features[f]));
      for (const name of ['num', 'cat_big', ...(derived ? ['num-count', 'num/count'] : [])]) expect(used, name).toContain(name);
      expect([...used].some((n) => n!.startsWith('cat_small='))).toBe(true);
      const expected = nativeScores(model);
      const bytes = exportOnnx(model);
      const file = path.join(scratch, `${missing}-${derived}-${linearPart}.onnx`);
      writeFileSync(file, bytes);

      const session = await ort.InferenceSession.create(file);
      const input = feeds(model);
      const rows = expected.length;
      const tensors = Object.fromEntries(
        session.inputNames.map((n) => [n, text.has(n) ? new ort.Tensor('string', input[n] as string[], [rows, 1]) : new ort.Tensor('float32', Float32Array.from(input[n]!, (v) => (v === null ? Number.NaN : (v as number))), [rows, 1])]),
      );
      const output = await session.run(tensors);
      expect(output.pd!.dims).toEqual([rows, 1]);
      const node = output.pd!.data as Float32Array;
      for (let i = 0; i < rows; i++) expect(Math.abs(node[i]! - expected[i]!), `row ${i}`).toBeLessThan(1e-6);

      const inputs = path.join(scratch, `${missing}-${derived}-${linearPart}.json`);
      writeFileSync(inputs, JSON.stringify(input));
      const run = spawnSync(python, [path.join(root, 'test-fixtures/gbdt-trainer/score_onnx.py'), file, inputs], { encoding: 'utf8' });
      expect(run.status, run.stderr).toBe(0);
      const py = JSON.parse(run.stdout) as { pd: number[]; shape: number[]; inputs: { name: string; type: string; shape: (number | string)[] }[]; opsets: Record<string, number> };
      expect(py.shape).toEqual([rows, 1]);
      py.pd.forEach((p, i) => expect(Math.abs(p - expected[i]!), `row ${i}`).toBeLessThan(1e-6));
      expect(py.opsets).toEqual({ '': 15, 'ai.onnx.ml': 3 });
      for (const i of py.inputs) {
        expect(i.shape).toEqual(['N', 1]);
        expect(i.type).toBe(text.has(i.name) ? 'tensor(string)' : 'tensor(float)');
      }
    });
  }

  it('names its own tensors apart from the inputs: columns called features and raw_score', async () => {
    const labels = Float64Array.from(columns.target as number[]);
    const num = Float64Array.from(columns.num!, (v) => (v === null ? Number.NaN : (v as number)));
    const count = Float64Array.from(columns.count!, (v) => (v === null ? Number.NaN : (v as number)));
    const { model } = train({ columns: [num, count], labels, names: ['features', 'raw_score'] }, { iterations: 20, depth: 3, seed: 1 });
    expect(usedFeatures(model)).toEqual([0, 1]);
    const session = await ort.InferenceSession.create(exportOnnx(model));
    expect([...session.inputNames].sort()).toEqual(['features', 'raw_score']);
    const rows = labels.length;
    const output = await session.run({ features: new ort.Tensor('float32', Float32Array.from(num), [rows, 1]), raw_score: new ort.Tensor('float32', Float32Array.from(count), [rows, 1]) });
    const expected = predictProba(model, [num, count]);
    (output.pd!.data as Float32Array).forEach((p, i) => expect(Math.abs(p - expected[i]!), `row ${i}`).toBeLessThan(1e-6));
  });
});
