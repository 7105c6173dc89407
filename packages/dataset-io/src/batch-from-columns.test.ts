import { Utf8, type Vector, vectorFromArray } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { batchFromColumns } from '@dpp/dataset-io';

describe('batchFromColumns', () => {
  it('builds Utf8 columns byte for byte as Arrow builds them: unicode, empty strings, runs of one value, nulls', () => {
    // a small seeded generator (xorshift32): the test needs varied values, not good randomness
    let state = 5;
    const next = () => {
      state ^= state << 13;
      state ^= state >>> 17;
      state ^= state << 5;
      return (state >>> 0) / 2 ** 32;
    };
    const pool = ['', 'a', 'yes', 'no', 'Ünïcödé', '信用', '🙂 emoji', 'x'.repeat(300), 'model-20261202-0001'];
    const values: Array<string | null> = [];
    for (let i = 0; i < 5000; i++) {
      const r = next();
      if (r < 0.1) values.push(null);
      else if (r < 0.5 && values.length > 0) values.push(values.at(-1) as string | null);
      else values.push(pool[Math.floor(next() * pool.length)] as string);
    }
    const ours = batchFromColumns([{ name: 's', type: 'string', values }]).getChild('s') as Vector;
    const arrow = vectorFromArray(values, new Utf8());
    expect([...ours]).toEqual(values);
    expect(ours.nullCount).toBe(values.filter((v) => v === null).length);
    const a = ours.data[0]!;
    expect(arrow.data).toHaveLength(1);
    const b = arrow.data[0]!;
    expect(Array.from(a.valueOffsets)).toEqual(Array.from(b.valueOffsets.subarray(0, values.length + 1)));
    const end = a.valueOffsets[values.length] as number;
    expect(Buffer.from(a.values.subarray(0, end)).equals(Buffer.from(b.values.subarray(0, end)))).toBe(true);
  });

  it('builds a column of one repeated value, and one with no value but nulls', () => {
    const same = new Array<string>(70_000).fill('batch-0001');
    const column = batchFromColumns([{ name: 's', type: 'string', values: same }]).getChild('s') as Vector;
    expect(column.length).toBe(70_000);
    expect(column.get(0)).toBe('batch-0001');
    expect(column.get(69_999)).toBe('batch-0001');
    const nulls = batchFromColumns([{ name: 's', type: 'string', values: [null, null, null] }]).getChild('s') as Vector;
    expect([...nulls]).toEqual([null, null, null]);
    expect(nulls.nullCount).toBe(3);
  });
});
