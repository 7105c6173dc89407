import type { Table } from 'apache-arrow';
import { PreprocessingError } from './errors.js';
import { isTextColumn, readNumbers, readStrings } from './read-column.js';
import type { ColumnKind } from './state.js';

export interface ColumnKindsOptions {
  /** The target column, left out. */
  target: string;
  /** The id column, left out. */
  id?: string;
  /** An integer column with at most this many distinct values is discrete. Default 32. */
  maxDiscreteLevels?: number;
}

export interface ColumnProfile {
  name: string;
  kind: ColumnKind;
  /** Distinct non-missing values, counted up to a limit for numbers (`distinctCapped`). */
  distinct: number;
  distinctCapped: boolean;
  missing: number;
  /** For 'constant': whether every value is missing. */
  allMissing: boolean;
}

/**
 * The kind of every column but the target and the id:
 * - constant: at most one distinct value and no missing one (or nothing but missing values);
 * - id-like: text with a distinct value on every row, or integers distinct on every row and
 *   dense (their range is at most twice the row count), like a running account number;
 * - categorical: any other text column;
 * - discrete: integers (by the `dpp.kind` field metadata that @dpp/dataset-io writes, or whole
 *   values) with at most `maxDiscreteLevels` distinct values;
 * - continuous: every other number.
 */
export function columnKinds(table: Table, options: ColumnKindsOptions): ColumnProfile[] {
  const maxDiscrete = options.maxDiscreteLevels ?? 32;
  const rows = table.numRows;
  if (rows === 0) throw new PreprocessingError('NO_ROWS', 'the table has no rows: nothing to fit');
  const out: ColumnProfile[] = [];
  for (const field of table.schema.fields) {
    if (field.name === options.target || field.name === options.id) continue;
    const vector = table.getChild(field.name)!;
    if (isTextColumn(vector)) {
      const values = readStrings(vector);
      const seen = new Set<string>();
      let missing = 0;
      for (const v of values) {
        if (v === null) missing++;
        else seen.add(v);
      }
      const kind: ColumnKind = (seen.size <= 1 && missing === 0) || seen.size === 0 ? 'constant' : seen.size === rows && rows > 1 ? 'id-like' : 'categorical';
      out.push({ name: field.name, kind, distinct: seen.size, distinctCapped: false, missing, allMissing: seen.size === 0 });
      continue;
    }
    const values = readNumbers(vector);
    const declaredInteger = field.metadata.get('dpp.kind') === 'integer';
    // count distinct values exactly for integer columns (the id-like test needs it), up to maxDiscrete + 1 otherwise
    let whole = true;
    let missing = 0;
    let min = Number.POSITIVE_INFINITY;
    let max = Number.NEGATIVE_INFINITY;
    for (let i = 0; i < values.length; i++) {
      const v = values[i] as number;
      if (v !== v) missing++;
      else {
        if (whole && !Number.isInteger(v)) whole = false;
        if (v < min) min = v;
        if (v > max) max = v;
      }
    }
    const integer = declaredInteger || whole;
    const cap = integer ? Number.POSITIVE_INFINITY : maxDiscrete + 1;
    const seen = new Set<number>();
    for (let i = 0; i < values.length && seen.size < cap; i++) {
      const v = values[i] as number;
      if (v === v) seen.add(v);
    }
    const distinct = seen.size;
    let kind: ColumnKind;
    if ((distinct <= 1 && missing === 0) || distinct === 0) kind = 'constant';
    else if (integer && distinct === rows && rows > 1 && max - min + 1 <= 2 * rows) kind = 'id-like';
    else if (integer && distinct <= maxDiscrete) kind = 'discrete';
    else kind = 'continuous';
    out.push({ name: field.name, kind, distinct, distinctCapped: distinct >= cap, missing, allMissing: distinct === 0 });
  }
  return out;
}
