import type { RecordBatch, Schema } from 'apache-arrow';
import type { ArrowSource } from '../arrow-source.js';
import { DatasetError } from '../errors.js';
import { openParquet } from './open-parquet.js';
import { type ParquetWriteOptions, writeParquet } from './write-parquet.js';

/** Where Parquet parts go: `@dpp/artifact-store`'s dataset writer has this shape. */
export interface PartSink {
  putPart(body: Uint8Array, info: { rows: number }): Promise<unknown>;
}

/** A stored Parquet part to read: a name for messages and a way to fetch its bytes. */
export interface PartSource {
  name: string;
  read(): Promise<Uint8Array>;
}

export interface PartsWriteOptions extends ParquetWriteOptions {
  /** Rows per Parquet file. Default 65,536. */
  rowsPerPart?: number;
}

/**
 * Writes a stream of batches as Parquet parts of about `rowsPerPart` rows each, so that no
 * more than one part is held in memory. Returns the rows and parts written.
 */
export async function writeParquetParts(
  sink: PartSink,
  schema: Schema,
  batches: AsyncIterable<RecordBatch> | Iterable<RecordBatch>,
  options: PartsWriteOptions = {},
): Promise<{ rows: number; parts: number }> {
  const rowsPerPart = options.rowsPerPart ?? 65_536;
  let pending: RecordBatch[] = [];
  let pendingRows = 0;
  let rows = 0;
  let parts = 0;
  const flush = async (): Promise<void> => {
    if (pendingRows === 0) return;
    await sink.putPart(await writeParquet(schema, pending, options), { rows: pendingRows });
    rows += pendingRows;
    parts++;
    pending = [];
    pendingRows = 0;
  };
  for await (const batch of batches) {
    for (let offset = 0; offset < batch.numRows; ) {
      const take = Math.min(batch.numRows - offset, rowsPerPart - pendingRows);
      pending.push(offset === 0 && take === batch.numRows ? batch : batch.slice(offset, offset + take));
      pendingRows += take;
      offset += take;
      if (pendingRows >= rowsPerPart) await flush();
    }
  }
  await flush();
  return { rows, parts };
}

/**
 * Opens stored Parquet parts, in order, as one stream. The schema is read from the first
 * part; a part whose columns differ is an error.
 */
export async function openParquetParts(parts: readonly PartSource[], options: { columns?: readonly string[] } = {}): Promise<ArrowSource> {
  const first = parts[0];
  if (first === undefined) throw new DatasetError('EMPTY_FILE', 'the dataset has no parts');
  const head = await openParquet(await first.read(), { file: first.name, ...options });
  const names = head.schema.fields.map((f) => f.name).join(',');
  return {
    schema: head.schema,
    columns: head.columns,
    batches: async function* () {
      for (const [i, part] of parts.entries()) {
        const source = i === 0 ? head : await openParquet(await part.read(), { file: part.name, ...options });
        if (source.schema.fields.map((f) => f.name).join(',') !== names) {
          throw new DatasetError('UNREADABLE_PARQUET', 'its columns differ from those of the first part', { file: part.name });
        }
        yield* source.batches();
      }
    },
  };
}
