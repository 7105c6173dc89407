import type { RecordBatch, Schema } from 'apache-arrow';
import type { ColumnSpec } from './column-types.js';

/** A table read as a stream: its schema first, then record batches in order. */
export interface ArrowSource {
  schema: Schema;
  columns: ColumnSpec[];
  /** Starts reading; each call reads the file again from its start. */
  batches(): AsyncIterable<RecordBatch>;
}

export interface ReadProgress {
  bytes: number;
  totalBytes: number;
  rows: number;
}
