import { DataType, type RecordBatch, type Vector } from 'apache-arrow';
import { DatasetError } from './errors.js';

/**
 * How the binary target (1 = default) is derived from a source column:
 * `{ column: 'loss', positiveWhen: '>0' }` on a numeric column, or
 * `{ column: 'status', positiveValue: 'bad' }` on a text column.
 */
export type TargetRule =
  | { column: string; positiveWhen: string; positiveValue?: undefined }
  | { column: string; positiveValue: string; positiveWhen?: undefined };

interface Comparison {
  op: '>' | '>=' | '<' | '<=' | '==' | '!=';
  value: number;
}

const COMPARISON = /^\s*(>=|<=|==|!=|>|<|=)\s*([+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?)\s*$/;

/** Parses `'>0'`, `'>= 1.5'`, `'==1'`... @throws DatasetError `BAD_OPTION` for anything else. */
export function parseComparison(text: string): Comparison {
  const match = COMPARISON.exec(text);
  if (match === null) {
    throw new DatasetError('BAD_OPTION', `--positive-when must be a comparison such as '>0', '>=1' or '==1', got '${text}'`);
  }
  const op = match[1] === '=' ? '==' : (match[1] as Comparison['op']);
  return { op, value: Number(match[2]) };
}

/**
 * Computes the target of one batch as 0/1 bytes.
 *
 * @param rowOffset rows before this batch, so that errors name the row in the whole file.
 * @throws DatasetError `TARGET_RULE` when the rule does not fit the column (a comparison on
 *   text, a value on numbers) or a row's target is missing.
 */
export function applyTargetRule(batch: RecordBatch, rule: TargetRule, rowOffset = 0, file?: string): Uint8Array {
  const index = batch.schema.fields.findIndex((f) => f.name === rule.column);
  if (index < 0) throw new DatasetError('MISSING_COLUMN', 'the target column is not in the table', { file, column: rule.column });
  const column = batch.getChildAt(index) as Vector;
  const numeric = !DataType.isUtf8(column.type);
  const out = new Uint8Array(batch.numRows);
  if (rule.positiveWhen !== undefined) {
    if (!numeric) {
      throw new DatasetError('TARGET_RULE', `--positive-when '${rule.positiveWhen}' needs a numeric column, but this column holds text (use --positive-value)`, { file, column: rule.column });
    }
    const { op, value } = parseComparison(rule.positiveWhen);
    const values = column.data[0]!.values as Float64Array;
    for (let r = 0; r < out.length; r++) {
      const v = values[r] as number;
      if (v !== v) throw new DatasetError('TARGET_RULE', 'the target is missing', { file, column: rule.column, row: rowOffset + r + 1 });
      out[r] = compare(v, op, value) ? 1 : 0;
    }
    return out;
  }
  if (numeric) {
    throw new DatasetError('TARGET_RULE', `--positive-value '${rule.positiveValue}' needs a text column, but this column holds numbers (use --positive-when)`, { file, column: rule.column });
  }
  for (let r = 0; r < out.length; r++) {
    const v = column.get(r) as string | null;
    if (v === null) throw new DatasetError('TARGET_RULE', 'the target is missing', { file, column: rule.column, row: rowOffset + r + 1 });
    out[r] = v === rule.positiveValue ? 1 : 0;
  }
  return out;
}

function compare(v: number, op: Comparison['op'], value: number): boolean {
  switch (op) {
    case '>':
      return v > value;
    case '>=':
      return v >= value;
    case '<':
      return v < value;
    case '<=':
      return v <= value;
    case '==':
      return v === value;
    case '!=':
      return v !== value;
  }
}
