// One batch size: writes a batch of ROWS rows (the model's input columns, test-pool rows
// repeated, fresh ids) to the store, times `score` on it in child processes (the first batch
// of a fresh process, and a further one in the same process; peak RSS of that part alone),
// then times a bare session.run on the same rows already in memory. Best of BENCH_REPEATS.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { openStore, getJson, readChampion } from '@dpp/artifact-store';
import { collectBatches } from '@dpp/dataset-io';
import { readDataset, score, scoringSessionOptions, writeDataset } from '@dpp/pipeline';
import { readNumbers } from '@dpp/preprocessing';
import { Table } from 'apache-arrow';
import * as ort from 'onnxruntime-node';
import { batchFromColumns } from '@dpp/dataset-io';

const [storePath, rowsText, mode] = process.argv.slice(2);
const rows = Number(rowsText);
// runs of each measurement: the best is kept (BENCH_REPEATS, default 3)
const repeats = Number(process.env.BENCH_REPEATS ?? 3);
const store = await openStore(storePath);
const version = (await readChampion(store)).version;
const batchId = `bench-${rows}`;

/**
 * This process's peak RSS: VmHWM, the high-water mark of its own memory. Not getrusage's
 * maxRSS, which on Linux keeps, across the exec, the RSS of the parent at fork time: this
 * parent holds the whole batch in memory.
 */
function peakRssMB() {
  const hwm = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
  return hwm === null ? process.resourceUsage().maxRSS / 1024 : Number(hwm[1]) / 1024;
}

if (mode === 'score') {
  // the end-to-end part alone, so that its peak memory is its own: the batch once in this
  // fresh process (what one `dpp-inference score` costs: onnxruntime's start-up, cold code),
  // then twice more, its scores deleted first, as a further `score` call in a running process
  // (a new session each call, onnxruntime started and the code warm)
  const timed = async () => {
    await store.deletePrefix(`test_sample_inference/${batchId}`).catch(() => {});
    const started = performance.now();
    await score(store, { batch: batchId, model: version, command: 'bench' });
    return (performance.now() - started) / 1000;
  };
  const seconds = await timed();
  let warmSeconds = Number.POSITIVE_INFINITY;
  for (let k = 0; k < 2; k++) warmSeconds = Math.min(warmSeconds, await timed());
  console.log(JSON.stringify({ seconds, warmSeconds, peakMB: peakRssMB() }));
  process.exit(0);
}

// the session options `score` uses (every core, pool threads asleep between runs)
const session = await ort.InferenceSession.create(await store.get(`artifacts/models/${version}/model.onnx`), scoringSessionOptions());
// the batch: test-pool rows repeated to `rows`, only the id and the model's inputs
const pool = new Table((await collectBatches(await readDataset(store, 'test', { columns: session.inputNames }))).batches);
const inputs = session.inputNames.map((name) => readNumbers(pool.getChild(name)));
const chunk = 65_536;
const parts = [];
for (let start = 0; start < rows; start += chunk) {
  const n = Math.min(chunk, rows - start);
  parts.push(batchFromColumns([
    { name: 'id', type: 'integer', values: Float64Array.from({ length: n }, (_, i) => start + i + 1) },
    ...session.inputNames.map((name, k) => ({ name, type: 'float', values: Float64Array.from({ length: n }, (_, i) => inputs[k][(start + i) % pool.numRows]) })),
  ]));
}
await store.deletePrefix(`test_sample_inference/${batchId}`).catch(() => {});
// uncompressed, as `dpp-inference sample` writes its batches
await writeDataset(store, `test_sample/${batchId}`, parts[0].schema, parts, { command: 'bench', compression: 'none', extra: { id: 'id' } });
await store.deletePrefix(`test_sample_inference/${batchId}`).catch(() => {});

const child = () => JSON.parse(execFileSync(process.execPath, [new URL(import.meta.url).pathname, storePath, rowsText, 'score'], { encoding: 'utf8' }).trim().split('\n').at(-1));
const children = Array.from({ length: repeats }, child);
const endToEnd = { seconds: Math.min(...children.map((c) => c.seconds)), warmSeconds: Math.min(...children.map((c) => c.warmSeconds)), peakMB: Math.max(...children.map((c) => c.peakMB)) };

// bare: the same rows as float32 tensors already in memory, the same chunk size the store's parts have
const tensors = parts.map((b) => Object.fromEntries(session.inputNames.map((name) => [name, new ort.Tensor('float32', Float32Array.from(readNumbers(b.getChild(name))), [b.numRows, 1])])));
let bareSeconds = Number.POSITIVE_INFINITY;
for (let k = 0; k < repeats; k++) {
  const started = performance.now();
  for (const feeds of tensors) await session.run(feeds);
  bareSeconds = Math.min(bareSeconds, (performance.now() - started) / 1000);
}
console.log(JSON.stringify({ rows, inputs: session.inputNames.length, endToEndRowsPerSecond: rows / endToEnd.seconds, warmRowsPerSecond: rows / endToEnd.warmSeconds, endToEndPeakMB: endToEnd.peakMB, bareRowsPerSecond: rows / bareSeconds }));
