// dpp-trainer train (the default pipeline) on a small table whose truth is linear: the
// cross-validation picks the logistic-regression candidate, the CLI says so, and the ONNX
// file, scored by Python's onnxruntime from the raw stored test table, gives the model's PDs.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRng } from '@dpp/sampler';
import { cli, root, venvPython } from './cli-support.js';

let scratch: string;
let store: string;

beforeAll(async () => {
  scratch = mkdtempSync(path.join(tmpdir(), 'dpp-small-'));
  store = path.join(scratch, 'store');
  // 2,000 rows whose log-odds are linear in x0..x5 (x1 missing in a tenth of the rows), x6 noise
  const rng = createRng(7);
  const weights = [1.5, -1.2, 0.8, 0.6, -0.5, 0.4, 0];
  const lines = [`id,${weights.map((_, k) => `x${k}`).join(',')},bad`];
  for (let r = 0; r < 2000; r++) {
    const x = weights.map(() => rng.normal());
    const logit = x.reduce((s, v, k) => s + v * weights[k]!, -1);
    const y = rng.next() < 1 / (1 + Math.exp(-logit)) ? 1 : 0;
    lines.push(`${r + 1},${x.map((v, k) => (k === 1 && rng.next() < 0.1 ? '' : v.toFixed(5))).join(',')},${y}`);
  }
  writeFileSync(path.join(scratch, 'linear.csv'), `${lines.join('\n')}\n`);
  const ingest = await cli('dpp-trainer', ['ingest', '--store', store, '--source', path.join(scratch, 'linear.csv'), '--target', 'bad', '--seed', '3']);
  expect(ingest.code, ingest.stderr).toBe(0);
}, 120_000);

afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('dpp-trainer train on a small linear table', () => {
  it('chooses a logistic regression, says so, and its ONNX file gives the same PDs in Python onnxruntime', async () => {
    const result = await cli('dpp-trainer', ['train', '--store', store]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/model v0001 \(champion\): \d+ features used, a logistic regression/);
    const selection = JSON.parse(readFileSync(path.join(store, 'artifacts/models/v0001/selection.json'), 'utf8')) as { chosen: string };
    expect(selection.chosen).toBe('every column, logistic regression');
    const status = JSON.parse((await cli('dpp-trainer', ['status', '--store', store, '--json'])).stdout) as { models: { features: string[] }[] };
    // every column but the noise, which may keep a small weight
    expect(status.models[0]!.features).toEqual(expect.arrayContaining(['x0', 'x1', 'x2', 'x3', 'x4', 'x5']));

    const scored = spawnSync(venvPython(), [path.join(root, 'test/support/score_onnx_store.py'), store, 'v0001'], { encoding: 'utf8' });
    expect(scored.status, scored.stderr).toBe(0);
    const onnx = JSON.parse(scored.stdout) as { auc: number; rows: number; pd: number[]; inputs: string[] };
    const metrics = JSON.parse(readFileSync(path.join(store, 'artifacts/models/v0001/metrics.json'), 'utf8')) as { test: { auc: number; testRows: number }; testScores: number[] };
    expect(onnx.rows).toBe(metrics.test.testRows);
    expect(onnx.auc).toBeCloseTo(metrics.test.auc, 6);
    onnx.pd.forEach((p, i) => expect(Math.abs(p - metrics.testScores[i]!), `row ${i}`).toBeLessThan(1e-6));
    expect(onnx.inputs.sort()).toEqual(status.models[0]!.features.sort());
  });
});
