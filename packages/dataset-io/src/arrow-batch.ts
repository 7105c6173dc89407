import { Float64, RecordBatch, type Schema, Struct, Utf8, makeData } from 'apache-arrow';
import { FieldKind, type ParsedColumn } from './csv/parse-block.js';

/**
 * Wraps parsed column buffers in an Arrow record batch without copying them. Number
 * columns get a validity bitmap built from their NaN (missing) entries.
 */
export function recordBatchOf(schema: Schema, rows: number, columns: readonly ParsedColumn[]): RecordBatch {
  const children = columns.map((column) => {
    if (column.kind === FieldKind.Number) {
      return makeData({
        type: new Float64(),
        length: rows,
        nullCount: column.nullCount,
        data: column.values,
        nullBitmap: column.validity ?? null,
      });
    }
    if (column.kind !== FieldKind.Text) throw new TypeError('recordBatchOf: a classified or skipped column holds no values');
    return makeData({
      type: new Utf8(),
      length: rows,
      nullCount: column.nullCount,
      valueOffsets: column.offsets,
      data: column.data,
      nullBitmap: column.nullCount > 0 ? column.validity : null,
    });
  });
  return new RecordBatch(schema, makeData({ type: new Struct(schema.fields), length: rows, nullCount: 0, children }));
}
