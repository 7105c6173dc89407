import { GbdtError } from './errors.js';
import { deriveColumn } from './generate-pairs.js';
import type { GbdtModel } from './model.js';

/**
 * The columns a model scores, in `model.features` order, from columns found by name (the
 * preprocessing's outputs, say): a derived feature (`model.derived`) is computed from its two
 * parents. A feature found nowhere is an error naming it.
 */
export function modelColumns(model: Pick<GbdtModel, 'features' | 'derived'>, names: readonly string[], columns: readonly ArrayLike<number>[]): ArrayLike<number>[] {
  const byName = new Map(names.map((n, i) => [n, columns[i] as ArrayLike<number>]));
  const find = (name: string, index: number): ArrayLike<number> => {
    const column = byName.get(name);
    if (column === undefined) throw new GbdtError('COLUMN_COUNT', `the model's feature ${index} '${name}' is not among the columns given`, { index });
    return column;
  };
  const derived = new Map((model.derived ?? []).map((d) => [d.name, d]));
  return model.features.map((name, index) => {
    const d = derived.get(name);
    return d === undefined ? find(name, index) : deriveColumn(d.op, find(d.a, index), find(d.b, index));
  });
}

/** The features a model reads (split on by a tree or in its linear term), as indices into `model.features`, ascending. */
export function usedFeatures(model: Pick<GbdtModel, 'trees' | 'linear'>): number[] {
  const used = new Set(model.trees.flatMap((t) => t.feature.filter((f) => f >= 0)));
  for (const f of model.linear?.features ?? []) used.add(f);
  return [...used].sort((a, b) => a - b);
}
