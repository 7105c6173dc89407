import type { Table } from 'apache-arrow';
import { createRng } from '@dpp/sampler';
import { columnKinds } from './column-kinds.js';
import { PreprocessingError } from './errors.js';
import { orderedTargetStatistics } from './ordered-target-statistics.js';
import { readNumbers, readStrings } from './read-column.js';
import type { ColumnState, DroppedColumn, PreprocessingState } from './state.js';

export interface FitPreprocessingOptions {
  /** The binary target column (0/1, 1 = default). */
  target: string;
  /** The id column, never a feature. */
  id?: string;
  /** Missing numbers: 'bin' keeps them missing (their own bin in the engine), 'value' fills the median. Default 'bin'. */
  numericMissing?: 'bin' | 'value';
  /** A categorical column with at most this many levels (the missing level included) is one-hot encoded; more get target statistics. Default 8. */
  maxOneHotLevels?: number;
  /** Weight of the prior in target statistics, in rows. Default 1. */
  priorWeight?: number;
  /** The level a missing category becomes. Default '' (the empty string). */
  missingLevel?: string;
  /** An integer column with at most this many distinct values is discrete. Default 32. */
  maxDiscreteLevels?: number;
  /** Seed of the row permutation of ordered target statistics. Default 0. */
  seed?: number;
}

export interface FittedPreprocessing {
  state: PreprocessingState;
  /** The training rows' feature columns, one per `state.features`; target statistics are the ordered (leak-free) ones. */
  features: Float64Array[];
}

/**
 * Fits the preprocessing on a training table and encodes its rows: drops constant,
 * all-missing, id-like and duplicate columns; keeps numbers (missing kept or filled by the
 * median); one-hot encodes categories with few levels and encodes the rest with ordered
 * target statistics (CatBoost's: each training row sees only the rows before it in a seeded
 * permutation, so a row's own target never leaks into its encoding).
 */
export function fitPreprocessing(table: Table, options: FitPreprocessingOptions): FittedPreprocessing {
  const target = table.getChild(options.target);
  if (target === null) throw new PreprocessingError('NO_TARGET', `the table has no target column '${options.target}'`, { column: options.target });
  if (options.id !== undefined && table.getChild(options.id) === null) throw new PreprocessingError('MISSING_COLUMN', `the table has no id column '${options.id}'`, { column: options.id });
  const maxOneHot = options.maxOneHotLevels ?? 8;
  const priorWeight = options.priorWeight ?? 1;
  if (!(priorWeight > 0)) throw new PreprocessingError('BAD_OPTION', `priorWeight must be above 0, got ${priorWeight}`);
  const missingLevel = options.missingLevel ?? '';
  const profiles = columnKinds(table, { target: options.target, ...(options.id === undefined ? {} : { id: options.id }), ...(options.maxDiscreteLevels === undefined ? {} : { maxDiscreteLevels: options.maxDiscreteLevels }) });
  const labels = readNumbers(target);
  let positives = 0;
  for (let i = 0; i < labels.length; i++) {
    const y = labels[i] as number;
    if (y !== 0 && y !== 1) throw new PreprocessingError('BAD_TARGET', `target '${options.target}' at row ${i} is ${y}: it must be 0 or 1`, { column: options.target, index: i });
    positives += y;
  }
  const prior = positives / labels.length;

  const columns: ColumnState[] = [];
  const dropped: DroppedColumn[] = [];
  const features: Float64Array[] = [];
  const names: string[] = [];
  const byHash = new Map<number, { name: string; values: Float64Array }[]>();
  const permutation = orderPermutation(labels.length, options.seed ?? 0);
  for (const profile of profiles) {
    const { name } = profile;
    if (profile.kind === 'constant') {
      dropped.push({ name, reason: profile.allMissing ? 'all-missing' : 'constant' });
      continue;
    }
    if (profile.kind === 'id-like') {
      dropped.push({ name, reason: 'id-like' });
      continue;
    }
    const vector = table.getChild(name)!;
    if (profile.kind === 'categorical') {
      const values = readStrings(vector).map((v) => v ?? missingLevel);
      const counts = new Map<string, { count: number; positives: number }>();
      values.forEach((v, i) => {
        const c = counts.get(v) ?? { count: 0, positives: 0 };
        c.count++;
        c.positives += labels[i] as number;
        counts.set(v, c);
      });
      const levels = [...counts.keys()].sort();
      if (levels.length <= maxOneHot) {
        const outputs = levels.map((l) => `${name}=${l}`);
        columns.push({ name, kind: 'categorical', missingLevel, encoding: { type: 'one-hot', levels, outputs } });
        levels.forEach((level, k) => {
          features.push(Float64Array.from(values, (v) => (v === level ? 1 : 0)));
          names.push(outputs[k] as string);
        });
      } else {
        const stats = Object.fromEntries(levels.map((l) => [l, counts.get(l)!]));
        columns.push({ name, kind: 'categorical', missingLevel, encoding: { type: 'target-statistics', prior, priorWeight, levels: stats, output: name } });
        features.push(orderedTargetStatistics(values, labels, permutation, prior, priorWeight));
        names.push(name);
      }
      continue;
    }
    const values = readNumbers(vector);
    const hash = hashColumn(values);
    const twin = byHash.get(hash)?.find((c) => sameValues(c.values, values));
    if (twin !== undefined) {
      dropped.push({ name, reason: 'duplicate', of: twin.name });
      continue;
    }
    byHash.set(hash, [...(byHash.get(hash) ?? []), { name, values }]);
    if (options.numericMissing === 'value') {
      const value = median(values);
      columns.push({ name, kind: profile.kind, missing: { strategy: 'value', value }, output: name });
      features.push(values.map((v) => (v === v ? v : value)));
    } else {
      columns.push({ name, kind: profile.kind, missing: { strategy: 'bin' }, output: name });
      features.push(values);
    }
    names.push(name);
  }
  if (features.length === 0) throw new PreprocessingError('NO_FEATURES', `every column was dropped (${dropped.map((d) => `${d.name}: ${d.reason}`).join(', ') || 'none left'}): there is nothing to learn from`);
  const state: PreprocessingState = { format: 'dpp-preprocessing', version: 1, target: options.target, ...(options.id === undefined ? {} : { id: options.id }), columns, dropped, features: names };
  return { state, features };
}

function orderPermutation(n: number, seed: number): Uint32Array {
  const order = Uint32Array.from({ length: n }, (_, i) => i);
  const rng = createRng(seed);
  for (let i = n - 1; i > 0; i--) {
    const j = rng.nextInt(i + 1);
    const t = order[i] as number;
    order[i] = order[j] as number;
    order[j] = t;
  }
  return order;
}

/** The median of the non-missing values (the mean of the two middle ones for an even count); 0 when there are none. */
function median(values: Float64Array): number {
  const present = values.filter((v) => v === v).sort();
  if (present.length === 0) return 0;
  const mid = present.length >> 1;
  return present.length % 2 === 1 ? (present[mid] as number) : ((present[mid - 1] as number) + (present[mid] as number)) / 2;
}

function hashColumn(values: Float64Array): number {
  const words = new Uint32Array(values.buffer, values.byteOffset, values.length * 2);
  let h = 0x811c9dc5;
  for (let i = 0; i < words.length; i++) h = Math.imul(h ^ (words[i] as number), 0x01000193);
  return h >>> 0;
}

function sameValues(a: Float64Array, b: Float64Array): boolean {
  for (let i = 0; i < a.length; i++) {
    const x = a[i] as number;
    const y = b[i] as number;
    if (x !== y && !(x !== x && y !== y)) return false;
  }
  return true;
}
