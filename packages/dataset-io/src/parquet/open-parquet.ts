import { openAsBlob } from 'node:fs';
import type { ReadableStreamReadResult } from 'node:stream/web';
import { type RecordBatch, tableFromIPC } from 'apache-arrow';
import type { ArrowSource } from '../arrow-source.js';
import { columnSpecsOf } from '../column-types.js';
import { DatasetError } from '../errors.js';
import { narrowBatch, narrowSchema, normalizeBatch, normalizeSchema } from './normalize.js';
import { openPlainParquet, requireColumns } from './read-plain-parquet.js';

export interface ParquetReadOptions {
  /** Read only these columns. */
  columns?: readonly string[];
  /** Rows per record batch. Default 65,536. */
  batchRows?: number;
  /** Names the source in error messages when reading bytes. */
  file?: string;
  /**
   * Number columns whose values may be decoded into the same buffer batch after batch (by
   * the TypeScript reader of uncompressed files), kept in `recycle.buffers` by name: for a
   * caller that is done with a batch's values of these columns before it asks for the next
   * batch (a scorer handing them to its session). Default: none, every batch's columns are
   * new.
   */
  recycle?: ColumnRecycling;
  /**
   * Number columns read as Float32 instead of Float64 (the schema says so; NaN in nulls as
   * ever): for a caller that wants float32 anyway, such as an ONNX model's inputs. The
   * TypeScript reader of uncompressed files narrows each value as it decodes it, one pass
   * from the file's bytes. Text columns named here stay text. Default: none.
   */
  float32?: readonly string[];
}

/** Number columns decoded into reused buffers: see {@link ParquetReadOptions.recycle}. */
export interface ColumnRecycling {
  columns: readonly string[];
  /** The buffers, by column name; share one map between the parts of a dataset. */
  buffers: Map<string, Float64Array | Float32Array>;
}

/**
 * Opens a Parquet file (a path, or its bytes) as a stream of Arrow record batches, read row
 * group by row group: a file larger than memory can pass through. Numbers of any width
 * become Float64 and text (plain or dictionary) becomes Utf8, the two column types the rest
 * of dpp works with. Bytes of an uncompressed file of Float64 and text columns (dpp's stored
 * tables) are read in TypeScript ({@link openPlainParquet}), without parquet-wasm's copy into
 * WebAssembly and its Arrow IPC hand-over; the rest by parquet-wasm.
 *
 * @throws DatasetError `UNREADABLE_PARQUET` when the file is not Parquet or is damaged.
 */
export async function openParquet(source: string | Uint8Array, options: ParquetReadOptions = {}): Promise<ArrowSource> {
  const file = options.file ?? (typeof source === 'string' ? source : 'parquet bytes');
  if (typeof source !== 'string') {
    const plain = openPlainParquet(source, { columns: options.columns, batchRows: options.batchRows, file, recycle: options.recycle, float32: options.float32 });
    if (plain !== undefined) return plain;
  }
  const wasm = await import('parquet-wasm');
  const blob = typeof source === 'string' ? await openBlob(source) : new Blob([source as Uint8Array<ArrayBuffer>]);
  let parquet;
  try {
    parquet = await wasm.ParquetFile.fromFile(blob);
  } catch (cause) {
    throw new DatasetError('UNREADABLE_PARQUET', `is not a readable Parquet file (${describe(cause)})`, { file, cause });
  }
  const wasmSchema = parquet.schema();
  const fileSchema = tableFromIPC(wasmSchema.intoIPCStream()).schema;
  const selected = options.columns === undefined ? fileSchema : fileSchema.select([...options.columns]);
  requireColumns(fileSchema, options.columns, file);
  const normalized = normalizeSchema(selected);
  const schema = narrowSchema(normalized, new Set(options.float32 ?? []));
  const readOptions = { batchSize: options.batchRows ?? 65_536, ...(options.columns === undefined ? {} : { columns: [...options.columns] }) };
  return {
    schema,
    columns: columnSpecsOf(schema),
    batches: async function* (): AsyncGenerator<RecordBatch> {
      const stream = await parquet.stream(readOptions).catch((cause: unknown) => {
        throw new DatasetError('UNREADABLE_PARQUET', `cannot be decoded (${describe(cause)})`, { file, cause });
      });
      const reader = stream.getReader();
      for (;;) {
        let chunk: ReadableStreamReadResult<{ intoIPCStream(): Uint8Array }>;
        try {
          chunk = await reader.read();
        } catch (cause) {
          throw new DatasetError('UNREADABLE_PARQUET', `cannot be decoded (${describe(cause)})`, { file, cause });
        }
        if (chunk.done) return;
        for (const batch of tableFromIPC(chunk.value.intoIPCStream()).batches) yield schema === normalized ? normalizeBatch(schema, batch) : narrowBatch(schema, normalizeBatch(normalized, batch));
      }
    },
  };
}

async function openBlob(path: string): Promise<Blob> {
  try {
    return await openAsBlob(path);
  } catch (cause) {
    throw new DatasetError('UNREADABLE_FILE', 'cannot be read', { file: path, cause });
  }
}

function describe(cause: unknown): string {
  return (cause instanceof Error ? cause.message : String(cause)).split('\n')[0] ?? 'unknown error';
}
