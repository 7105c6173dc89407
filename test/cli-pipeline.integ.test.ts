// The training pipeline end to end on the synthetic table (issue: importance ranking,
// cross-validation, forward selection, golden difference features): `dpp-trainer train`
// selects by default, finds the planted pair f527 - f528, and its champion's holdout AUC,
// computed from model.onnx by Python's onnxruntime, reaches the level the generator promises;
// a plain fit on every feature, without generated features, stays well below it.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, root, venvPython } from './cli-support.js';
import { renderReport } from './support/chromium.js';

let scratch: string;
let store: string;
const python = venvPython();

beforeAll(async () => {
  scratch = mkdtempSync(path.join(tmpdir(), 'dpp-pipeline-'));
  store = path.join(scratch, 'store');
  const ingest = await cli('dpp-trainer', ['ingest', '--store', store, '--source', 'synthetic:30000', '--seed', '42']);
  expect(ingest.code, ingest.stderr).toBe(0);
}, 120_000);

afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('dpp-trainer train (selection by default) on synthetic:30000', () => {
  it('finds the golden pair, records the selection, and its ONNX model reaches AUC >= 0.95 in Python onnxruntime; a plain fit stays well below', async () => {
    const result = await cli('dpp-trainer', ['train', '--store', store]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toMatch(/train: selection step 1: \+ (f527-f528|f528-f527), CV AUC 0\.9\d{3}/);
    const folder = path.join(store, 'artifacts/models/v0001');
    const selection = JSON.parse(readFileSync(path.join(folder, 'selection.json'), 'utf8')) as {
      ranking: { feature: string; importance: number; stability: number }[];
      steps: { step: number; added: string; auc: { mean: number; std: number }; gain: number }[];
      generated: string[];
      selected: string[];
      stop: { reason: string; gain?: number };
      cv: { folds: number; auc: { mean: number; std: number }; gini: { mean: number }; ks: { mean: number } };
    };
    expect(selection.generated).toHaveLength(1);
    expect(['f527-f528', 'f528-f527']).toContain(selection.generated[0]);
    expect(selection.selected).toContain(selection.generated[0]);
    // the selection curve rises step by step; it stopped on the tolerance
    for (let k = 1; k < selection.steps.length; k++) expect(selection.steps[k]!.auc.mean).toBeGreaterThan(selection.steps[k - 1]!.auc.mean);
    expect(selection.stop.reason).toBe('tolerance');
    expect(selection.cv.folds).toBe(5);
    expect(selection.cv.gini.mean).toBeCloseTo(2 * selection.cv.auc.mean - 1, 12);
    expect(selection.ranking.length).toBeGreaterThan(30);

    const status = JSON.parse((await cli('dpp-trainer', ['status', '--store', store, '--json'])).stdout) as { champion: string; models: { version: string; features: string[]; metrics: { auc: number } }[] };
    expect(status.champion).toBe('v0001');
    expect(status.models[0]!.features).toContain(selection.generated[0]);

    const onnx = JSON.parse(spawnSync(python, [path.join(root, 'test/support/score_onnx_store.py'), store, 'v0001'], { encoding: 'utf8' }).stdout) as { auc: number; inputs: string[] };
    expect(onnx.auc).toBeGreaterThanOrEqual(0.95);
    expect(onnx.auc).toBeCloseTo(status.models[0]!.metrics.auc, 6);
    expect(onnx.inputs).toEqual(expect.arrayContaining(['f527', 'f528']));

    // the run's report shows the selection curve, rendered by Chromium
    const { charts } = await renderReport(path.join(store, 'artifacts/runs/train-v0001/report.html'));
    const curve = charts.find((c) => c.id === 'chart-selection-curve');
    expect(curve?.visibleMarks).toBeGreaterThan(selection.steps.length);

    const plain = await cli('dpp-trainer', ['train', '--store', store, '--no-selection', '--iterations', '300', '--learning-rate', '0.08']);
    expect(plain.code, plain.stderr).toBe(0);
    const after = JSON.parse((await cli('dpp-trainer', ['status', '--store', store, '--json'])).stdout) as { champion: string; models: { version: string; metrics: { auc: number } }[] };
    const plainAuc = after.models.find((m) => m.version === 'v0002')!.metrics.auc;
    expect(plainAuc).toBeLessThan(0.85);
    expect(after.champion).toBe('v0001');
  }, 900_000);
});
