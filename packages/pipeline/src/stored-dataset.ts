import type { RecordBatch, Schema } from 'apache-arrow';
import { type ByteRange, type Store, beginDataset, readManifest } from '@dpp/artifact-store';
import { type ArrowSource, KIND_METADATA_KEY, type ParquetCompression, type PartsReadOptions, type RowSelection, openParquetParts, writeParquetParts } from '@dpp/dataset-io';

export interface WriteDatasetOptions {
  /** The command line that wrote it, recorded in the manifest. */
  command: string;
  /** More facts for the manifest (target rule, split, seed...). */
  extra?: Record<string, unknown>;
  /** Rows per Parquet part. Default 32,768. */
  rowsPerPart?: number;
  /** Worker threads encoding parts at once. Default 0 (this thread). */
  workers?: number;
  /** The parts' compression. Default 'snappy'; 'none' is encoded on this thread, at about the cost of a copy. */
  compression?: ParquetCompression;
}

/** A dataset whose parts are written but not yet visible to readers. */
export interface StagedDataset {
  rows: number;
  /** Makes it the dataset readers see (writes its manifest). */
  commit(): Promise<void>;
  /** Removes its parts; the previous version stays. */
  abort(): Promise<void>;
}

/**
 * Writes batches as Parquet parts under `prefix` without making them visible: readers see
 * the previous version until {@link StagedDataset.commit}. On an error while writing, the
 * parts written so far are removed.
 */
export async function stageDataset(
  store: Store,
  prefix: string,
  schema: Schema,
  batches: AsyncIterable<RecordBatch | RowSelection> | Iterable<RecordBatch | RowSelection>,
  options: WriteDatasetOptions,
): Promise<StagedDataset> {
  const writer = await beginDataset(store, prefix, { command: options.command });
  let rows: number;
  try {
    ({ rows } = await writeParquetParts(writer, schema, batches, { rowsPerPart: options.rowsPerPart ?? 32_768, workers: options.workers ?? 0, compression: options.compression ?? 'snappy' }));
  } catch (error) {
    await writer.abort();
    throw error;
  }
  return {
    rows,
    commit: async () => {
      await writer.commit({ rows, schema: schemaOf(schema), ...(options.extra === undefined ? {} : { extra: options.extra }) });
    },
    abort: () => writer.abort(),
  };
}

/** Writes and commits a dataset in one step (see {@link stageDataset}). */
export async function writeDataset(
  store: Store,
  prefix: string,
  schema: Schema,
  batches: AsyncIterable<RecordBatch> | Iterable<RecordBatch>,
  options: WriteDatasetOptions,
): Promise<{ rows: number }> {
  const staged = await stageDataset(store, prefix, schema, batches, options);
  await staged.commit();
  return { rows: staged.rows };
}

/**
 * Opens a stored dataset as a stream of record batches, reading only the parts its manifest
 * names: by ranges (the footer, then the chunks of the columns asked for) where dpp's
 * uncompressed writer wrote them, else each whole, into the buffer of a part already read.
 * `recycle` and `float32`: number columns decoded into the same buffers batch after batch,
 * and read as Float32 (dataset-io's `PartsReadOptions`).
 */
export async function readDataset(store: Store, prefix: string, options: PartsReadOptions = {}): Promise<ArrowSource> {
  const { parts } = await readManifest(store, prefix);
  return openParquetParts(
    parts.map(({ key, bytes }) => ({
      name: `${store.url}/${key}`,
      read: (reuse?: Uint8Array) => store.get(key, reuse === undefined ? undefined : { into: reuse }),
      size: bytes,
      readRange: (range: ByteRange, reuse?: Uint8Array) => store.get(key, { range, ...(reuse === undefined ? {} : { into: reuse }) }),
    })),
    options,
  );
}

/** The manifest's schema: each column's name, Arrow type and dpp kind. */
export function schemaOf(schema: Schema): Array<{ name: string; type: string; kind: string | undefined }> {
  return schema.fields.map((f) => ({ name: f.name, type: String(f.type), kind: f.metadata.get(KIND_METADATA_KEY) }));
}
