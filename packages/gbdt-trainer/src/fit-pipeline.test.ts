import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { rocAuc } from '@dpp/metrics';
import { createRng } from '@dpp/sampler';
import { describe, expect, it } from 'vitest';
import { signalRows } from './signals.test-support.js';
import { binDataset, correlatedPairs, fitPipeline, forwardSelect, modelColumns, predictRaw, rankFeatures, screenPairs } from '@dpp/gbdt-trainer';

// the table with known signals (make_signals.py): 0 strong, 1 x 2 an interaction, 3 missing
// is telling, 4 a code, 5 a step; 6..11 noise
const signals = signalRows(0, 8000);
const noise = [6, 7, 8, 9, 10, 11];

describe('rankFeatures', () => {
  const binned = binDataset(signals);
  it('ranks the planted signals above the noise, the same way from other seeds, and says how stable each place is', () => {
    const a = rankFeatures(binned, { seed: 0, top: 5 });
    const b = rankFeatures(binned, { seed: 100, top: 5 });
    const top = (r: typeof a) => r.slice(0, 5).map((x) => x.feature).sort();
    expect(top(a)).toEqual([0, 1, 2, 3, 4]);
    expect(top(b)).toEqual(top(a));
    expect(a[0]!.feature).toBe(0);
    expect(a[0]!.stability).toBe(1);
    for (const f of noise) expect(a.find((x) => x.feature === f)!.importance).toBeLessThan(a[4]!.importance);
    expect(a.reduce((s, x) => s + x.importance, 0)).toBeCloseTo(1, 9);
  });
});

describe('forwardSelect', () => {
  const binned = binDataset(signals);
  const options = { folds: 3, iterations: 80, learningRate: 0.15, earlyStoppingRounds: 15, seed: 1 };
  it('adds the best candidate at each step, each step gaining at least the tolerance, and stops when none does', () => {
    const result = forwardSelect(binned, [7, 0, 8, 4, 9, 3], { ...options, tolerance: 0.002, candidatesPerStep: 6 });
    expect(result.selected[0]).toBe(0);
    for (const step of result.steps) {
      expect(step.gain).toBeGreaterThanOrEqual(0.002);
      expect(step.auc.mean).toBe(Math.max(...step.tried.map((t) => t.auc)));
    }
    expect(result.selected).not.toContain(7);
    expect(result.selected).not.toContain(9);
    expect(result.cv!.auc.mean).toBe(result.steps.at(-1)!.auc.mean);
    // it stopped because the best next candidate gained less than the tolerance
    expect(result.stop.reason).toBe('tolerance');
    if (result.stop.reason === 'tolerance') expect(result.stop.gain).toBeLessThan(0.002);
  });

  it('selects nothing from pure noise, and stops at the size limit', () => {
    const result = forwardSelect(binned, noise, { ...options, tolerance: 0.03 });
    expect(result.selected).toEqual([]);
    expect(result.steps).toEqual([]);
    expect(result.stop.reason).toBe('tolerance');
    const capped = forwardSelect(binned, [0, 4, 3], { ...options, tolerance: 0, maxFeatures: 2 });
    expect(capped.selected).toHaveLength(2);
    expect(capped.stop).toEqual({ reason: 'max-features' });
  });
});

describe('screenPairs and fitPipeline', () => {
  // s is the signal; a - b = s + a little noise while a and b alone are drowned in u;
  // c = s itself, so once c is in, the pair adds nothing
  const n = 4000;
  const rng = createRng(11);
  const s = Float64Array.from({ length: n }, () => rng.normal());
  const u = Float64Array.from({ length: n }, () => 20 * rng.normal());
  const a = Float64Array.from({ length: n }, (_, i) => s[i]! + u[i]! + 0.4 * rng.normal());
  const b = u;
  const c = s;
  const x = Float64Array.from({ length: n }, () => rng.normal());
  const labels = Float64Array.from({ length: n }, (_, i) => (rng.next() < 1 / (1 + Math.exp(-(2.5 * s[i]! - 2))) ? 1 : 0));
  const names = ['a', 'b', 'c', 'x'];

  it('finds the difference of two columns that are weak alone', () => {
    const pairs = screenPairs([a, b, c, x], names, labels, { among: [0, 1, 3] });
    expect(pairs[0]).toMatchObject({ name: 'a-b', op: 'difference', a: 'a', b: 'b' }); // the order given: a before b
    expect(pairs[0]!.strength).toBeGreaterThan(pairs[0]!.parentStrength + 0.2);
  });

  it('finds near-duplicate columns (a and b share u) wherever they rank, and screens their difference', () => {
    const rows = Uint32Array.from({ length: n }, (_, i) => i);
    expect(correlatedPairs([a, b, c, x], { among: [0, 1, 2, 3], rows, threshold: 0.95 })).toEqual([[0, 1]]);
    const pairs = screenPairs([a, b, c, x], names, labels, { among: [], pairs: [[0, 1]] });
    expect(pairs.map((p) => p.name)).toContain('a-b');
  });

  it('drops a generated pair that cross-validation says does not help, and keeps the plain signal', () => {
    const result = fitPipeline({ columns: [a, b, c, x], labels, names }, { tolerance: 0.002, engine: { iterations: 150, learningRate: 0.15 } });
    expect(result.candidates.map((p) => p.name)).toContain('a-b');
    expect(result.selected).toContain('c');
    expect(result.generated).toEqual([]);
    expect(result.model.features).toEqual(result.selected);
    expect(result.steps[0]!.added).toBe('c');
  });

  it('keeps a generated pair when it is the signal', () => {
    const result = fitPipeline({ columns: [a, b, x], labels, names: ['a', 'b', 'x'] }, { tolerance: 0.002, engine: { iterations: 150, learningRate: 0.15 } });
    expect(result.generated).toHaveLength(1);
    expect(result.generated[0]!.op).toBe('difference');
    expect([result.generated[0]!.a, result.generated[0]!.b].sort()).toEqual(['a', 'b']);
    expect(result.model.derived).toEqual(result.generated);
    expect(result.cv.auc.mean).toBeGreaterThan(0.8);
  });

  it('lets cross-validation choose between the selection, the whole short list and, on a small table, shallow slow trees and a logistic regression (depth 0), and fits the one chosen', () => {
    const result = fitPipeline({ columns: [a, b, c, x], labels, names }, { tolerance: 0.002, engine: { iterations: 150, learningRate: 0.15 } });
    const tried = result.candidatesCv.map((t) => t.name);
    expect(tried).toEqual(expect.arrayContaining(['selected', 'selected, depth 3, stronger L2, slower', 'selected, depth 2, stronger L2, slower', 'selected, depth 1, stronger L2, slower', 'every column, logistic regression']));
    const best = Math.max(...result.candidatesCv.map((t) => t.auc.mean));
    const chosen = result.candidatesCv.find((t) => t.name === result.chosen)!;
    expect(chosen.auc.mean).toBe(best);
    expect(result.cv.auc.mean).toBe(best);
    expect(result.model.features).toHaveLength(chosen.features);
    expect(result.model.params.depth).toBe(chosen.depth);
    // no tree of the final fit is deeper than the chosen depth
    const depthOf = (t: (typeof result.model.trees)[number], n = 0): number => (t.feature[n]! < 0 ? 0 : 1 + Math.max(depthOf(t, t.left[n]!), depthOf(t, t.right[n]!)));
    for (const tree of result.model.trees) expect(depthOf(tree)).toBeLessThanOrEqual(chosen.depth);
  });

  it('offers a small table a logistic regression on every column, and where the truth is linear chooses it: the same holdout AUC as scikit-learn', () => {
    // make_linear.py: a linear logit of four columns (two with missing values) and a constant column
    const fixture = JSON.parse(readFileSync(fileURLToPath(new URL('../../../test-fixtures/gbdt-trainer/linear.json', import.meta.url)), 'utf8')) as { x: (number | null)[][]; y: number[]; train: number; references: Record<string, { holdoutAuc: number }> };
    const all = fixture.x.map((c) => Float64Array.from(c, (v) => (v === null ? Number.NaN : v)));
    const names = all.map((_, k) => `x${k}`);
    const part = (from: number, to: number) => ({ columns: all.map((c) => c.slice(from, to)), labels: Float64Array.from(fixture.y.slice(from, to)), names });
    const result = fitPipeline(part(0, fixture.train), { seed: 3 });
    const linear = result.candidatesCv.find((t) => t.name === 'every column, logistic regression')!;
    expect(linear).toMatchObject({ depth: 0, features: 5 });
    expect(result.chosen).toBe(linear.name);
    expect(result.model.trees).toHaveLength(0);
    expect(result.model.linear!.features).toHaveLength(4);
    const holdout = part(fixture.train, all[0]!.length);
    const auc = rocAuc(holdout.labels, predictRaw(result.model, modelColumns(result.model, names, holdout.columns)));
    expect(auc).toBeCloseTo(fixture.references['1']!.holdoutAuc, 9);
    // with weighted classes, which the logistic regression does not take, it is not offered
    const weighted = fitPipeline(part(0, fixture.train), { seed: 3, engine: { positiveWeight: 'balanced', iterations: 100 } });
    expect(weighted.candidatesCv.some((t) => t.depth === 0)).toBe(false);
    expect(weighted.model.linear).toBeUndefined();
  });
});
