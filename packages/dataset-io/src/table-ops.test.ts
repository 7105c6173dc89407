import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Vector } from 'apache-arrow';
import { beforeAll, describe, expect, it } from 'vitest';
import { DatasetError, appendColumn, applyTargetRule, checkIds, collectBatches, dropColumns, openCsv, parseComparison, takeRows } from '@dpp/dataset-io';

const fixtures = fileURLToPath(new URL('../../../test-fixtures/dataset-io/', import.meta.url));
const fixture = (name: string) => path.join(fixtures, name);
const load = async (name: string) => collectBatches(await openCsv(fixture(name), { workers: 2, blockBytes: 4096 }));

describe('target rules', () => {
  it("derives target = loss > 0 on a numeric column, and = 'bad' on a text column, identically", async () => {
    const table = await load('loans.csv');
    const byLoss = table.batches.flatMap((b) => [...applyTargetRule(b, { column: 'loss', positiveWhen: '>0' })]);
    const byStatus = table.batches.flatMap((b) => [...applyTargetRule(b, { column: 'status', positiveValue: 'bad' })]);
    expect(byLoss).toEqual(byStatus);
    const losses = table.batches.flatMap((b) => [...(b.getChildAt(6) as Vector)] as number[]);
    expect(byLoss).toEqual(losses.map((l) => (l > 0 ? 1 : 0)));
    expect(byLoss.filter((t) => t === 1).length).toBeGreaterThan(10);
  });

  it('parses comparisons and refuses anything else', () => {
    expect(parseComparison('>0')).toEqual({ op: '>', value: 0 });
    expect(parseComparison(' >= 1.5 ')).toEqual({ op: '>=', value: 1.5 });
    expect(parseComparison('=1')).toEqual({ op: '==', value: 1 });
    expect(() => parseComparison('> zero')).toThrow(DatasetError);
    expect(() => parseComparison('0')).toThrow(/must be a comparison such as '>0'/);
  });

  it('refuses a rule that does not fit the column, naming the column', async () => {
    const [batch] = (await load('loans.csv')).batches;
    expect(() => applyTargetRule(batch!, { column: 'status', positiveWhen: '>0' }, 0, 'loans.csv')).toThrow(/loans\.csv, column 'status': --positive-when '>0' needs a numeric column/);
    expect(() => applyTargetRule(batch!, { column: 'loss', positiveValue: 'bad' }, 0, 'loans.csv')).toThrow(/column 'loss': --positive-value 'bad' needs a text column/);
    expect(() => applyTargetRule(batch!, { column: 'default', positiveValue: 'bad' }, 0, 'loans.csv')).toThrow(/loans\.csv, column 'default': the target column is not in the table/);
  });

  it('names the row whose target is missing', async () => {
    const table = await load('loans.csv');
    const withGap = takeRows(table, [0, 1, 2]);
    const gap = appendColumn(dropColumns(withGap, ['loss']), 'loss', Float64Array.from([0, Number.NaN, 3]));
    expect(() => applyTargetRule(gap, { column: 'loss', positiveWhen: '>0' }, 100, 'x.csv')).toThrow(/x\.csv, row 102, column 'loss': the target is missing/);
  });
});

describe('ids', () => {
  it('accepts unique ids and names the row of a repeated one', async () => {
    expect(() => checkIds(loans, 'id', 'loans.csv')).not.toThrow();
    const table = await load('duplicate-id.csv');
    expect(() => checkIds(table, 'id', 'duplicate-id.csv')).toThrow(/duplicate-id\.csv, row 200, column 'id': id 17 appears again \(first at row 17\)/);
    expect(() => checkIds(table, 'customer', 'duplicate-id.csv')).toThrow(/column 'customer': the id column is not in the table/);
  });
  let loans: Awaited<ReturnType<typeof load>>;
  beforeAll(async () => {
    loans = await load('loans.csv');
  });
});

describe('takeRows', () => {
  it('gathers rows across batches in any order, with repeats, text and missing values', async () => {
    const table = await load('loans.csv');
    expect(table.batches.length).toBeGreaterThan(1);
    const picked = takeRows(table, [299, 0, 150, 150, 7]);
    const ids = [...(picked.getChildAt(0) as Vector)];
    expect(ids).toEqual([300, 1, 151, 151, 8]);
    const all = (name: string) => table.batches.flatMap((b) => [...(b.getChildAt(b.schema.fields.findIndex((f) => f.name === name)) as Vector)]);
    const codes = all('f5_code');
    expect([...(picked.getChildAt(5) as Vector)]).toEqual([codes[299], codes[0], codes[150], codes[150], codes[7]]);
    expect(() => takeRows(table, [0, 300])).toThrow(/indices\[1\] = 300 is outside the table's 300 rows/);
  });
});
