import type { RecordBatch, Schema } from 'apache-arrow';
import { type Store, layout } from '@dpp/artifact-store';
import {
  type ArrowSource,
  type BatchTable,
  type TargetRule,
  appendColumn,
  applyTargetRule,
  batchFromColumns,
  checkIds,
  dropColumns,
  openTable,
  takeRows,
} from '@dpp/dataset-io';
import { orderedSplit, randomSplit, stratifiedSplit, syntheticLoanTable } from '@dpp/sampler';
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
 * datasets with manifests. Every check runs before anything is written, and both datasets
 * are staged before either is committed: on bad input the store is left as it was.
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

  const source = await openSource(options.source, seed);
  const file = options.source;
  const table = await collectWithProgress(source, options.onRows);
  if (table.rows === 0) throw new PipelineError('NO_ROWS', `${file}: the table has a header but no rows`);
  if (source.schema.fields.some((f) => f.name === TARGET_COLUMN) && rule.column !== TARGET_COLUMN) {
    throw new PipelineError('NAME_CLASH', `${file}, column '${TARGET_COLUMN}': the source already has a column named '${TARGET_COLUMN}'; pass --target ${TARGET_COLUMN} to derive the target from it`);
  }
  checkIds(table, idColumn, file);
  const targets = new Float64Array(table.rows);
  let offset = 0;
  for (const batch of table.batches) {
    targets.set(applyTargetRule(batch, rule, offset, file), offset);
    offset += batch.numRows;
  }
  const defaults = targets.reduce((s, t) => s + t, 0);
  if (defaults === 0 || defaults === table.rows) {
    throw new PipelineError('ONE_CLASS', `${file}, column '${rule.column}': every row has target ${defaults === 0 ? 0 : 1} by the rule ${describeRule(rule)}; a model needs defaults and non-defaults`);
  }

  const split = splitRows(table, targets, idColumn, options.split ?? 'stratified', testFraction, seed);
  const inTest = new Uint8Array(table.rows);
  for (const i of split.test) inTest[i] = 1;
  const count = (indices: Uint32Array) => indices.reduce((s, i) => s + (targets[i] as number), 0);
  const extra = {
    source: options.source,
    target: { column: TARGET_COLUMN, from: rule.column, rule: describeRule(rule) },
    id: idColumn,
    split: { kind: options.split ?? 'stratified', testFraction, seed },
  };
  // Parts of about 64 MB of Arrow data: small enough that the encoders' copies stay small.
  const rowsPerPart = Math.max(1024, Math.floor(64e6 / (8 * (table.schema.fields.length + 1))));
  const staged = [];
  try {
    for (const [prefix, part, indices] of [[layout.train, 0, split.train], [layout.test, 1, split.test]] as const) {
      const batches = rowsOfPart(table, targets, inTest, part, rule.column);
      const schema = withTargetSchema(table, rule.column);
      staged.push(await stageDataset(store, prefix, schema, batches, { command: options.command, rowsPerPart, workers: 2, extra: { ...extra, part: part === 0 ? 'train' : 'test', defaults: count(indices) } }));
    }
  } catch (error) {
    await Promise.all(staged.map((s) => s.abort()));
    throw error;
  }
  for (const s of staged) await s.commit();
  return {
    source: options.source,
    columns: table.schema.fields.length,
    train: { rows: split.train.length, defaults: count(split.train) },
    test: { rows: split.test.length, defaults: count(split.test) },
  };
}

function describeRule(rule: TargetRule): string {
  return rule.positiveWhen !== undefined ? `${rule.column} ${rule.positiveWhen}` : `${rule.column} == '${rule.positiveValue}'`;
}

async function openSource(source: string, seed: number): Promise<ArrowSource> {
  const synthetic = /^synthetic:(\d+)$/.exec(source);
  if (synthetic === null) {
    if (source.startsWith('synthetic')) throw new PipelineError('BAD_OPTION', `--source ${source}: write synthetic:ROWS, e.g. synthetic:30000`);
    return openTable(source);
  }
  const rows = Number(synthetic[1]);
  if (rows < 10) throw new PipelineError('BAD_OPTION', `--source ${source}: a synthetic table needs at least 10 rows`);
  const chunks = () => syntheticLoanTable({ rows, seed, chunkRows: 8192 });
  const first = batchOfChunk(chunks().next().value as SyntheticChunk);
  return {
    schema: first.schema,
    columns: first.schema.fields.map((f) => ({ name: f.name, type: f.metadata.get('dpp.kind') === 'integer' ? 'integer' : 'float' })),
    batches: async function* () {
      for (const chunk of chunks()) yield batchOfChunk(chunk);
    },
  };
}

type SyntheticChunk = ReturnType<typeof syntheticLoanTable> extends Iterable<infer C> ? C : never;

function batchOfChunk(chunk: SyntheticChunk): RecordBatch {
  return batchFromColumns(chunk.columns.map((c) => ({ name: c.name, type: c.kind === 'continuous' ? 'float' : 'integer', values: c.values })));
}

async function collectWithProgress(source: ArrowSource, onRows: ((rows: number) => void) | undefined): Promise<BatchTable> {
  const batches: RecordBatch[] = [];
  let rows = 0;
  for await (const batch of source.batches()) {
    batches.push(batch);
    rows += batch.numRows;
    onRows?.(rows);
  }
  return { schema: source.schema, batches, rows };
}

function splitRows(table: BatchTable, targets: Float64Array, idColumn: string, kind: 'stratified' | 'random' | 'ordered', testFraction: number, seed: number) {
  if (kind === 'stratified') return stratifiedSplit(targets, { testFraction, seed });
  if (kind === 'random') return randomSplit(table.rows, { testFraction, seed });
  const index = table.schema.fields.findIndex((f) => f.name === idColumn);
  const ids: Array<number | string> = [];
  for (const batch of table.batches) for (const id of batch.getChildAt(index)!) ids.push(id as number | string);
  return orderedSplit(ids, { testFraction });
}

/**
 * The rows of one part of the split (0 = train, 1 = test), batch by batch in source order,
 * each with the `target` column: only one batch's copy exists at a time.
 */
function* rowsOfPart(table: BatchTable, targets: Float64Array, inTest: Uint8Array, part: 0 | 1, ruleColumn: string): Generator<RecordBatch> {
  let offset = 0;
  for (const batch of table.batches) {
    const picked: number[] = [];
    for (let r = 0; r < batch.numRows; r++) if (inTest[offset + r] === part) picked.push(r);
    if (picked.length > 0) {
      const rows = takeRows({ schema: table.schema, batches: [batch], rows: batch.numRows }, picked);
      const target = Float64Array.from(picked, (r) => targets[offset + r] as number);
      yield appendColumn(ruleColumn === TARGET_COLUMN ? dropColumns(rows, [TARGET_COLUMN]) : rows, TARGET_COLUMN, target);
    }
    offset += batch.numRows;
  }
}

function withTargetSchema(table: BatchTable, ruleColumn: string): Schema {
  const empty = takeRows({ schema: table.schema, batches: table.batches.slice(0, 1), rows: table.batches[0]?.numRows ?? 0 }, []);
  return appendColumn(ruleColumn === TARGET_COLUMN ? dropColumns(empty, [TARGET_COLUMN]) : empty, TARGET_COLUMN, new Float64Array(0)).schema;
}
