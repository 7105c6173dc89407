import { GbdtError } from './errors.js';

/**
 * Checks rows before training: at least one, every column as long as the labels, labels 0
 * or 1 (finite), both classes present. Feature values may be anything: NaN is missing.
 */
export function checkDataset(data: { columns: readonly ArrayLike<number>[]; labels: ArrayLike<number> }, what: string): { rows: number; features: number } {
  const rows = data.labels.length;
  if (rows === 0) throw new GbdtError('EMPTY', `the ${what} rows are empty: nothing to learn from`);
  if (data.columns.length === 0) throw new GbdtError('EMPTY', `the ${what} rows have no feature columns`);
  data.columns.forEach((column, f) => {
    if (column.length !== rows) throw new GbdtError('LENGTH_MISMATCH', `${what} feature ${f} has ${column.length} rows where the labels have ${rows}`, { index: f });
  });
  let positives = 0;
  for (let i = 0; i < rows; i++) {
    const y = data.labels[i] as number;
    if (y !== 0 && y !== 1) throw new GbdtError('BAD_LABEL', `${what} label at row ${i} is ${y}: labels must be 0 or 1`, { index: i });
    positives += y;
  }
  if (positives === 0 || positives === rows) throw new GbdtError('ONE_CLASS', `the ${what} labels are all ${positives === 0 ? 0 : 1}: both classes are needed`);
  return { rows, features: data.columns.length };
}
