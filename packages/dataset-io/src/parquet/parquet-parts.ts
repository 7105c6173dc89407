import { type RecordBatch, type Schema, Table, tableToIPC } from 'apache-arrow';
import type { ArrowSource } from '../arrow-source.js';
import { DatasetError } from '../errors.js';
import { takeRows } from '../table-ops.js';
import { WorkerPool } from '../worker-pool.js';
import { openParquet } from './open-parquet.js';
import { openRangedParquet } from './read-plain-parquet.js';
import { createPlainParquetWriter } from './write-plain-parquet.js';
import { type ParquetWriteOptions, textColumnsOf, writeParquet } from './write-parquet.js';

/** Where Parquet parts go: `@dpp/artifact-store`'s dataset writer has this shape. */
export interface PartSink {
  putPart(body: Uint8Array, info: { rows: number }): Promise<unknown>;
}

/** A stored Parquet part to read: a name for messages and a way to fetch its bytes. */
export interface PartSource {
  name: string;
  /**
   * The part's bytes. `reuse`, when given, is the bytes of an earlier part that the reader is
   * done with: the source may read into it (when large enough) instead of new memory.
   */
  read(reuse?: Uint8Array): Promise<Uint8Array>;
  /**
   * The part's size and a way to read some of its bytes (its `start` to `end`, exclusive; into
   * `reuse` when given and large enough): with both, a part that dpp's
   * uncompressed writer wrote is read by ranges, its footer then the chunks of the columns
   * asked for (see {@link openRangedParquet}). Optional.
   */
  size?: number;
  readRange?(range: { start: number; end: number }, reuse?: Uint8Array): Promise<Uint8Array>;
}

export interface PartsWriteOptions extends ParquetWriteOptions {
  /** Rows per Parquet file. Default 65,536. */
  rowsPerPart?: number;
  /**
   * Worker threads that encode parts at once. Default 0: encode on this thread. Parts still
   * reach the sink one at a time and in order. Uncompressed parts are always encoded on this
   * thread: that costs less than handing the batches to a worker.
   */
  workers?: number;
}

/** Some rows of a batch, by ascending index: written as if they were a batch of their own, without building one. */
export interface RowSelection {
  batch: RecordBatch;
  rows: Uint32Array;
}

/**
 * Writes a stream of batches (or of rows picked from batches) as Parquet parts of
 * `rowsPerPart` rows each (the last one less). Uncompressed parts are encoded on this thread
 * as the rows come, the picked rows copied straight into the pages; compressed parts are
 * encoded by parquet-wasm, on `workers` threads, and at most `workers + 1` parts are held
 * in memory at once. Returns the rows and parts written.
 */
export async function writeParquetParts(
  sink: PartSink,
  schema: Schema,
  batches: AsyncIterable<RecordBatch | RowSelection> | Iterable<RecordBatch | RowSelection>,
  options: PartsWriteOptions = {},
): Promise<{ rows: number; parts: number }> {
  const rowsPerPart = options.rowsPerPart ?? 65_536;
  if (options.compression === 'none') return writePlainParts(sink, schema, batches, rowsPerPart, options.rowGroupRows);
  const workers = options.workers ?? 0;
  const pool = workers > 0 ? new WorkerPool<object, { bytes: Uint8Array }>(new URL('./encode-worker.js', import.meta.url), workers) : undefined;
  const textColumns = textColumnsOf(schema);
  const inFlight: Array<{ bytes: Promise<Uint8Array>; rows: number }> = [];
  let pending: RecordBatch[] = [];
  let pendingRows = 0;
  let rows = 0;
  let parts = 0;
  const drainOne = async (): Promise<void> => {
    const part = inFlight.shift() as (typeof inFlight)[number];
    await sink.putPart(await part.bytes, { rows: part.rows });
    rows += part.rows;
    parts++;
  };
  const flush = async (): Promise<void> => {
    if (pendingRows === 0) return;
    const group = pending;
    let bytes: Promise<Uint8Array>;
    if (pool === undefined) bytes = writeParquet(schema, group, options);
    else {
      const ipc = tableToIPC(new Table(schema, group), 'stream');
      bytes = pool
        .run({ ipc, textColumns, compression: options.compression ?? 'snappy', rowGroupRows: options.rowGroupRows ?? 65_536 }, [ipc.buffer as ArrayBuffer])
        .then((r) => r.bytes);
    }
    inFlight.push({ bytes, rows: pendingRows });
    pending = [];
    pendingRows = 0;
    if (inFlight.length > workers) await drainOne();
  };
  try {
    for await (const item of batches) {
      const batch = 'rows' in item ? takeRows({ schema: item.batch.schema, batches: [item.batch], rows: item.batch.numRows }, item.rows) : item;
      for (let offset = 0; offset < batch.numRows; ) {
        const take = Math.min(batch.numRows - offset, rowsPerPart - pendingRows);
        pending.push(offset === 0 && take === batch.numRows ? batch : batch.slice(offset, offset + take));
        pendingRows += take;
        offset += take;
        if (pendingRows >= rowsPerPart) await flush();
      }
    }
    await flush();
    while (inFlight.length > 0) await drainOne();
  } finally {
    // settle what is still running before the pool goes, so no rejection is left unhandled
    await Promise.allSettled(inFlight.map((p) => p.bytes));
    await pool?.close();
  }
  return { rows, parts };
}

async function writePlainParts(
  sink: PartSink,
  schema: Schema,
  batches: AsyncIterable<RecordBatch | RowSelection> | Iterable<RecordBatch | RowSelection>,
  rowsPerPart: number,
  rowGroupRows: number | undefined,
): Promise<{ rows: number; parts: number }> {
  const writer = createPlainParquetWriter(schema, { rowGroupRows: Math.min(rowsPerPart, rowGroupRows ?? 65_536) });
  let rows = 0;
  let parts = 0;
  const flush = async () => {
    const partRows = writer.rows;
    await sink.putPart(writer.finish(), { rows: partRows });
    rows += partRows;
    parts++;
  };
  for await (const item of batches) {
    const [batch, picked] = 'rows' in item ? [item.batch, item.rows] : [item, undefined];
    const n = picked === undefined ? batch.numRows : picked.length;
    for (let done = 0; done < n; ) {
      const take = Math.min(n - done, rowsPerPart - writer.rows);
      if (picked !== undefined) writer.write(batch, picked.subarray(done, done + take));
      else writer.write(done === 0 && take === n ? batch : batch.slice(done, done + take));
      done += take;
      if (writer.rows === rowsPerPart) await flush();
    }
  }
  if (writer.rows > 0) await flush();
  return { rows, parts };
}

export interface PartsReadOptions {
  /** Read only these columns. */
  columns?: readonly string[];
  /**
   * Number columns decoded into the same buffers batch after batch, across parts (see
   * `ParquetReadOptions.recycle`): only for a caller done with each batch's values of these
   * columns before it asks for the next batch. Default: none.
   */
  recycle?: readonly string[];
  /** Number columns read as Float32 (see `ParquetReadOptions.float32`). Default: none. */
  float32?: readonly string[];
}

/**
 * Opens stored Parquet parts, in order, as one stream, the next part opened while the current
 * one is read. The schema is read from the first part; a part whose columns differ is an
 * error. A part that dpp's uncompressed writer wrote, from a source that reads ranges, is read
 * by ranges (its footer, then the chunks of the columns asked for, two buffers of at most a
 * few MiB serving them all); another is read whole, into the bytes of a part read whole
 * before it whose batches have all been read: the batches never point into a part's bytes
 * (both readers copy values out), so two buffers serve the whole stream.
 */
export async function openParquetParts(parts: readonly PartSource[], options: PartsReadOptions = {}): Promise<ArrowSource> {
  const first = parts[0];
  if (first === undefined) throw new DatasetError('EMPTY_FILE', 'the dataset has no parts');
  const read = {
    ...(options.columns === undefined ? {} : { columns: options.columns }),
    ...(options.recycle === undefined ? {} : { recycle: { columns: options.recycle, buffers: new Map<string, Float64Array | Float32Array>() } }),
    ...(options.float32 === undefined ? {} : { float32: options.float32 }),
    rangeBuffers: [] as Uint8Array[],
  };
  const openPart = async (part: PartSource, reuse: Uint8Array | undefined): Promise<{ source: ArrowSource; bytes?: Uint8Array }> => {
    const { size, readRange } = part;
    if (size !== undefined && readRange !== undefined) {
      const ranged = await openRangedParquet({ size, readRange: (range, into) => readRange.call(part, range, into) }, { file: part.name, ...read });
      if (ranged !== undefined) return { source: ranged };
    }
    const bytes = await part.read(reuse);
    return { source: await openParquet(bytes, { file: part.name, ...read }), bytes };
  };
  // the first part, opened for its schema, serves the first stream
  let head: { source: ArrowSource; bytes?: Uint8Array } | undefined = await openPart(first, undefined);
  const schema = head.source.schema;
  const names = schema.fields.map((f) => f.name).join(',');
  return {
    schema,
    columns: head.source.columns,
    batches: async function* () {
      // the next part opened while this part's batches are used; read whole, into the bytes
      // of the part before it when there is one (its batches are all read by then)
      let next: Promise<{ source: ArrowSource; bytes?: Uint8Array }> | undefined;
      let spare: Uint8Array | undefined;
      const fetch = (i: number) => {
        next = parts[i] === undefined ? undefined : openPart(parts[i] as PartSource, spare);
        spare = undefined;
        next?.catch(() => {}); // a stream left early must not leave the rejection unhandled
      };
      let current = head ?? (await openPart(first, undefined));
      head = undefined;
      fetch(1);
      for (const [i, part] of parts.entries()) {
        if (i > 0) {
          current = await (next as Promise<{ source: ArrowSource; bytes?: Uint8Array }>);
          fetch(i + 1);
        }
        if (current.source.schema.fields.map((f) => f.name).join(',') !== names) {
          throw new DatasetError('UNREADABLE_PARQUET', 'its columns differ from those of the first part', { file: part.name });
        }
        yield* current.source.batches();
        spare = current.bytes;
      }
    },
  };
}
