import type { RecordBatch, Table } from 'apache-arrow';
import { PreprocessingError } from './errors.js';
import { isTextColumn, readNumbers, readStrings } from './read-column.js';
import type { PreprocessingState } from './state.js';

/**
 * Encodes rows at scoring time with a fitted state: one column per `state.features`, NaN
 * for a missing number kept as missing. Target statistics use the full training counts; an
 * unseen category gives the prior (target statistics) or all zeros (one-hot), a missing one
 * the missing level. Works on one record batch at a time, so a stream is encoded batch by
 * batch; columns are found by name and extra columns are ignored.
 * @throws PreprocessingError naming a column the state needs that the rows lack, or one of the wrong type.
 */
export function applyPreprocessing(state: PreprocessingState, rows: RecordBatch | Table): Float64Array[] {
  const out: Float64Array[] = [];
  for (const column of state.columns) {
    const vector = rows.getChild(column.name);
    if (vector === null) throw new PreprocessingError('MISSING_COLUMN', `column '${column.name}' is missing: the model needs it`, { column: column.name });
    const text = isTextColumn(vector);
    if (column.kind === 'categorical') {
      if (!text) throw new PreprocessingError('WRONG_TYPE', `column '${column.name}' holds ${String(vector.type)} where the model expects text`, { column: column.name });
      const values = readStrings(vector);
      const encoding = column.encoding;
      if (encoding.type === 'one-hot') {
        const index = new Map(encoding.levels.map((l, k) => [l, k]));
        const columns = encoding.levels.map(() => new Float64Array(values.length));
        values.forEach((v, i) => {
          const k = index.get(v ?? column.missingLevel);
          if (k !== undefined) (columns[k] as Float64Array)[i] = 1;
        });
        out.push(...columns);
      } else {
        const { prior, priorWeight, levels } = encoding;
        const value = new Map(Object.entries(levels).map(([l, s]) => [l, (s.positives + prior * priorWeight) / (s.count + priorWeight)]));
        out.push(Float64Array.from(values, (v) => value.get(v ?? column.missingLevel) ?? prior));
      }
      continue;
    }
    if (text) throw new PreprocessingError('WRONG_TYPE', `column '${column.name}' holds text where the model expects numbers`, { column: column.name });
    const values = readNumbers(vector);
    if (column.missing.strategy === 'value') {
      const fill = column.missing.value;
      for (let i = 0; i < values.length; i++) if (values[i] !== values[i]) values[i] = fill;
    }
    out.push(values);
  }
  return out;
}
