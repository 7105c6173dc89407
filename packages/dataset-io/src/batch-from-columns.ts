import { Field, Float64, RecordBatch, Schema, Struct, Utf8, makeData, vectorFromArray } from 'apache-arrow';
import { validityFromNaN } from './validity.js';
import { type ColumnType, KIND_METADATA_KEY } from './column-types.js';

/** A column as plain data: numbers (NaN = missing) or strings (null = missing). */
export type PlainColumn =
  | { name: string; type: 'float' | 'integer'; values: Float64Array }
  | { name: string; type: 'string'; values: ReadonlyArray<string | null> };

/**
 * Builds a record batch from plain columns of equal length, without copying number
 * columns. The column types go into the field metadata as {@link arrowSchemaOf} does.
 *
 * @throws RangeError naming the first column whose length differs from the first's.
 */
export function batchFromColumns(columns: readonly PlainColumn[]): RecordBatch {
  const rows = columns[0]?.values.length ?? 0;
  columns.forEach((c, i) => {
    if (c.values.length !== rows) throw new RangeError(`batchFromColumns: columns[${i}] ('${c.name}') has ${c.values.length} values, columns[0] has ${rows}`);
  });
  const fields = columns.map((c) => new Field(c.name, c.type === 'string' ? new Utf8() : new Float64(), true, new Map([[KIND_METADATA_KEY, c.type as ColumnType]])));
  const children = columns.map((c) => {
    if (c.type === 'string') return vectorFromArray(c.values as Array<string | null>, new Utf8()).data[0]!;
    const values = c.values;
    let nulls = 0;
    for (let i = 0; i < values.length; i++) if (values[i] !== values[i]) nulls++;
    return makeData({ type: new Float64(), length: rows, nullCount: nulls, data: values, nullBitmap: nulls > 0 ? validityFromNaN(values) : null });
  });
  const schema = new Schema(fields);
  return new RecordBatch(schema, makeData({ type: new Struct(fields), length: rows, nullCount: 0, children }));
}
