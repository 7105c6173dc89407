import { type Data, DataType, Field, Float64, RecordBatch, Schema, Struct, Utf8, type Vector, makeData } from 'apache-arrow';
import type { ArrowSource } from './arrow-source.js';
import { validityFromNaN } from './validity.js';
import { KIND_METADATA_KEY } from './column-types.js';
import { DatasetError } from './errors.js';

/** A table held in memory as the batches it was read in. */
export interface BatchTable {
  schema: Schema;
  batches: RecordBatch[];
  rows: number;
}

/** Reads a whole source into memory. */
export async function collectBatches(source: ArrowSource): Promise<BatchTable> {
  const batches: RecordBatch[] = [];
  let rows = 0;
  for await (const batch of source.batches()) {
    batches.push(batch);
    rows += batch.numRows;
  }
  return { schema: source.schema, batches, rows };
}

/**
 * Gathers rows by their index in the whole table (indices may repeat and come in any order)
 * into one record batch. Numbers are copied with typed-array loops, text byte by byte.
 *
 * @throws RangeError naming the first index outside the table.
 */
export function takeRows(table: BatchTable, indices: ArrayLike<number>): RecordBatch {
  const starts = new Float64Array(table.batches.length + 1);
  for (let b = 0; b < table.batches.length; b++) starts[b + 1] = (starts[b] as number) + (table.batches[b] as RecordBatch).numRows;
  const n = indices.length;
  const batchOf = new Int32Array(n);
  const rowOf = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const index = indices[i] as number;
    if (!(index >= 0 && index < table.rows) || !Number.isInteger(index)) {
      throw new RangeError(`takeRows: indices[${i}] = ${index} is outside the table's ${table.rows} rows`);
    }
    let lo = 0;
    let hi = table.batches.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((starts[mid] as number) <= index) lo = mid;
      else hi = mid - 1;
    }
    batchOf[i] = lo;
    rowOf[i] = index - (starts[lo] as number);
  }
  const children = table.schema.fields.map((field, c) => {
    const sources = table.batches.map((batch) => (batch.getChildAt(c) as Vector).data[0]!);
    if (DataType.isUtf8(field.type)) return gatherText(sources, batchOf, rowOf);
    const values = new Float64Array(n);
    const arrays = sources.map((d) => d.values as Float64Array);
    let nulls = 0;
    for (let i = 0; i < n; i++) {
      const v = (arrays[batchOf[i] as number] as Float64Array)[rowOf[i] as number] as number;
      values[i] = v;
      if (v !== v) nulls++;
    }
    return makeData({ type: new Float64(), length: n, nullCount: nulls, data: values, nullBitmap: nulls > 0 ? validityFromNaN(values) : null });
  });
  return new RecordBatch(table.schema, makeData({ type: new Struct(table.schema.fields), length: n, nullCount: 0, children }));
}

function gatherText(sources: Data[], batchOf: Int32Array, rowOf: Int32Array): Data<Utf8> {
  const n = batchOf.length;
  const offsets = new Int32Array(n + 1);
  const validity = new Uint8Array((n + 7) >> 3);
  let bytes = 0;
  let nulls = 0;
  for (let i = 0; i < n; i++) {
    const d = sources[batchOf[i] as number]!;
    const r = rowOf[i] as number;
    if (d.getValid(r)) {
      bytes += (d.valueOffsets[r + 1] as number) - (d.valueOffsets[r] as number);
      validity[i >> 3]! |= 1 << (i & 7);
    } else nulls++;
    offsets[i + 1] = bytes;
  }
  const data = new Uint8Array(bytes);
  for (let i = 0; i < n; i++) {
    const d = sources[batchOf[i] as number]!;
    const r = rowOf[i] as number;
    if (d.getValid(r)) data.set((d.values as Uint8Array).subarray(d.valueOffsets[r] as number, d.valueOffsets[r + 1] as number), offsets[i] as number);
  }
  return makeData({ type: new Utf8(), length: n, nullCount: nulls, valueOffsets: offsets, data, nullBitmap: nulls > 0 ? validity : null });
}

/** Returns the batch with one more Float64 column holding `values` (kind 'integer' by default). */
export function appendColumn(batch: RecordBatch, name: string, values: Float64Array, kind: 'integer' | 'float' = 'integer'): RecordBatch {
  if (values.length !== batch.numRows) throw new RangeError(`appendColumn: ${values.length} values for a batch of ${batch.numRows} rows`);
  const field = new Field(name, new Float64(), true, new Map([[KIND_METADATA_KEY, kind]]));
  const schema = new Schema([...batch.schema.fields, field], batch.schema.metadata);
  const children = [...batch.schema.fields.map((_, i) => (batch.getChildAt(i) as Vector).data[0]!), makeData({ type: new Float64(), length: values.length, nullCount: 0, data: values })];
  return new RecordBatch(schema, makeData({ type: new Struct(schema.fields), length: batch.numRows, nullCount: 0, children }));
}

/** Returns the batch without the named columns. */
export function dropColumns(batch: RecordBatch, names: readonly string[]): RecordBatch {
  const keep = batch.schema.fields.map((f, i) => [f, i] as const).filter(([f]) => !names.includes(f.name));
  const schema = new Schema(keep.map(([f]) => f), batch.schema.metadata);
  const children = keep.map(([, i]) => (batch.getChildAt(i) as Vector).data[0]!);
  return new RecordBatch(schema, makeData({ type: new Struct(schema.fields), length: batch.numRows, nullCount: 0, children }));
}

/**
 * Checks that the id column exists, has no missing value and no value twice.
 *
 * @throws DatasetError `MISSING_COLUMN`, `MISSING_ID` or `DUPLICATE_ID` naming the row.
 */
export function checkIds(table: BatchTable, idColumn: string, file?: string): void {
  const index = table.schema.fields.findIndex((f) => f.name === idColumn);
  if (index < 0) throw new DatasetError('MISSING_COLUMN', 'the id column is not in the table', { file, column: idColumn });
  const seen = new Map<number | string, number>();
  let row = 0;
  for (const batch of table.batches) {
    const column = batch.getChildAt(index) as Vector;
    for (let r = 0; r < batch.numRows; r++) {
      row++;
      const id = column.get(r) as number | string | null;
      if (id === null || (typeof id === 'number' && Number.isNaN(id))) throw new DatasetError('MISSING_ID', 'the id is missing', { file, column: idColumn, row });
      const first = seen.get(id);
      if (first !== undefined) throw new DatasetError('DUPLICATE_ID', `id ${String(id)} appears again (first at row ${first})`, { file, column: idColumn, row });
      seen.set(id, row);
    }
  }
}
