import type { RecordBatch, Schema } from 'apache-arrow';
import { type Store, layout } from '@dpp/artifact-store';
import {
  type ArrowSource,
  type BatchTable,
  type RowSelection,
  type TargetRule,
  appendColumn,
  applyTargetRule,
  batchFromColumns,
  checkIds,
  collectBatches,
  dropColumns,
  openTable,
  takeRows,
} from '@dpp/dataset-io';
import { orderedSplit, randomSplit, stratifiedSplit, syntheticLoanTable } from '@dpp/sampler';
import { BatchChannel } from './batch-channel.js';
import { PipelineError } from './errors.js';
import { stageDataset } from './stored-dataset.js';

/** The name of the binary target column (1 = default) in the stored train and test tables. */
export const TARGET_COLUMN = 'target';

export interface IngestOptions {
  /** A `.csv`/`.parquet` path, or `synthetic:ROWS` for the generated loan table. */
  source: string;
  /** The source column the target is derived from. Default 'loss'. */
  target?: string;
  /** A comparison on a numeric target column, e.g. '>0' (the default when no positiveValue is given). */
  positiveWhen?: string;
  /** The value of a text target column that means default, e.g. 'bad'. */
  positiveValue?: string;
  /** The id column. Default 'id'. */
  id?: string;
  /** Share of rows held out as the test pool. Default 0.2. */
  testFraction?: number;
  /** How rows are split: stratified by target (default), random, or ordered by id (the last rows are the test pool). */
  split?: 'stratified' | 'random' | 'ordered';
  /** Seed of the split (and of the synthetic table). Default 42. */
  seed?: number;
  /** The command line, recorded in the manifests. */
  command: string;
  /** Called as rows are read. */
  onRows?: (rows: number) => void;
}

export interface IngestResult {
  source: string;
  columns: number;
  train: { rows: number; defaults: number };
  test: { rows: number; defaults: number };
}

/**
 * Reads a loan table, derives the binary `target` column (1 = default) by the target rule,
 * checks ids and target, splits the rows into `train/` and `test/` and stores both as Parquet
 * datasets with manifests.
 *
 * The source is read twice, and never held whole. The first pass reads only the id and
 * target columns: the row count, the id and target checks and the split (which needs only
 * the targets, or the ids for an ordered split) come from it. The second pass reads every
 * column and sends each batch's rows to the train and test writers as it arrives, so that
 * encoding runs while the file is parsed. A problem the second pass finds (a value that does
 * not fit its column's type, say) aborts both writes: both datasets are staged, and
 * committed only once the whole source has been read, so on bad input the store is left as
 * it was.
 */
export async function ingest(store: Store, options: IngestOptions): Promise<IngestResult> {
  const testFraction = options.testFraction ?? 0.2;
  if (!(testFraction > 0 && testFraction < 1)) throw new PipelineError('BAD_OPTION', `--test-fraction must be between 0 and 1 (exclusive), got ${testFraction}`);
  const seed = options.seed ?? 42;
  const idColumn = options.id ?? 'id';
  const rule: TargetRule =
    options.positiveValue !== undefined
      ? { column: options.target ?? 'loss', positiveValue: options.positiveValue }
      : { column: options.target ?? 'loss', positiveWhen: options.positiveWhen ?? '>0' };
  if (options.positiveValue !== undefined && options.positiveWhen !== undefined) {
    throw new PipelineError('BAD_OPTION', 'give either --positive-when or --positive-value, not both');
  }

  const file = options.source;
  const source = await openSource(options.source, seed);
  const present = new Set(source.schema.fields.map((f) => f.name));
  // The first pass: the id and target columns (or, when neither is there, any one column to count the rows by).
  const keyColumns = [...new Set([idColumn, rule.column])].filter((name) => present.has(name));
  const keys = await collectBatches(await openSource(options.source, seed, keyColumns.length > 0 ? keyColumns : source.schema.fields.slice(0, 1).map((f) => f.name)));
  if (keys.rows === 0) throw new PipelineError('NO_ROWS', `${file}: the table has a header but no rows`);
  if (present.has(TARGET_COLUMN) && rule.column !== TARGET_COLUMN) {
    throw new PipelineError('NAME_CLASH', `${file}, column '${TARGET_COLUMN}': the source already has a column named '${TARGET_COLUMN}'; pass --target ${TARGET_COLUMN} to derive the target from it`);
  }
  checkIds(keys, idColumn, file);
  const targets = new Float64Array(keys.rows);
  let offset = 0;
  for (const batch of keys.batches) {
    targets.set(applyTargetRule(batch, rule, offset, file), offset);
    offset += batch.numRows;
  }
  const defaults = targets.reduce((s, t) => s + t, 0);
  if (defaults === 0 || defaults === keys.rows) {
    throw new PipelineError('ONE_CLASS', `${file}, column '${rule.column}': every row has target ${defaults === 0 ? 0 : 1} by the rule ${describeRule(rule)}; a model needs defaults and non-defaults`);
  }

  const split = splitRows(keys, targets, idColumn, options.split ?? 'stratified', testFraction, seed);
  const inTest = new Uint8Array(keys.rows);
  for (const i of split.test) inTest[i] = 1;
  const count = (indices: Uint32Array) => indices.reduce((s, i) => s + (targets[i] as number), 0);
  const extra = {
    source: options.source,
    target: { column: TARGET_COLUMN, from: rule.column, rule: describeRule(rule) },
    id: idColumn,
    split: { kind: options.split ?? 'stratified', testFraction, seed },
  };
  // Parts of about 64 MB of Arrow data, uncompressed: encoding them costs about a copy, on this
  // thread (snappy would save about a third of the bytes of float64 data for three times the
  // encoding time, and need encode workers on cores the parser uses).
  const rowsPerPart = Math.max(1024, Math.floor(64e6 / (8 * (source.schema.fields.length + 1))));
  const schema = withTargetSchema(source.schema, rule.column);
  const channels = [new BatchChannel<RowSelection>(), new BatchChannel<RowSelection>()] as const;
  const writes = ([[layout.train, split.train], [layout.test, split.test]] as const).map(([prefix, indices], part) =>
    stageDataset(store, prefix, schema, channels[part as 0 | 1], { command: options.command, rowsPerPart, compression: 'none', extra: { ...extra, part: part === 0 ? 'train' : 'test', defaults: count(indices) } }),
  );
  const feed = feedSplit(source, channels, inTest, targets, rule.column, file, options.onRows);
  const settled = await Promise.allSettled([feed, ...writes]);
  const failures = settled.flatMap((s) => (s.status === 'rejected' ? [s.reason as unknown] : []));
  if (failures.length > 0) {
    await Promise.all(settled.map((s) => (s.status === 'fulfilled' && s.value !== undefined ? s.value.abort() : undefined)));
    throw failures.find((f) => !(f instanceof WriterStopped)) ?? failures[0];
  }
  for (const s of settled) if (s.status === 'fulfilled' && s.value !== undefined) await s.value.commit();
  return {
    source: options.source,
    columns: source.schema.fields.length,
    train: { rows: split.train.length, defaults: count(split.train) },
    test: { rows: split.test.length, defaults: count(split.test) },
  };
}

/** What stops the second pass when a writer failed: that writer's error is the one to report. */
class WriterStopped extends Error {}

/**
 * The second pass: reads every column, adds `target`, and sends each batch's train rows and
 * test rows (by index: the writers copy them once, into the pages) to the train (0) and test
 * (1) channels. The first pass fixed the row count; a source that now gives another one has
 * changed meanwhile.
 */
async function feedSplit(
  source: ArrowSource,
  channels: readonly [BatchChannel<RowSelection>, BatchChannel<RowSelection>],
  inTest: Uint8Array,
  targets: Float64Array,
  ruleColumn: string,
  file: string,
  onRows: ((rows: number) => void) | undefined,
): Promise<undefined> {
  try {
    let offset = 0;
    for await (const batch of source.batches()) {
      if (offset + batch.numRows > inTest.length) throw new PipelineError('SOURCE_CHANGED', `${file}: the source has more rows than when it was first read (${inTest.length}); did it change meanwhile?`);
      const withTarget = appendColumn(ruleColumn === TARGET_COLUMN ? dropColumns(batch, [TARGET_COLUMN]) : batch, TARGET_COLUMN, targets.subarray(offset, offset + batch.numRows));
      const parts = rowsByPart(inTest.subarray(offset, offset + batch.numRows));
      for (const part of [0, 1] as const) {
        const rows = parts[part];
        if (rows.length > 0 && !(await channels[part].push({ batch: withTarget, rows }))) throw new WriterStopped();
      }
      offset += batch.numRows;
      onRows?.(offset);
    }
    if (offset !== inTest.length) throw new PipelineError('SOURCE_CHANGED', `${file}: the source has ${offset} rows, ${inTest.length} when it was first read; did it change meanwhile?`);
    for (const channel of channels) channel.end();
    return undefined;
  } catch (error) {
    for (const channel of channels) channel.fail(error);
    throw error;
  }
}

function describeRule(rule: TargetRule): string {
  return rule.positiveWhen !== undefined ? `${rule.column} ${rule.positiveWhen}` : `${rule.column} == '${rule.positiveValue}'`;
}

/** Opens the source, or only the named columns of it. */
async function openSource(source: string, seed: number, columns?: readonly string[]): Promise<ArrowSource> {
  const synthetic = /^synthetic:(\d+)$/.exec(source);
  if (synthetic === null) {
    if (source.startsWith('synthetic')) throw new PipelineError('BAD_OPTION', `--source ${source}: write synthetic:ROWS, e.g. synthetic:30000`);
    return openTable(source, columns === undefined ? {} : { columns });
  }
  const rows = Number(synthetic[1]);
  if (rows < 10) throw new PipelineError('BAD_OPTION', `--source ${source}: a synthetic table needs at least 10 rows`);
  const chunks = () => syntheticLoanTable({ rows, seed, chunkRows: 8192 });
  const first = batchOfChunk(chunks().next().value as SyntheticChunk, columns);
  return {
    schema: first.schema,
    columns: first.schema.fields.map((f) => ({ name: f.name, type: f.metadata.get('dpp.kind') === 'integer' ? 'integer' : 'float' })),
    batches: async function* () {
      for (const chunk of chunks()) yield batchOfChunk(chunk, columns);
    },
  };
}

type SyntheticChunk = ReturnType<typeof syntheticLoanTable> extends Iterable<infer C> ? C : never;

function batchOfChunk(chunk: SyntheticChunk, columns: readonly string[] | undefined): RecordBatch {
  const kept = columns === undefined ? chunk.columns : chunk.columns.filter((c) => columns.includes(c.name));
  return batchFromColumns(kept.map((c) => ({ name: c.name, type: c.kind === 'continuous' ? 'float' : 'integer', values: c.values })));
}

function splitRows(table: BatchTable, targets: Float64Array, idColumn: string, kind: 'stratified' | 'random' | 'ordered', testFraction: number, seed: number) {
  if (kind === 'stratified') return stratifiedSplit(targets, { testFraction, seed });
  if (kind === 'random') return randomSplit(table.rows, { testFraction, seed });
  const index = table.schema.fields.findIndex((f) => f.name === idColumn);
  const ids: Array<number | string> = [];
  for (const batch of table.batches) for (const id of batch.getChildAt(index)!) ids.push(id as number | string);
  return orderedSplit(ids, { testFraction });
}

/** The row indices of each part (0 = train, 1 = test), ascending. */
function rowsByPart(inTest: Uint8Array): [Uint32Array, Uint32Array] {
  let tests = 0;
  for (let r = 0; r < inTest.length; r++) tests += inTest[r] as number;
  const parts: [Uint32Array, Uint32Array] = [new Uint32Array(inTest.length - tests), new Uint32Array(tests)];
  const next = [0, 0];
  for (let r = 0; r < inTest.length; r++) {
    const part = inTest[r] as 0 | 1;
    parts[part][next[part]!++] = r;
  }
  return parts;
}

/** The stored schema: the source's columns (less a `target` the rule reads from) and `target`. */
function withTargetSchema(schema: Schema, ruleColumn: string): Schema {
  const empty = takeRows({ schema, batches: [], rows: 0 }, []);
  return appendColumn(ruleColumn === TARGET_COLUMN ? dropColumns(empty, [TARGET_COLUMN]) : empty, TARGET_COLUMN, new Float64Array(0)).schema;
}
