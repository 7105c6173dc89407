import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RecordBatch, Vector } from 'apache-arrow';
import { afterAll, describe, expect, it } from 'vitest';
// Through the built entry point: the parallel path runs dist/csv/block-worker.js.
import { DatasetError, KIND_METADATA_KEY, collectBatches, openCsv } from '@dpp/dataset-io';

const fixtures = fileURLToPath(new URL('../../../../test-fixtures/dataset-io/', import.meta.url));
const fixture = (name: string) => path.join(fixtures, name);
const dir = mkdtempSync(path.join(tmpdir(), 'dpp-csv-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
// What pyarrow.csv read from loans.csv (make_fixtures.py).
const reference = JSON.parse(readFileSync(fixture('loans.reference.json'), 'utf8')) as Record<string, Array<number | string | null>>;

async function readAll(file: string, options: Parameters<typeof openCsv>[1] = {}) {
  const table = await collectBatches(await openCsv(file, options));
  const column = (name: string): Array<number | string | null> => {
    const index = table.schema.fields.findIndex((f) => f.name === name);
    return table.batches.flatMap((b: RecordBatch) => [...(b.getChildAt(index) as Vector)] as Array<number | string | null>);
  };
  return { table, column };
}

async function expectError(promise: Promise<unknown>, code: string, message: RegExp): Promise<DatasetError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DatasetError);
  const datasetError = error as DatasetError;
  expect(datasetError.code).toBe(code);
  expect(datasetError.message).toMatch(message);
  expect(datasetError.message).not.toContain('\n');
  return datasetError;
}

describe('openCsv', () => {
  it('infers float, integer and string columns; huge integers become numbers', async () => {
    const source = await openCsv(fixture('loans.csv'));
    const kinds = Object.fromEntries(source.schema.fields.map((f) => [f.name, f.metadata.get(KIND_METADATA_KEY)]));
    expect(kinds).toEqual({ id: 'integer', f1: 'float', f2: 'integer', f3: 'float', f4_huge: 'integer', f5_code: 'string', loss: 'integer', status: 'string' });
    expect(source.schema.fields.find((f) => f.name === 'f4_huge')?.type.toString()).toBe('Float64');
  });

  for (const [label, options] of [
    ['on this thread', { workers: 0 }],
    ['on two workers with many small blocks', { workers: 2, blockBytes: 1 << 16, inferRows: 50 }],
  ] as const) {
    it(`reads every value as pyarrow.csv does, ${label}`, async () => {
      const { table, column } = await readAll(fixture('loans.csv'), options);
      expect(table.rows).toBe(300);
      for (const name of ['id', 'f1', 'f2', 'f3', 'f4_huge', 'loss', 'f5_code', 'status']) {
        const ours = column(name).map((v) => (typeof v === 'number' && Number.isNaN(v) ? null : v));
        expect(ours, name).toEqual(reference[name]);
      }
    });
  }

  it('cuts the file into blocks without losing or repeating a row at any block size', async () => {
    const whole = await readAll(fixture('loans.csv'), { workers: 0 });
    for (const blockBytes of [1 << 16, 70_001, 99_999]) {
      const text = readFileSync(fixture('loans.csv'), 'utf8');
      // repeat the rows so the file spans several blocks of these sizes
      const lines = text.trimEnd().split('\n');
      const body = Array.from({ length: 12 }, (_, k) => lines.slice(1).map((l) => `${k * 1000 + Number(l.slice(0, l.indexOf(',')))}${l.slice(l.indexOf(','))}`).join('\n')).join('\n');
      const file = path.join(dir, 'big.csv');
      writeFileSync(file, `${lines[0]}\n${body}\n`);
      const cut = await readAll(file, { workers: 2, blockBytes });
      expect(cut.table.rows).toBe(3600);
      const ids = cut.column('id') as number[];
      expect(ids.slice(0, 300)).toEqual(whole.column('id'));
      expect(new Set(ids).size).toBe(3600);
      expect(cut.column('f1').slice(3300)).toEqual(whole.column('f1'));
    }
  });

  it('pandas turns the huge integers into strings; dpp keeps them numbers equal to their digits', async () => {
    const { column } = await readAll(fixture('loans.csv'));
    expect(reference._pandas_f4_huge).toEqual(reference.f4_huge);
    const text = readFileSync(fixture('loans.csv'), 'utf8').split('\n')[1]!.split(',')[4]!;
    expect(text.length).toBeGreaterThanOrEqual(20);
    expect(column('f4_huge')[0]).toBe(Number(text));
  });

  it('handles CRLF line ends, a missing final line break and quoted line breaks when asked', async () => {
    const file = path.join(dir, 'crlf.csv');
    writeFileSync(file, 'id,name,x\r\n1,"a\r\nb",1.5\r\n2,c,NA');
    const { table, column } = await readAll(file, { newlinesInValues: true });
    expect(table.rows).toBe(2);
    expect(column('name')).toEqual(['a\r\nb', 'c']);
    expect(column('x')).toEqual([1.5, null]);
    await expectError(readAll(file), 'UNTERMINATED_QUOTE', /crlf\.csv, row 1, column 'name': a quoted field is not closed/);
  });

  it('refuses an empty file', async () => {
    await expectError(openCsv(fixture('empty.csv')), 'EMPTY_FILE', /empty\.csv: the file is empty/);
  });

  it('reads a header without rows as zero rows', async () => {
    const { table } = await readAll(fixture('header-only.csv'));
    expect(table.rows).toBe(0);
    expect(table.schema.fields.map((f) => f.name)).toEqual(['id', 'f1', 'f2', 'f3', 'f4_huge', 'f5_code', 'loss', 'status']);
  });

  it('names the ragged row, on one thread and on workers', async () => {
    for (const options of [{ workers: 0 }, { workers: 2, blockBytes: 1 << 16 }]) {
      await expectError(readAll(fixture('ragged.csv'), options), 'RAGGED_ROW', /ragged\.csv, row 57: has 9 fields where the header has 8/);
    }
  });

  it('names the row and column of text in a column inferred numeric', async () => {
    const file = path.join(dir, 'late-text.csv');
    writeFileSync(file, `id,x\n${Array.from({ length: 30 }, (_, i) => `${i + 1},${i}`).join('\n')}\n31,oops\n`);
    await expectError(readAll(file, { inferRows: 10 }), 'TYPE_MISMATCH', /late-text\.csv, row 31, column 'x': 'oops' is not a number/);
    const { column } = await readAll(file, { inferRows: 10, types: { x: 'string' } });
    expect(column('x').at(-1)).toBe('oops');
  });

  it('reads only the columns asked for, passing over the others, quoted text included', async () => {
    for (const options of [{ workers: 0 }, { workers: 2, blockBytes: 1 << 16 }]) {
      const { table, column } = await readAll(fixture('loans.csv'), { ...options, columns: ['loss', 'id', 'status'] });
      expect(table.schema.fields.map((f) => [f.name, f.metadata.get(KIND_METADATA_KEY)])).toEqual([['id', 'integer'], ['loss', 'integer'], ['status', 'string']]);
      expect(table.rows).toBe(300);
      for (const name of ['id', 'loss', 'status']) expect(column(name).map((v) => (typeof v === 'number' && Number.isNaN(v) ? null : v)), name).toEqual(reference[name]);
      await expectError(readAll(fixture('ragged.csv'), { ...options, columns: ['id'] }), 'RAGGED_ROW', /ragged\.csv, row 57: has 9 fields where the header has 8/);
    }
    const file = path.join(dir, 'skip-quoted.csv');
    writeFileSync(file, 'id,note,x\n1,"a, ""b""",2\n2,plain,3\n');
    expect((await readAll(file, { columns: ['x'] })).column('x')).toEqual([2, 3]);
    await expectError(openCsv(fixture('loans.csv'), { columns: ['id', 'nope'] }), 'MISSING_COLUMN', /loans\.csv, column 'nope': no such column in the file/);
  });

  it('refuses a header that names a column twice', async () => {
    const file = path.join(dir, 'dup.csv');
    writeFileSync(file, 'id,x,x\n1,2,3\n');
    await expectError(openCsv(file), 'DUPLICATE_COLUMN', /dup\.csv, column 'x': the header names this column twice/);
  });
});
