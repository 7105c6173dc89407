import type { Vector } from 'apache-arrow';
import { type Store, layout, listBatches, readManifest } from '@dpp/artifact-store';
import { collectBatches, dropColumns, takeRows } from '@dpp/dataset-io';
import { sampleBatch } from '@dpp/sampler';
import { PipelineError } from './errors.js';
import { TARGET_COLUMN } from './ingest.js';
import { readDataset, stageDataset } from './stored-dataset.js';

export interface SampleOptions {
  /** Share of the test pool to draw. Default 0.1 (ignored when `size` is given). */
  fraction?: number;
  /** Exact number of rows to draw. */
  size?: number;
  /** Draw with replacement: a row may come twice (on purpose, to show how a leak inflates metrics). */
  withReplacement?: boolean;
  /** The batch id. Default: `batch-NNNN`, one more than the batches already in the store. */
  batch?: string;
  /** Seed of the draw. Default: the batch's number, so a rerun draws the same rows. */
  seed?: number;
  command: string;
}

export interface SampleResult {
  batch: string;
  rows: number;
  distinctRows: number;
  withReplacement: boolean;
  seed: number;
}

/**
 * Draws a batch of "new borrowers" from the test pool into `test_sample/<batch>/` with their
 * features and ids only. Their outcomes (the target and the column it came from) are
 * withheld in `artifacts/withheld/<batch>/` until `feedback` makes them arrive.
 */
export async function sample(store: Store, options: SampleOptions): Promise<SampleResult> {
  const testManifest = await readManifest(store, layout.test).catch((cause: unknown) => {
    throw new PipelineError('NO_DATASET', `${store.url}: there is no test pool yet; run dpp-trainer ingest first`, { cause });
  });
  const existing = await listBatches(store);
  const batch = options.batch ?? `batch-${String(existing.length + 1).padStart(4, '0')}`;
  layout.testSample(batch); // validates the id
  const seed = options.seed ?? (Number(/(\d+)$/.exec(batch)?.[1] ?? existing.length + 1) || 1);
  const withReplacement = options.withReplacement ?? false;
  const pool = await collectBatches(await readDataset(store, layout.test));
  const indices = sampleBatch(pool.rows, { ...(options.size === undefined ? { fraction: options.fraction ?? 0.1 } : { size: options.size }), withReplacement, seed });
  const rows = takeRows(pool, indices);
  const from = (testManifest.extra as { target?: { from?: string } } | undefined)?.target?.from;
  const outcomeColumns = [TARGET_COLUMN, ...(from !== undefined && from !== TARGET_COLUMN ? [from] : [])];
  const idColumn = ((testManifest.extra as { id?: string } | undefined)?.id ?? 'id');
  const features = dropColumns(rows, outcomeColumns);
  const outcomes = dropColumns(rows, rows.schema.fields.map((f) => f.name).filter((n) => n !== idColumn && !outcomeColumns.includes(n)));
  const ids = rows.getChildAt(rows.schema.fields.findIndex((f) => f.name === idColumn)) as Vector;
  const distinctRows = new Set(ids.toArray() as Iterable<unknown>).size;
  const extra = { batch, fraction: options.size === undefined ? options.fraction ?? 0.1 : undefined, size: indices.length, withReplacement, seed, distinctRows, id: idColumn };
  // uncompressed, as ingest writes the test pool: written at about the cost of a copy, and
  // read back by score in TypeScript without parquet-wasm
  const withheld = await stageDataset(store, layout.withheld(batch), outcomes.schema, [outcomes], { command: options.command, compression: 'none', extra });
  let stagedFeatures;
  try {
    stagedFeatures = await stageDataset(store, layout.testSample(batch), features.schema, [features], { command: options.command, compression: 'none', extra });
  } catch (error) {
    await withheld.abort();
    throw error;
  }
  await withheld.commit();
  await stagedFeatures.commit();
  return { batch, rows: indices.length, distinctRows, withReplacement, seed };
}
