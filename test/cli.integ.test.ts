// The command-line contract of shared/DESIGN.md, end to end on a local store: ingest,
// status, sample, feedback; and every bad input the foundation issue lists ends with exit
// code 2, one line on stderr naming the file and column, and the store as it was.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, fixture, snapshot } from './cli-support.js';

let scratch: string;
let store: string;

beforeAll(async () => {
  scratch = mkdtempSync(path.join(tmpdir(), 'dpp-cli-'));
  store = path.join(scratch, 'store');
  const result = await cli('dpp-trainer', ['ingest', '--store', store, '--source', fixture('loans.csv'), '--seed', '7']);
  expect(result.stderr).not.toMatch(/error/i);
  expect(result.code).toBe(0);
}, 60_000);

afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('dpp-trainer ingest and status', () => {
  it('stores train/ and test/ with the target and every source column, and status --json reports them', async () => {
    const result = await cli('dpp-trainer', ['status', '--store', store, '--json']);
    expect(result.code).toBe(0);
    const status = JSON.parse(result.stdout) as { datasets: { train: { rows: number; columns: number }; test: { rows: number } }; batches: unknown[]; models: unknown[]; champion: string | null };
    expect(status.datasets.train.rows + status.datasets.test.rows).toBe(300);
    expect(status.datasets.test.rows).toBe(60);
    expect(status.datasets.train.columns).toBe(9); // 8 source columns + target
    expect(status.batches).toEqual([]);
    expect(status.models).toEqual([]);
    expect(status.champion).toBeNull();
  });

  it('is idempotent: the same ingest again leaves the same datasets', async () => {
    const before = snapshot(store);
    const again = await cli('dpp-trainer', ['ingest', '--store', store, '--source', fixture('loans.csv'), '--seed', '7']);
    expect(again.code).toBe(0);
    const after = snapshot(store);
    const data = (s: Record<string, string>) => Object.entries(s).filter(([k]) => k.endsWith('.parquet')).map(([, v]) => v).sort();
    expect(data(after)).toEqual(data(before));
  });

  it('prints a readable summary without --json', async () => {
    const result = await cli('dpp-trainer', ['status', '--store', store]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/train\/ 240 rows x 9 columns, \d+\.\d\d% defaults/);
    expect(result.stdout).toMatch(/test\/ 60 rows x 9 columns/);
  });

  it('explains every flag of every command in --help', async () => {
    for (const [program, command, flags] of [
      ['dpp-trainer', 'ingest', ['--store', '--source', '--target', '--positive-when', '--positive-value', '--id', '--test-fraction', '--seed', '--split']],
      ['dpp-trainer', 'status', ['--store', '--json']],
      ['dpp-inference', 'sample', ['--store', '--fraction', '--with-replacement', '--batch', '--seed', '--size']],
      ['dpp-inference', 'feedback', ['--store', '--batch']],
    ] as const) {
      const result = await cli(program, [command, '--help']);
      expect(result.code).toBe(0);
      for (const flag of flags) expect(result.stdout, `${program} ${command} ${flag}`).toMatch(new RegExp(`\\n  ${flag}\\b[^\\n]*\\S{3,}`));
    }
  });
});

describe('bad input: exit code 2, one line naming the file and column, the store unchanged', () => {
  const cases: Array<[string, () => string[], RegExp]> = [
    ['an empty file', () => ['--source', fixture('empty.csv')], /empty\.csv: the file is empty/],
    ['a header without rows', () => ['--source', fixture('header-only.csv')], /header-only\.csv: the table has a header but no rows/],
    ['a ragged row', () => ['--source', fixture('ragged.csv')], /ragged\.csv, row 57: has 9 fields where the header has 8/],
    ['duplicate ids', () => ['--source', fixture('duplicate-id.csv')], /duplicate-id\.csv, row 200, column 'id': id 17 appears again/],
    ['a missing target column', () => ['--source', fixture('loans.csv'), '--target', 'default_flag'], /loans\.csv, column 'default_flag': the target column is not in the table/],
    ['a missing id column', () => ['--source', fixture('loans.csv'), '--id', 'customer'], /loans\.csv, column 'customer': the id column is not in the table/],
    ['neither the id nor the target column, in Parquet', () => ['--source', fixture('loans.parquet'), '--id', 'customer', '--target', 'default_flag'], /loans\.parquet, column 'customer': the id column is not in the table/],
    ['neither the id nor the target column, in a synthetic table', () => ['--source', 'synthetic:100', '--id', 'customer', '--target', 'default_flag'], /synthetic:100, column 'customer': the id column is not in the table/],
    ['a comparison rule on a text column', () => ['--source', fixture('loans.csv'), '--target', 'status'], /loans\.csv, column 'status': --positive-when '>0' needs a numeric column/],
    ['a value rule on a numeric column', () => ['--source', fixture('loans.csv'), '--positive-value', 'bad'], /loans\.csv, column 'loss': --positive-value 'bad' needs a text column/],
    ['a rule no row meets', () => ['--source', fixture('loans.csv'), '--positive-when', '>1000'], /loans\.csv, column 'loss': every row has target 0/],
    ['an unreadable Parquet file', () => ['--source', fixture('corrupt.parquet')], /corrupt\.parquet: /],
    ['a file that is not Parquet', () => ['--source', fixture('not-parquet.parquet')], /not-parquet\.parquet: is not a readable Parquet file/],
    ['a file that does not exist', () => ['--source', path.join(scratch, 'nope.csv')], /nope\.csv: cannot be read/],
    ['a bad comparison', () => ['--source', fixture('loans.csv'), '--positive-when', 'big'], /--positive-when must be a comparison/],
    ['a test fraction out of range', () => ['--source', fixture('loans.csv'), '--test-fraction', '1.5'], /--test-fraction must be between 0 and 1/],
  ];
  for (const [label, args, message] of cases) {
    it(label, async () => {
      const before = snapshot(store);
      const result = await cli('dpp-trainer', ['ingest', '--store', store, ...args()]);
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(new RegExp(`^dpp-trainer ingest: .*${message.source}`));
      expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
      expect(snapshot(store)).toEqual(before);
    });
  }

  it('a text value in a column inferred numeric names its row and column', async () => {
    const file = path.join(scratch, 'late-text.csv');
    writeFileSync(file, `id,x,loss\n${Array.from({ length: 20_050 }, (_, i) => `${i + 1},${i === 20_010 ? 'n/a?' : i},${i % 7 === 0 ? 5 : 0}`).join('\n')}\n`);
    const before = snapshot(store);
    const result = await cli('dpp-trainer', ['ingest', '--store', store, '--source', file]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/late-text\.csv, row 20011, column 'x': 'n\/a\?' is not a number/);
    expect(snapshot(store)).toEqual(before);
  });
});

describe('dpp-inference sample and feedback', () => {
  it('draws batches without outcomes, repeats rows only with replacement, and brings outcomes back', async () => {
    const first = await cli('dpp-inference', ['sample', '--store', store, '--fraction', '0.5']);
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/sampled batch-0001: 30 rows, seed 1/);
    const leak = await cli('dpp-inference', ['sample', '--store', store, '--size', '60', '--with-replacement', '--batch', 'leak-1', '--seed', '3']);
    expect(leak.code).toBe(0);
    expect(leak.stdout).toMatch(/sampled leak-1: 60 rows \(\d+ repeated draws\)/);
    const fed = await cli('dpp-inference', ['feedback', '--store', store, '--batch', 'batch-0001']);
    expect(fed.code).toBe(0);
    expect(fed.stdout).toMatch(/outcomes of batch-0001 arrived: 30 rows, \d+ defaults/);
    const status = JSON.parse((await cli('dpp-trainer', ['status', '--store', store, '--json'])).stdout) as { batches: Array<{ id: string; rows: number; scored: boolean; labeled: boolean }> };
    expect(status.batches.map(({ id, rows, scored, labeled }) => ({ id, rows, scored, labeled }))).toEqual([
      { id: 'batch-0001', rows: 30, scored: false, labeled: true },
      { id: 'leak-1', rows: 60, scored: false, labeled: false },
    ]);
  });

  it('refuses a bad batch id, an unknown batch and a store with no test pool, leaving the store as it was', async () => {
    const before = snapshot(store);
    for (const [program, args, message] of [
      ['dpp-inference', ['sample', '--store', store, '--batch', '../escape'], /batch id/i],
      ['dpp-inference', ['feedback', '--store', store, '--batch', 'batch-0099'], /no batch 'batch-0099' \(batches: batch-0001, leak-1\)/],
      ['dpp-inference', ['sample', '--store', path.join(scratch, 'empty-store')], /there is no test pool yet; run dpp-trainer ingest first/],
      ['dpp-inference', ['sample', '--store', store, '--fraction', 'half'], /--fraction must be a number, got 'half'/],
    ] as const) {
      const result = await cli(program, [...args]);
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.stderr).toMatch(message);
      expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
    }
    expect(snapshot(store)).toEqual(before);
  });
});
