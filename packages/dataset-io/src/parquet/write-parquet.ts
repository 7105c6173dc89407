import { DataType, type RecordBatch, type Schema, Table, tableToIPC } from 'apache-arrow';
import { type ParquetCompression, parquetWriterProperties } from './writer-properties.js';
import { writePlainParquet } from './write-plain-parquet.js';

export type { ParquetCompression };

export interface ParquetWriteOptions {
  /**
   * Default 'snappy': read by every Parquet reader, and fast. 'none' is encoded in
   * TypeScript (PLAIN, Float64 and Utf8 columns only), at about the cost of copying the bytes.
   */
  compression?: ParquetCompression;
  /** Rows per row group. Default 65,536. */
  rowGroupRows?: number;
}

/**
 * Encodes record batches as one Parquet file in memory: compressed with parquet-wasm, or
 * uncompressed in TypeScript (`compression: 'none'`). The Arrow schema, field metadata
 * included, is stored in the file, so reading it back gives the same schema.
 */
export async function writeParquet(schema: Schema, batches: readonly RecordBatch[], options: ParquetWriteOptions = {}): Promise<Uint8Array> {
  if (options.compression === 'none') return writePlainParquet(schema, batches, options);
  const wasm = await import('parquet-wasm');
  // writeParquet takes ownership of the wasm table and frees it.
  const table = wasm.Table.fromIPCStream(tableToIPC(new Table(schema, [...batches]), 'stream'));
  return wasm.writeParquet(table, parquetWriterProperties(wasm, textColumnsOf(schema), options));
}

/** The names of the Utf8 columns (the ones worth dictionary encoding). */
export function textColumnsOf(schema: Schema): string[] {
  return schema.fields.filter((f) => DataType.isUtf8(f.type)).map((f) => f.name);
}
