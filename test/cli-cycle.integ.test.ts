// The whole cycle on a local store: score (Parquet any reader reads, the same file when
// scored twice, a batch missing a column refused with the store unchanged), feedback,
// retrain with champion and challenger (decisions by the rule, never a worse challenger),
// and the leak guard on batches drawn with replacement.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '@dpp/artifact-store';
import { dropColumns } from '@dpp/dataset-io';
import { readDataset, writeDataset } from '@dpp/pipeline';
import { cli, root, snapshot, venvPython, writeSignalsCsv } from './cli-support.js';
import { type Promotion, checkDecisions, ok, threeCycles } from './cycle-support.js';
import { renderReport } from './support/chromium.js';

let scratch: string;
let store: string;
const python = venvPython();

beforeAll(async () => {
  scratch = mkdtempSync(path.join(tmpdir(), 'dpp-cycle-'));
  store = path.join(scratch, 'store');
  writeSignalsCsv(path.join(scratch, 'signals.csv'));
  await ok('dpp-trainer', ['ingest', '--store', store, '--source', path.join(scratch, 'signals.csv'), '--target', 'bad', '--seed', '3']);
  await ok('dpp-trainer', ['train', '--store', store, '--no-selection', '--iterations', '150']);
}, 180_000);

afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('three cycles of sample, score, feedback and retrain on a local store', () => {
  it('scores every batch, decides by the rule each time and records every decision', async () => {
    await threeCycles(store);
    const history = JSON.parse(readFileSync(path.join(store, 'artifacts/promotions.json'), 'utf8')) as Promotion[];
    expect(history).toHaveLength(3);
    checkDecisions(history);
    const status = JSON.parse((await ok('dpp-trainer', ['status', '--store', store, '--json'])).stdout) as { batches: { id: string; scored: boolean; labeled: boolean }[]; models: unknown[] };
    expect(status.batches.map((b) => [b.id, b.scored, b.labeled])).toEqual([
      ['batch-0001', true, true],
      ['batch-0002', true, true],
      ['batch-0003', true, true],
    ]);
    expect(status.models).toHaveLength(4);
  }, 600_000);

  it("leaves a self-contained report of each run whose charts render in headless Chromium", async () => {
    const last = (JSON.parse(readFileSync(path.join(store, 'artifacts/promotions.json'), 'utf8')) as Promotion[]).at(-1)!;
    const file = path.join(store, 'artifacts/runs', `train-${last.challenger}`, 'report.html');
    const { title, charts, requests } = await renderReport(file);
    expect(title).toContain(`model ${last.challenger}`);
    expect(charts.map((c) => c.id).sort()).toEqual(['chart-calibration', 'chart-champion-over-time', 'chart-feature-importance', 'chart-ks', 'chart-precision-recall', 'chart-roc', 'chart-score-histograms'].sort());
    for (const chart of charts) {
      expect(chart.width, chart.id).toBeGreaterThan(100);
      expect(chart.height, chart.id).toBeGreaterThan(50);
      expect(chart.visibleMarks, chart.id).toBeGreaterThan(3);
    }
    // self-contained: the page fetched nothing but itself
    expect(requests).toEqual([expect.stringMatching(/report\.html$/)]);
    const eda = JSON.parse(readFileSync(path.join(path.dirname(file), 'eda.json'), 'utf8')) as { rows: number; defaultRate: number; columns: { name: string; kind: string }[] };
    expect(eda.columns.find((c) => c.name === 'grade')!.kind).toBe('categorical');
    expect(eda.defaultRate).toBeGreaterThan(0);
  }, 120_000);

  it('writes scores any Parquet reader reads (pyarrow), equal to Python onnxruntime on the batch, and the same file when scored twice', async () => {
    const read = onnxCheck('batch-0001');
    expect(read.columns).toEqual(['id', 'pd', 'model_version', 'batch_id', 'scored_at']);
    expect(read.ids).toBe(true);
    expect(read.maxdiff).toBeLessThan(1e-6);
    expect(read.versions).toHaveLength(1);
    const before = snapshot(store);
    const again = await ok('dpp-inference', ['score', '--store', store, '--batch', 'batch-0001', '--model', read.versions[0]!]);
    expect(again.stdout).toMatch(/already scored by v\d{4}, left as they were/);
    expect(snapshot(store)).toEqual(before);
  });

  it('refuses a batch missing a column the model needs, with exit code 2, one line, and the store unchanged', async () => {
    // a batch without x0, written through the library as a user's upstream system might
    const s = await openStore(store);
    const source = await readDataset(s, 'test_sample/batch-0001');
    const batches = [];
    for await (const b of source.batches()) batches.push(dropColumns(b, ['x0']));
    await writeDataset(s, 'test_sample/batch-0009', batches[0]!.schema, batches, { command: 'test', extra: { id: 'id' } });
    const before = snapshot(store);
    const result = await cli('dpp-inference', ['score', '--store', store, '--batch', 'batch-0009']);
    expect(result.code).toBe(2);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(/test_sample\/batch-0009, column 'x0': missing, and model v\d{4} needs it/);
    // a batch that is not there, and an id that cannot be one: named with the batches there are
    for (const batch of ['batch-0099', '../escape']) {
      const unknown = await cli('dpp-inference', ['score', '--store', store, '--batch', batch]);
      expect(unknown.code).toBe(2);
      expect(unknown.stderr.trim().split('\n')).toHaveLength(1);
      expect(unknown.stderr).toContain(`no batch '${batch}' (batches: batch-0001, batch-0002, batch-0003, batch-0009)`);
    }
    expect(snapshot(store)).toEqual(before);
  });

  it('keeps the champion when the challenger is worse', async () => {
    await ok('dpp-inference', ['sample', '--store', store, '--batch', 'batch-0004', '--fraction', '0.3', '--seed', '4']);
    await ok('dpp-inference', ['feedback', '--store', store, '--batch', 'batch-0004']);
    const status = JSON.parse((await ok('dpp-trainer', ['status', '--store', store, '--json'])).stdout) as { champion: string };
    const weak = await ok('dpp-trainer', ['retrain', '--store', store, '--no-selection', '--iterations', '1']);
    expect(weak.stdout).toMatch(new RegExp(`decision: ${status.champion} stays champion`));
    const history = JSON.parse(readFileSync(path.join(store, 'artifacts/promotions.json'), 'utf8')) as Promotion[];
    expect(history.at(-1)!.metrics.challenger.auc).toBeLessThan(history.at(-1)!.metrics.champion.auc);
    checkDecisions(history);
  }, 300_000);

  it('catches batches drawn with replacement that hold rows the champion trained on: leak counted, left out of the comparison', async () => {
    // promote whatever comes (the rule allows it), so the champion has trained on batch rows
    await ok('dpp-trainer', ['retrain', '--store', store, '--no-selection', '--iterations', '50', '--min-auc-gain', '-1', '--max-p-value', '1.01']);
    await ok('dpp-inference', ['sample', '--store', store, '--batch', 'batch-0005', '--fraction', '0.6', '--with-replacement', '--seed', '5']);
    await ok('dpp-inference', ['feedback', '--store', store, '--batch', 'batch-0005']);
    const result = await ok('dpp-trainer', ['retrain', '--store', store, '--no-selection', '--iterations', '50']);
    expect(result.stdout).toMatch(/leak: [1-9][\d,]* batch rows the champion trained on \(same id\)/);
    const last = (JSON.parse(readFileSync(path.join(store, 'artifacts/promotions.json'), 'utf8')) as Promotion[]).at(-1)!;
    expect(last.leak.sameId).toBeGreaterThan(0);
    expect(last.leak.repeated).toBeGreaterThan(0);
    expect(last.leak.comparisonExcluded).toBeGreaterThan(0);
  }, 300_000);

  it('scores a batch of many parts, read by ranges, as Python onnxruntime does', async () => {
    // batch-0001's rows over and over, uncompressed (as sample writes), in parts of 65,536 rows
    const s = await openStore(store);
    const source = await readDataset(s, 'test_sample/batch-0001');
    const once = [];
    for await (const b of source.batches()) once.push(b);
    const rows = once.reduce((n, b) => n + b.numRows, 0);
    const batches = Array.from({ length: Math.ceil(270_000 / rows) }, () => once).flat();
    await writeDataset(s, 'test_sample/batch-0010', batches[0]!.schema, batches, { command: 'test', extra: { id: 'id' }, rowsPerPart: 65_536, compression: 'none' });
    const scored = await ok('dpp-inference', ['score', '--store', store, '--batch', 'batch-0010']);
    expect(scored.stdout).toMatch(/batch-0010/);
    const read = onnxCheck('batch-0010');
    expect(read.rows).toBe(batches.length * rows);
    expect(read.rows).toBeGreaterThan(4 * 65_536);
    expect(read.ids).toBe(true);
    expect(read.maxdiff).toBeLessThan(1e-6);
  }, 120_000);

  it('refuses a model file onnxruntime cannot load with exit code 2, one line naming the file, and the store unchanged', async () => {
    // the champion's folder copied as another version, its model.onnx cut short
    const champion = (JSON.parse(readFileSync(path.join(store, 'artifacts/champion.json'), 'utf8')) as { version: string }).version;
    const broken = path.join(store, 'artifacts/models/v9999');
    cpSync(path.join(store, 'artifacts/models', champion), broken, { recursive: true });
    const onnx = readFileSync(path.join(broken, 'model.onnx'));
    writeFileSync(path.join(broken, 'model.onnx'), onnx.subarray(0, onnx.length >> 1));
    try {
      const before = snapshot(store);
      const result = await cli('dpp-inference', ['score', '--store', store, '--batch', 'batch-0001', '--model', 'v9999']);
      expect(result.code).toBe(2);
      expect(result.stderr.trim().split('\n')).toHaveLength(1);
      expect(result.stderr).toMatch(/artifacts\/models\/v9999\/model\.onnx: onnxruntime cannot load it \(.+\)/);
      expect(snapshot(store)).toEqual(before);
    } finally {
      rmSync(broken, { recursive: true, force: true });
    }
  });
});

/** Reads a batch's scores with pyarrow and scores the batch with Python's onnxruntime: columns, rows, the largest difference of pd, ids in order, versions. */
function onnxCheck(batch: string) {
  const check = spawnSync(
    python,
    [
      '-c',
      `import json, sys, pyarrow as pa, pyarrow.parquet as pq, numpy as np, onnxruntime as ort
store = sys.argv[1]
batch_id = sys.argv[2]
m = json.load(open(f"{store}/test_sample_inference/{batch_id}/_manifest.json"))
scores = pa.concat_tables([pq.read_table(f"{store}/{p['key']}") for p in m["parts"]])
b = json.load(open(f"{store}/test_sample/{batch_id}/_manifest.json"))
batch = pa.concat_tables([pq.read_table(f"{store}/{p['key']}") for p in b["parts"]])
s = ort.InferenceSession(f"{store}/artifacts/models/{m['extra']['model']}/model.onnx")
feeds = {i.name: (np.array(["" if v is None else v for v in batch.column(i.name).to_pylist()], dtype=object) if i.type == "tensor(string)" else batch.column(i.name).to_numpy(zero_copy_only=False).astype(np.float32)).reshape(-1, 1) for i in s.get_inputs()}
pd = s.run(["pd"], feeds)[0].reshape(-1)
print(json.dumps({"columns": scores.column_names, "rows": scores.num_rows, "maxdiff": float(np.max(np.abs(pd - scores.column("pd").to_numpy()))), "ids": scores.column("id").to_pylist() == batch.column("id").to_pylist(), "versions": sorted(set(scores.column("model_version").to_pylist()))}))`,
      store,
      batch,
    ],
    { encoding: 'utf8' },
    );
  expect(check.status, check.stderr).toBe(0);
  return JSON.parse(check.stdout) as { columns: string[]; rows: number; maxdiff: number; ids: boolean; versions: string[] };
}
