import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { GbdtError, type GbdtModel, type Tree, featureImportance, predictRaw, treeShap } from '@dpp/gbdt-trainer';

// A LightGBM model dpp did not train (make_lightgbm_model.py), converted to dpp's model
// format: dpp's prediction, TreeSHAP and gain importance must give LightGBM's own numbers.
const fixture = JSON.parse(readFileSync(fileURLToPath(new URL('../../../test-fixtures/gbdt-trainer/lightgbm_model.json', import.meta.url)), 'utf8')) as {
  x: (number | null)[][];
  raw: number[];
  contrib: number[][];
  gain: number[];
  model: { feature_names: string[]; tree_info: { tree_structure: LgbNode }[] };
};
interface LgbNode {
  split_feature?: number;
  split_gain?: number;
  threshold?: number;
  decision_type?: string;
  default_left?: boolean;
  missing_type?: string;
  internal_count?: number;
  leaf_value?: number;
  leaf_count?: number;
  left_child?: LgbNode;
  right_child?: LgbNode;
}

/** The largest float32 at most t: for float32 inputs, x <= t exactly when x <= it. */
function float32AtMost(t: number): number {
  const f = Math.fround(t);
  if (f <= t) return f;
  const bits = new Float32Array([f]);
  const word = new Int32Array(bits.buffer);
  word[0] = word[0]! + (f > 0 ? -1 : 1);
  return bits[0]!;
}

function convert(root: LgbNode): Tree {
  const tree: Tree = { feature: [], threshold: [], missingLeft: [], left: [], right: [], value: [], cover: [], gain: [] };
  const visit = (node: LgbNode): number => {
    const at = tree.feature.length;
    tree.feature.push(node.split_feature ?? -1);
    tree.threshold.push(node.threshold === undefined ? 0 : float32AtMost(node.threshold));
    tree.missingLeft.push(node.default_left ? 1 : 0);
    tree.left.push(-1);
    tree.right.push(-1);
    tree.value.push(node.leaf_value ?? 0);
    // LightGBM's TreeSHAP weighs nodes by their row counts
    tree.cover.push(node.internal_count ?? node.leaf_count ?? 0);
    tree.gain.push(node.split_gain ?? 0);
    if (node.left_child && node.right_child) {
      expect(node.decision_type).toBe('<=');
      expect(node.missing_type).toBe('NaN');
      tree.left[at] = visit(node.left_child);
      tree.right[at] = visit(node.right_child);
    }
    return at;
  };
  visit(root);
  return tree;
}

const model: GbdtModel = {
  format: 'dpp-gbdt',
  version: 1,
  objective: 'binary-logloss',
  features: fixture.model.feature_names,
  baseScore: 0, // LightGBM folds the initial score into the first tree
  trees: fixture.model.tree_info.map((t) => convert(t.tree_structure)),
  params: {},
};
const columns = model.features.map((_, f) => Float64Array.from(fixture.x, (row) => row[f] ?? Number.NaN));

describe("a LightGBM model in dpp's format", () => {
  it("predicts LightGBM's raw scores", () => {
    const raw = predictRaw(model, columns);
    fixture.raw.forEach((r, i) => expect(raw[i]).toBeCloseTo(r, 9));
  });

  it("gives LightGBM's TreeSHAP contributions, which sum to the raw score", () => {
    const rows = Array.from({ length: 50 }, (_, i) => i);
    const shap = treeShap(model, columns, rows);
    shap.forEach((phi, i) => {
      fixture.contrib[i]!.forEach((c, k) => expect(phi[k], `row ${i}, feature ${k}`).toBeCloseTo(c, 6));
      expect(phi.reduce((s, v) => s + v, 0)).toBeCloseTo(fixture.raw[i]!, 9);
    });
  });

  it("sums split gains as LightGBM's gain importance, and ranks by prediction-values change to a total of 100", () => {
    const gain = featureImportance(model, { type: 'gain' });
    for (const { feature, importance } of gain) expect(importance).toBeCloseTo(fixture.gain[model.features.indexOf(feature)]!, 3);
    const pvc = featureImportance(model, { type: 'prediction-values-change' });
    expect(pvc.reduce((s, x) => s + x.importance, 0)).toBeCloseTo(100, 9);
    // x0 carries the strongest signal (make_lightgbm_model.py)
    expect(pvc[0]!.feature).toBe(model.features[0]);
    expect(pvc.map((x) => x.importance)).toEqual([...pvc.map((x) => x.importance)].sort((a, b) => b - a));
  });

  it('refuses the wrong number of columns, columns of different lengths and rows out of range', () => {
    expect(() => predictRaw(model, columns.slice(1))).toThrow(GbdtError);
    expect(() => predictRaw(model, [...columns.slice(0, 5), new Float64Array(3)])).toThrow(/feature 5 'Column_5' has 3 rows where feature 0 has 2000/);
    expect(() => treeShap(model, columns, [0, 2000])).toThrow(/rows\[1\] = 2000 is not a row of the 2000 given/);
  });
});
