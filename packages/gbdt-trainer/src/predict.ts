import { GbdtError } from './errors.js';
import { addLinearScore } from './linear.js';
import type { GbdtModel } from './model.js';

/**
 * Raw scores (log-odds of default): the base score plus one leaf value per tree (plus the
 * linear term, when the model has one). `columns`
 * follow `model.features` (see `modelColumns` for derived features); NaN is missing. A
 * value goes left when `Math.fround(x) <= threshold`, as a float32 ONNX runtime decides.
 */
export function predictRaw(model: GbdtModel, columns: readonly ArrayLike<number>[]): Float64Array {
  if (columns.length !== model.features.length) throw new GbdtError('COLUMN_COUNT', `${columns.length} columns given where the model has ${model.features.length} features`);
  const rows = columns[0]?.length ?? 0;
  columns.forEach((c, f) => {
    if (c.length !== rows) throw new GbdtError('LENGTH_MISMATCH', `feature ${f} '${model.features[f]}' has ${c.length} rows where feature 0 has ${rows}`, { index: f });
  });
  // float32 copies once, so that each comparison is a float32 one without rounding per node
  const values = columns.map((c) => Float32Array.from(c));
  const out = new Float64Array(rows).fill(model.baseScore);
  for (const tree of model.trees) {
    const { feature, threshold, missingLeft, left, right, value } = tree;
    for (let r = 0; r < rows; r++) {
      let n = 0;
      let f = feature[0] as number;
      while (f >= 0) {
        const x = (values[f] as Float32Array)[r] as number;
        n = (x !== x ? missingLeft[n] === 1 : x <= (threshold[n] as number)) ? (left[n] as number) : (right[n] as number);
        f = feature[n] as number;
      }
      out[r] = (out[r] as number) + (value[n] as number);
    }
  }
  if (model.linear) addLinearScore(model.linear, values, out);
  return out;
}

/** Probabilities of default: the logistic function of {@link predictRaw}. */
export function predictProba(model: GbdtModel, columns: readonly ArrayLike<number>[]): Float64Array {
  const raw = predictRaw(model, columns);
  for (let i = 0; i < raw.length; i++) raw[i] = 1 / (1 + Math.exp(-(raw[i] as number)));
  return raw;
}
