import { DataType, Field, Float64, Schema, Utf8 } from 'apache-arrow';

/**
 * The kinds of column this package infers. Numbers (float and integer alike) are stored as
 * Arrow Float64 so that integers longer than 20 digits, and integer columns with gaps,
 * stay numbers; the inferred kind is kept in the field's metadata under `dpp.kind`.
 */
export type ColumnType = 'float' | 'integer' | 'string';

export interface ColumnSpec {
  name: string;
  type: ColumnType;
}

/** The metadata key that carries a column's {@link ColumnType} in an Arrow schema. */
export const KIND_METADATA_KEY = 'dpp.kind';

/** Builds the Arrow schema for inferred or declared column specs. */
export function arrowSchemaOf(columns: readonly ColumnSpec[]): Schema {
  return new Schema(
    columns.map(
      (c) =>
        new Field(c.name, c.type === 'string' ? new Utf8() : new Float64(), true, new Map([[KIND_METADATA_KEY, c.type]])),
    ),
  );
}

/** Reads the column specs back from an Arrow schema (the inverse of {@link arrowSchemaOf}). */
export function columnSpecsOf(schema: Schema): ColumnSpec[] {
  return schema.fields.map((f) => {
    const declared = f.metadata.get(KIND_METADATA_KEY);
    const type: ColumnType =
      declared === 'float' || declared === 'integer' || declared === 'string'
        ? declared
        : DataType.isUtf8(f.type) || DataType.isLargeUtf8(f.type)
          ? 'string'
          : 'float';
    return { name: f.name, type };
  });
}
