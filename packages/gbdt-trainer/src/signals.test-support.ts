// Loads the table with known signals (make_signals.py) for the gbdt-trainer tests: rows
// [from, to) as feature columns (NaN = missing) and 0/1 labels, and LightGBM's reference.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(new URL('../../../test-fixtures/gbdt-trainer/', import.meta.url));

export const signalsReference = JSON.parse(readFileSync(`${here}signals.lightgbm.json`, 'utf8')) as {
  rows: number;
  train_rows: number;
  features: number;
  lightgbm: { holdout_auc: number; settings: { num_leaves: number; learning_rate: number; n_estimators: number; min_child_samples: number; reg_lambda: number } };
};

const raw = readFileSync(`${here}signals.f32`);
const cells = new Float32Array(raw.buffer, raw.byteOffset, raw.length / 4);

export function signalRows(from: number, to: number): { columns: Float64Array[]; labels: Float64Array } {
  const width = signalsReference.features + 1;
  const column = (f: number) => Float64Array.from({ length: to - from }, (_, i) => cells[(from + i) * width + f] as number);
  return { columns: Array.from({ length: signalsReference.features }, (_, f) => column(f)), labels: column(signalsReference.features) };
}
