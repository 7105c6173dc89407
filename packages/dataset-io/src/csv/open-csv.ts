import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import type { RecordBatch, Schema } from 'apache-arrow';
import { recordBatchOf } from '../arrow-batch.js';
import { type ColumnSpec, type ColumnType, arrowSchemaOf } from '../column-types.js';
import { DatasetError } from '../errors.js';
import type { ArrowSource, ReadProgress } from '../arrow-source.js';
import { inferColumns, parseHeader } from './infer-columns.js';
import { type BlockPlan, type BlockProblem, type ClassifiedColumn, FieldKind, type ParsedBlock, parseBlock } from './parse-block.js';
import { type BlockTask, readBlock } from './read-block.js';
import { WorkerPool } from '../worker-pool.js';

export interface CsvOptions {
  /** Field separator, one byte. Default `','`. */
  delimiter?: string;
  /** Spellings of a missing value besides the empty field. Default `['NA', 'N/A', 'NaN', 'nan', 'null', 'NULL']`. */
  missing?: readonly string[];
  /** How many data rows the column types are inferred from. Default 10,000. */
  inferRows?: number;
  /** Types that override inference, by column name. */
  types?: Readonly<Record<string, ColumnType>>;
  /**
   * Read only these columns (they come in the file's order). The others are passed over
   * without parsing, though every row's field count is still checked; values of skipped
   * columns are not checked against their types. Default: every column.
   */
  columns?: readonly string[];
  /**
   * Whether quoted fields may hold line breaks. Such a file cannot be cut into blocks at
   * line breaks, so it is parsed in one piece on one thread. Default false.
   */
  newlinesInValues?: boolean;
  /** Worker threads that parse blocks. Default: the machine's parallelism, at most 8; 0 parses on this thread. */
  workers?: number;
  /** Size of the byte blocks the file is cut into. Default 8 MiB. */
  blockBytes?: number;
  /** Called after each block with the bytes and rows read so far. */
  onProgress?: (progress: ReadProgress) => void;
}

export const DEFAULT_MISSING = ['NA', 'N/A', 'NaN', 'nan', 'null', 'NULL'] as const;
const LF = 10;
const encoder = new TextEncoder();

/**
 * Opens a CSV file as a stream of Arrow record batches. The header names the columns and
 * the first `inferRows` rows decide their types (see {@link inferColumns}); the rest of the
 * file is cut into blocks at line breaks and parsed by worker threads, in order, with at most
 * two blocks per worker in flight, so memory stays bounded however large the file.
 *
 * @throws DatasetError for an empty file, unbalanced quotes, a ragged row or a value that
 *   does not fit its column's type, naming the file, the row and the column.
 */
export async function openCsv(path: string, options: CsvOptions = {}): Promise<ArrowSource> {
  const delimiter = checkDelimiter(options.delimiter ?? ',');
  const missing = (options.missing ?? DEFAULT_MISSING).map((m) => encoder.encode(m));
  const inferRows = options.inferRows ?? 10_000;
  const newlinesInValues = options.newlinesInValues ?? false;
  let size: number;
  try {
    size = statSync(path).size;
  } catch (cause) {
    throw new DatasetError('UNREADABLE_FILE', 'cannot be read', { file: path, cause });
  }
  if (size === 0) throw new DatasetError('EMPTY_FILE', 'the file is empty', { file: path });

  const head = readHead(path, size, inferRows);
  const headerEnd = head.indexOf(LF);
  const headerLine = head.subarray(0, headerEnd < 0 ? head.length : headerEnd);
  const names = parseHeader(stripCR(headerLine), delimiter, path);
  const dataStart = headerEnd < 0 ? size : headerEnd + 1;

  const wanted = selectedColumns(names, options.columns, path);
  // only the columns read need a type: the others are passed over in the sample too
  const classifyPlan: BlockPlan = { delimiter, kinds: wanted.map((w) => (w === 1 ? FieldKind.Classify : FieldKind.Skip)), missing, newlinesInValues };
  const sampleBytes = head.subarray(dataStart);
  const sample = parseBlock(cutAtRows(sampleBytes, inferRows, head.length < size), classifyPlan, inferRows);
  if (sample.problem !== undefined) throw problemError(sample.problem, path, names, 0);
  const picked = (_: unknown, c: number) => wanted[c] === 1;
  const columns = inferColumns(names.filter(picked), sample.columns.filter(picked) as ClassifiedColumn[], sample.rows, options.types ?? {});
  const schema = arrowSchemaOf(columns);
  const plan: BlockPlan = { delimiter, kinds: kindsOf(columns, wanted), missing, newlinesInValues };
  const rowBytes = sample.rows > 0 ? sampleBytesUsed(sampleBytes, sample.rows) / sample.rows : 64;
  const blockBytes = newlinesInValues ? Math.max(1, size - dataStart) : Math.max(1024, options.blockBytes ?? 8 << 20);
  const workers = newlinesInValues ? 0 : Math.min(options.workers ?? Math.min(8, availableParallelism()), Math.ceil((size - dataStart) / blockBytes) - 1);

  return {
    schema,
    columns,
    batches: () => streamBlocks({ path, size, dataStart, blockBytes, plan, rowBytes, workers, schema, names, onProgress: options.onProgress }),
  };
}

interface StreamPlan {
  path: string;
  size: number;
  dataStart: number;
  blockBytes: number;
  plan: BlockPlan;
  rowBytes: number;
  workers: number;
  schema: Schema;
  names: readonly string[];
  onProgress: ((progress: ReadProgress) => void) | undefined;
}

async function* streamBlocks(s: StreamPlan): AsyncGenerator<RecordBatch> {
  const tasks: BlockTask[] = [];
  for (let start = s.dataStart; start < s.size; start += s.blockBytes) {
    const end = Math.min(s.size, start + s.blockBytes);
    tasks.push({ path: s.path, dataStart: s.dataStart, start, end, plan: s.plan, expectedRows: Math.ceil(((end - start) / s.rowBytes) * 1.1) + 16 });
  }
  const pool = s.workers > 0 ? new WorkerPool<{ task: BlockTask }, { block: ParsedBlock }>(new URL('./block-worker.js', import.meta.url), s.workers) : undefined;
  const window = pool === undefined ? 1 : 2 * s.workers;
  const pending: Promise<ParsedBlock>[] = [];
  let next = 0;
  let rowsBefore = 0;
  try {
    for (let i = 0; i < tasks.length; i++) {
      while (next < tasks.length && pending.length < window) {
        const task = tasks[next++] as BlockTask;
        pending.push(pool === undefined ? Promise.resolve().then(() => readBlock(task)) : pool.run({ task }).then((r) => r.block));
      }
      const block = await (pending.shift() as Promise<ParsedBlock>);
      if (block.problem !== undefined) throw problemError(block.problem, s.path, s.names, rowsBefore);
      rowsBefore += block.rows;
      s.onProgress?.({ bytes: (tasks[i] as BlockTask).end, totalBytes: s.size, rows: rowsBefore });
      if (block.rows > 0) yield recordBatchOf(s.schema, block.rows, block.columns.filter((c) => c.kind !== FieldKind.Skip));
    }
  } finally {
    await pool?.close();
  }
}

function problemError(problem: BlockProblem, file: string, names: readonly string[], rowsBefore: number): DatasetError {
  const row = rowsBefore + problem.row + 1;
  const column = names[problem.column];
  switch (problem.code) {
    case 'RAGGED_ROW':
      return new DatasetError('RAGGED_ROW', `has ${problem.detail} fields where the header has ${names.length}`, { file, row });
    case 'UNTERMINATED_QUOTE':
      return new DatasetError('UNTERMINATED_QUOTE', 'a quoted field is not closed before the end of the line (set newlinesInValues if fields hold line breaks)', { file, row, column });
    case 'TYPE_MISMATCH':
      return new DatasetError('TYPE_MISMATCH', `'${problem.detail}' is not a number, but the column was inferred numeric from the first rows (declare its type as 'string', or raise inferRows)`, { file, row, column });
  }
}

function readHead(path: string, size: number, inferRows: number): Uint8Array {
  const fd = openSync(path, 'r');
  try {
    let length = Math.min(size, 1 << 20);
    for (;;) {
      const bytes = new Uint8Array(length);
      readSync(fd, bytes, 0, length, 0);
      if (length === size || countLines(bytes) > inferRows + 1) return bytes;
      length = Math.min(size, length * 4);
    }
  } finally {
    closeSync(fd);
  }
}

function countLines(bytes: Uint8Array): number {
  let count = 0;
  for (let at = bytes.indexOf(LF); at >= 0; at = bytes.indexOf(LF, at + 1)) count++;
  return count;
}

/** The prefix of `bytes` holding its first `rows` complete lines (all of it if it is the whole file). */
function cutAtRows(bytes: Uint8Array, rows: number, truncated: boolean): Uint8Array {
  let at = -1;
  for (let r = 0; r < rows; r++) {
    const lf = bytes.indexOf(LF, at + 1);
    if (lf < 0) return truncated ? bytes.subarray(0, at + 1) : bytes;
    at = lf;
  }
  return bytes.subarray(0, at + 1);
}

function sampleBytesUsed(bytes: Uint8Array, rows: number): number {
  return cutAtRows(bytes, rows, false).length;
}

function stripCR(line: Uint8Array): Uint8Array {
  return line[line.length - 1] === 13 ? line.subarray(0, line.length - 1) : line;
}

/** 1 for each column to read, 0 for each to pass over. */
function selectedColumns(names: readonly string[], columns: readonly string[] | undefined, file: string): Uint8Array {
  if (columns === undefined) return new Uint8Array(names.length).fill(1);
  const wanted = new Uint8Array(names.length);
  for (const name of columns) {
    const c = names.indexOf(name);
    if (c < 0) throw new DatasetError('MISSING_COLUMN', 'no such column in the file', { file, column: name });
    wanted[c] = 1;
  }
  return wanted;
}

/** Each column's kind in the file: Skip for those not read, else by the type of the read column it is. */
function kindsOf(columns: readonly ColumnSpec[], wanted: Uint8Array): Uint8Array {
  const kinds = new Uint8Array(wanted.length).fill(FieldKind.Skip);
  for (let c = 0, k = 0; c < wanted.length; c++) if (wanted[c] === 1) kinds[c] = (columns[k++] as ColumnSpec).type === 'string' ? FieldKind.Text : FieldKind.Number;
  return kinds;
}

function checkDelimiter(delimiter: string): number {
  const bytes = encoder.encode(delimiter);
  if (bytes.length !== 1 || bytes[0] === LF || bytes[0] === 34 || bytes[0] === 13) {
    throw new DatasetError('BAD_OPTION', `delimiter must be one byte other than a quote or a line break, got '${delimiter}'`);
  }
  return bytes[0] as number;
}
