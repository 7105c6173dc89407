import { type Data, DataType, Field, Float32, Float64, RecordBatch, Schema, Struct, Utf8, type Vector, makeData, vectorFromArray } from 'apache-arrow';
import { bitsFrom, validityFromNaN } from '../validity.js';
import { KIND_METADATA_KEY } from '../column-types.js';

/**
 * Maps a foreign schema onto the two column types dpp works with: every numeric, boolean,
 * date or decimal column becomes Float64, every text column Utf8. Fields that already carry
 * a `dpp.kind` keep it; others get 'integer', 'float' or 'string' from their Arrow type.
 */
export function normalizeSchema(schema: Schema): Schema {
  return new Schema(
    schema.fields.map((f) => {
      const kind = f.metadata.get(KIND_METADATA_KEY) ?? kindOf(f.type);
      const metadata = new Map(f.metadata);
      metadata.set(KIND_METADATA_KEY, kind);
      return new Field(f.name, kind === 'string' ? new Utf8() : new Float64(), true, metadata);
    }),
    schema.metadata,
  );
}

/** Whether an Arrow type is Float64, the one number type dpp works with. */
export function isFloat64(type: DataType): boolean {
  return DataType.isFloat(type) && type.precision === 2;
}

function kindOf(type: DataType): 'integer' | 'float' | 'string' {
  if (isText(type)) return 'string';
  if (DataType.isInt(type) || DataType.isBool(type)) return 'integer';
  return 'float';
}

function isText(type: DataType): boolean {
  return DataType.isUtf8(type) || DataType.isLargeUtf8(type) || (DataType.isDictionary(type) && isText(type.dictionary));
}

/**
 * Converts a batch read from any Parquet file to the normalized schema; Float64 columns
 * without nulls and Utf8 columns pass through. The null entries of a dpp Float64 column
 * always hold NaN (readers of the raw values rely on it), so a Float64 column with nulls is
 * rebuilt too.
 */
export function normalizeBatch(schema: Schema, batch: RecordBatch): RecordBatch {
  const children = schema.fields.map((field, i) => {
    const column = batch.getChildAt(i) as Vector;
    const type = column.type as DataType;
    if (DataType.isUtf8(field.type)) {
      if (DataType.isUtf8(type)) return column.data[0]!;
      return vectorFromArray(Array.from(column, (v) => (v === null || v === undefined ? null : String(v))), new Utf8()).data[0]!;
    }
    if (isFloat64(type)) {
      const data = column.data[0]!;
      if (data.nullCount === 0) return data;
      return float64WithNaN(data.values as Float64Array, data.nullBitmap as Uint8Array, data.offset, data.length, data.nullCount);
    }
    const values = new Float64Array(batch.numRows);
    for (let r = 0; r < values.length; r++) {
      const v = column.get(r) as unknown;
      values[r] = v === null || v === undefined ? Number.NaN : Number(v);
    }
    const nullCount = column.nullCount;
    return makeData({ type: new Float64(), length: values.length, nullCount, data: values, nullBitmap: nullCount > 0 ? validityFromNaN(values) : null });
  });
  return new RecordBatch(schema, makeData({ type: new Struct(schema.fields), length: batch.numRows, nullCount: 0, children }));
}

/**
 * A Float64 column whose null entries hold NaN: the values copied once, then NaN written
 * where the validity bitmap (which, unlike the values, starts at bit `offset`) has no bit.
 */
function float64WithNaN(source: Float64Array, bitmap: Uint8Array, offset: number, length: number, nullCount: number): Data<Float64> {
  const values = source.slice(0, length);
  for (let i = 0; i < length; i++) {
    const pos = offset + i;
    if (((bitmap[pos >> 3] as number) & (1 << (pos & 7))) === 0) values[i] = Number.NaN;
  }
  return makeData({ type: new Float64(), length, nullCount, data: values, nullBitmap: bitsFrom(bitmap, offset, length) });
}

/** A normalized schema with its Float64 fields named in `names` as Float32, name, nullability and metadata kept: columns narrowed on request (`ParquetReadOptions.float32`). */
export function narrowSchema(schema: Schema, names: ReadonlySet<string>): Schema {
  if (names.size === 0) return schema;
  return new Schema(
    schema.fields.map((f) => (names.has(f.name) && isFloat64(f.type) ? new Field(f.name, new Float32(), f.nullable, f.metadata) : f)),
    schema.metadata,
  );
}

/** A normalized batch with its Float64 columns that `schema` has as Float32 narrowed (NaN in nulls, as in the Float64 column). */
export function narrowBatch(schema: Schema, batch: RecordBatch): RecordBatch {
  const children = schema.fields.map((field, i) => {
    const data = (batch.getChildAt(i) as Vector).data[0] as Data;
    if (!DataType.isFloat(field.type) || field.type.precision !== 1) return data;
    const values = Float32Array.from((data.values as Float64Array).subarray(0, data.length));
    return makeData({ type: new Float32(), length: data.length, nullCount: data.nullCount, data: values, nullBitmap: data.nullCount > 0 ? bitsFrom(data.nullBitmap as Uint8Array, data.offset, data.length) : null });
  });
  return new RecordBatch(schema, makeData({ type: new Struct(schema.fields), length: batch.numRows, nullCount: 0, children }));
}
