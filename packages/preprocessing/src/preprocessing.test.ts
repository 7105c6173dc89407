import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Float64, Table, Utf8, vectorFromArray } from 'apache-arrow';
import { rocAuc } from '@dpp/metrics';
import { createRng } from '@dpp/sampler';
import { describe, expect, it } from 'vitest';
import { PreprocessingError, applyPreprocessing, columnKinds, fitPreprocessing } from '@dpp/preprocessing';

// A small loan-like table and what numpy/pandas computed on it (make_fixtures.py).
const fixtures = fileURLToPath(new URL('../../../test-fixtures/preprocessing/', import.meta.url));
const columns = JSON.parse(readFileSync(`${fixtures}table.json`, 'utf8')) as Record<string, (number | string | null)[]>;
const reference = JSON.parse(readFileSync(`${fixtures}reference.json`, 'utf8')) as {
  rows: number;
  median_num: number;
  prior: number;
  cat_small_levels: string[];
  cat_big_stats: Record<string, { count: number; positives: number; value: number }>;
  one_hot_first_rows: Record<string, number[]>;
};
const text = new Set(['cat_small', 'cat_big', 'account']);
function tableOf(cols: Record<string, (number | string | null)[]>): Table {
  return new Table(Object.fromEntries(Object.entries(cols).map(([name, values]) => [name, vectorFromArray(values, text.has(name) ? new Utf8() : new Float64())])));
}
const table = tableOf(columns);
const options = { target: 'target', id: 'id' };

describe('columnKinds', () => {
  it('tells constant, all-missing, id-like, categorical, discrete and continuous columns apart', () => {
    const kinds = Object.fromEntries(columnKinds(table, options).map((p) => [p.name, p.kind]));
    expect(kinds).toEqual({ num: 'continuous', num_copy: 'continuous', count: 'discrete', constant: 'constant', empty: 'constant', cat_small: 'categorical', cat_big: 'categorical', account: 'id-like' });
  });
});

describe('fitPreprocessing', () => {
  it('drops constant, all-missing, id-like and duplicate columns, saying why', () => {
    const { state } = fitPreprocessing(table, options);
    expect(state.dropped).toEqual([
      { name: 'num_copy', reason: 'duplicate', of: 'num' },
      { name: 'constant', reason: 'constant' },
      { name: 'empty', reason: 'all-missing' },
      { name: 'account', reason: 'id-like' },
    ]);
    expect(state.features).toEqual(['num', 'count', ...reference.cat_small_levels.map((l) => `cat_small=${l}`), 'cat_big']);
  });

  it("keeps missing numbers missing by default, or fills numpy's median", () => {
    const binned = fitPreprocessing(table, options);
    const filled = fitPreprocessing(table, { ...options, numericMissing: 'value' });
    const missingRows = columns.num!.flatMap((v, i) => (v === null ? [i] : []));
    expect(missingRows.length).toBeGreaterThan(0);
    for (const i of missingRows) {
      expect(binned.features[0]![i]).toBeNaN();
      expect(filled.features[0]![i]).toBe(reference.median_num);
    }
    expect(filled.state.columns[0]).toEqual({ name: 'num', kind: 'continuous', missing: { strategy: 'value', value: reference.median_num }, output: 'num' });
  });

  it("one-hot encodes a few levels (the missing one explicit) as pandas' get_dummies does", () => {
    const { state, features } = fitPreprocessing(table, options);
    const at = state.features.indexOf(`cat_small=${reference.cat_small_levels[0]}`);
    reference.cat_small_levels.forEach((level, k) => {
      expect(Array.from(features[at + k]!.slice(0, 20))).toEqual(reference.one_hot_first_rows[`cat_small=${level}`]);
    });
  });

  it('encodes many levels with target statistics equal to the pandas groupby at scoring time', () => {
    const { state } = fitPreprocessing(table, options);
    const big = state.columns.find((c) => c.name === 'cat_big')!;
    if (big.kind !== 'categorical' || big.encoding.type !== 'target-statistics') throw new Error('cat_big should get target statistics');
    expect(big.encoding.prior).toBeCloseTo(reference.prior, 15);
    const scored = applyPreprocessing(state, table)[state.features.indexOf('cat_big')]!;
    columns.cat_big!.forEach((level, i) => expect(scored[i]).toBeCloseTo(reference.cat_big_stats[level ?? '']!.value, 12));
  });

  it('encodes a pure-noise category so that it does not look predictive on its training rows (ordered statistics), where the naive encoding leaks', () => {
    const n = 2000;
    const rng = createRng(3);
    const level = Array.from({ length: n }, () => `L${rng.nextInt(500)}`);
    const target = Array.from({ length: n }, () => (rng.next() < 0.3 ? 1 : 0));
    const noise = new Table({ level: vectorFromArray(level, new Utf8()), target: vectorFromArray(target, new Float64()) });
    const { state, features } = fitPreprocessing(noise, { target: 'target', seed: 1 });
    const ordered = rocAuc(target, features[0]!);
    const naive = rocAuc(target, applyPreprocessing(state, noise)[0]!);
    expect(Math.abs(ordered - 0.5)).toBeLessThan(0.05);
    expect(naive).toBeGreaterThan(0.6);
  });

  it('refuses a missing target, a target other than 0/1 (naming the row), no rows and nothing but constant columns', () => {
    const error = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        return e as PreprocessingError;
      }
      throw new Error('no error');
    };
    expect(error(() => fitPreprocessing(table, { target: 'loss' }))).toMatchObject({ code: 'NO_TARGET', column: 'loss' });
    const badTarget = tableOf({ x: [1, 2, 3], target: [0, 2, 1] });
    expect(error(() => fitPreprocessing(badTarget, { target: 'target' }))).toMatchObject({ code: 'BAD_TARGET', index: 1, message: "target 'target' at row 1 is 2: it must be 0 or 1" });
    expect(error(() => fitPreprocessing(tableOf({ x: [], target: [] }), { target: 'target' }))).toMatchObject({ code: 'NO_ROWS' });
    const flat = tableOf({ a: [1, 1, 1], b: [null, null, null], target: [0, 1, 0] });
    expect(error(() => fitPreprocessing(flat, { target: 'target' }))).toMatchObject({ code: 'NO_FEATURES', message: 'every column was dropped (a: constant, b: all-missing): there is nothing to learn from' });
    expect(error(() => fitPreprocessing(flat, { target: 'target' }))).toBeInstanceOf(PreprocessingError);
  });
});

describe('applyPreprocessing', () => {
  const { state } = fitPreprocessing(table, options);

  it('gives the prior to an unseen category, zeros to an unseen one-hot level, and the missing level to nulls', () => {
    const rows = tableOf({ num: [1, null], count: [2, 3], cat_small: ['zzz', null], cat_big: ['never-seen', null] });
    const out = applyPreprocessing(state, rows);
    const f = (name: string) => out[state.features.indexOf(name)]!;
    expect(f('cat_big')[0]).toBeCloseTo(reference.prior, 15);
    expect(f('cat_big')[1]).toBeCloseTo(reference.cat_big_stats['']!.value, 12);
    for (const level of reference.cat_small_levels) expect(f(`cat_small=${level}`)[0]).toBe(0);
    expect(f('cat_small=')[1]).toBe(1);
    expect(f('num')[1]).toBeNaN();
  });

  it('is plain JSON, and batch by batch equals all at once', () => {
    const copy = JSON.parse(JSON.stringify(state)) as typeof state;
    const whole = applyPreprocessing(copy, table);
    const batches = [table.slice(0, 100), table.slice(100, 350), table.slice(350)];
    const parts = batches.map((b) => applyPreprocessing(state, b));
    whole.forEach((column, k) => expect(Array.from(column)).toEqual(parts.flatMap((p) => Array.from(p[k]!))));
  });

  it('names a missing column and a column of the wrong type', () => {
    expect(() => applyPreprocessing(state, tableOf({ num: [1] }))).toThrow("column 'count' is missing: the model needs it");
    const numbersForText = new Table({ num: vectorFromArray([1], new Float64()), count: vectorFromArray([1], new Float64()), cat_small: vectorFromArray([1], new Float64()) });
    expect(() => applyPreprocessing(state, numbersForText)).toThrow(/column 'cat_small' holds Float64 where the model expects text/);
    const textForNumbers = new Table({ num: vectorFromArray(['1'], new Utf8()) });
    expect(() => applyPreprocessing(state, textForNumbers)).toThrow("column 'num' holds text where the model expects numbers");
  });
});
