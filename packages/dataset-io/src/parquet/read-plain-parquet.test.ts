import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RecordBatch, Vector } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { type DatasetError, KIND_METADATA_KEY, batchFromColumns, collectBatches, openParquet, writeParquet } from '@dpp/dataset-io';
import { openPlainParquet } from './read-plain-parquet.js';

// Files written by pyarrow (make_plain_fixtures.py), and what pyarrow reads from them.
const fixtures = fileURLToPath(new URL('../../../../test-fixtures/dataset-io/', import.meta.url));
const fixture = (name: string) => path.join(fixtures, name);
const reference = JSON.parse(readFileSync(fixture('plain.reference.json'), 'utf8')) as { columns: Record<string, Array<number | string | null>>; nullRows: Record<string, number[]>; encodings: Record<string, string[]> };

const values = (batches: RecordBatch[], name: string) =>
  batches.flatMap((b) => [...(b.getChild(name) as Vector)] as Array<number | string | null>).map((v) => (typeof v === 'number' && Number.isNaN(v) ? null : v));

/** The validity bits of a column's rows (the bitmap's padding bits past its length are unspecified), or null without a bitmap. */
const validBits = (d: { length: number; offset: number; nullBitmap: Uint8Array | null | undefined }) =>
  d.nullBitmap ? Array.from({ length: d.length }, (_, i) => ((d.nullBitmap![(d.offset + i) >> 3] as number) >> ((d.offset + i) & 7)) & 1) : null;

describe('uncompressed Parquet read in TypeScript', () => {
  for (const file of ['plain-dictionary.parquet', 'plain-values.parquet']) {
    it(`reads ${file} (pyarrow: ${reference.encodings[file]?.join(', ')}; pages of 256 bytes) as pyarrow does`, async () => {
      const bytes = new Uint8Array(readFileSync(fixture(file)));
      const source = openPlainParquet(bytes, { file });
      expect(source, 'read in TypeScript, not handed to parquet-wasm').toBeDefined();
      const { batches, rows } = await collectBatches(source!);
      expect(rows).toBe(300);
      for (const [name, column] of Object.entries(reference.columns)) expect(values(batches, name), name).toEqual(column);
      // the nulls are the file's (pyarrow's is_null): a NaN stored as a value (column gaps) is not one
      for (const [name, rows] of Object.entries(reference.nullRows)) {
        const bits = batches.flatMap((b) => {
          const data = (b.getChild(name) as Vector).data[0]!;
          return data.nullCount === 0 ? new Array<number>(b.numRows).fill(1) : validBits(data)!;
        });
        expect(bits.flatMap((bit, row) => (bit === 0 ? [row] : [])), name).toEqual(rows);
        expect(batches.reduce((sum, b) => sum + (b.getChild(name) as Vector).nullCount, 0), name).toBe(rows.length);
      }
      // the same schema, batches and raw values as parquet-wasm reads from the same file
      const wasm = await collectBatches(await openParquet(fixture(file)));
      expect(source!.schema.fields.map((f) => [f.name, String(f.type), f.metadata.get(KIND_METADATA_KEY)])).toEqual(wasm.schema.fields.map((f) => [f.name, String(f.type), f.metadata.get(KIND_METADATA_KEY)]));
      expect(batches.map((b) => b.numRows)).toEqual(wasm.batches.map((b) => b.numRows));
      for (const field of wasm.schema.fields) {
        const ours = batches.map((b) => (b.getChild(field.name) as Vector).data[0]!);
        const theirs = wasm.batches.map((b) => (b.getChild(field.name) as Vector).data[0]!);
        // Float64 nulls hold NaN in both, and the validity bitmaps agree
        expect(ours.map((d) => Array.from(d.values.subarray(0, d.length) as Float64Array | Uint8Array, String)), field.name).toEqual(
          theirs.map((d) => (String(field.type) === 'Float64' ? Array.from(d.values.subarray(0, d.length) as Float64Array, String) : Array.from(d.values.subarray(0, d.length) as Uint8Array, String))),
        );
        expect(ours.map((d) => d.nullCount)).toEqual(theirs.map((d) => d.nullCount));
        expect(ours.map(validBits)).toEqual(theirs.map(validBits));
      }
    });
  }

  it('reads only the requested columns, in the file order, and names a column the file does not have', async () => {
    const bytes = new Uint8Array(readFileSync(fixture('plain-values.parquet')));
    const { batches, schema } = await collectBatches(openPlainParquet(bytes, { file: 'x', columns: ['text', 'id'] })!);
    expect(schema.fields.map((f) => f.name)).toEqual(['id', 'text']);
    expect(values(batches, 'text')).toEqual(reference.columns.text);
    expect(() => openPlainParquet(bytes, { file: 'plain-values.parquet', columns: ['id', 'nope'] })).toThrow(/plain-values\.parquet, column 'nope': no such column/);
  });

  it('cuts row groups into batches of at most batchRows rows', async () => {
    const bytes = new Uint8Array(readFileSync(fixture('plain-dictionary.parquet')));
    const { batches } = await collectBatches(openPlainParquet(bytes, { file: 'x', batchRows: 40 })!);
    // row groups of 100 rows: 40 + 40 + 20, three times
    expect(batches.map((b) => b.numRows)).toEqual([40, 40, 20, 40, 40, 20, 40, 40, 20]);
    expect(values(batches, 'f1')).toEqual(reference.columns.f1);
  });

  it('leaves to parquet-wasm what it does not read: another physical type, a codec, bytes that are not Parquet', async () => {
    expect(openPlainParquet(new Uint8Array(readFileSync(fixture('plain-int64.parquet'))), { file: 'x' })).toBeUndefined();
    const batch = batchFromColumns([{ name: 'x', type: 'float', values: Float64Array.from([1, 2, Number.NaN]) }]);
    expect(openPlainParquet(await writeParquet(batch.schema, [batch], { compression: 'snappy' }), { file: 'x' })).toBeUndefined();
    expect(openPlainParquet(new Uint8Array(readFileSync(fixture('not-parquet.parquet'))), { file: 'x' })).toBeUndefined();
    expect(openPlainParquet(new Uint8Array(readFileSync(fixture('corrupt.parquet'))), { file: 'x' })).toBeUndefined();
    // and openParquet reads them all the same
    const { batches } = await collectBatches(await openParquet(new Uint8Array(readFileSync(fixture('plain-int64.parquet')))));
    expect(values(batches, 'count')).toEqual(Array.from({ length: 300 }, (_, i) => i));
  });

  it('reads what the TypeScript writer writes: PLAIN pages, nulls at any bit offset, one-value text chunks', async () => {
    const n = 1000;
    const f = Float64Array.from({ length: n }, (_, i) => (i % 7 === 3 ? Number.NaN : i * 0.25));
    const s = Array.from({ length: n }, (_, i) => (i % 11 === 5 ? null : `v${i % 13}`));
    const batch = batchFromColumns([
      { name: 'f', type: 'float', values: f },
      { name: 's', type: 'string', values: s },
      { name: 'same', type: 'string', values: new Array<string>(n).fill('model-0001') },
    ]);
    // sliced batches: pages whose rows start inside a byte of the validity bitmap
    const bytes = await writeParquet(batch.schema, [batch.slice(0, 333), batch.slice(333, 700), batch.slice(700)], { compression: 'none', rowGroupRows: 450 });
    const { batches } = await collectBatches(openPlainParquet(bytes, { file: 'x' })!);
    expect(values(batches, 'f')).toEqual(Array.from(f, (v) => (Number.isNaN(v) ? null : v)));
    expect(values(batches, 's')).toEqual(s);
    expect(values(batches, 'same')).toEqual(new Array(n).fill('model-0001'));
  });

  it('refuses a page whose values run past it with UNREADABLE_PARQUET naming the file and the row group, in one line', async () => {
    const batch = batchFromColumns([{ name: 's', type: 'string', values: ['abcdef', 'de', null] }]);
    const bytes = await writeParquet(batch.schema, [batch], { compression: 'none' });
    // the PLAIN value 'abcdef' is its length (6, four bytes) then its bytes: make the length run past the page
    const at = Buffer.from(bytes).indexOf(Buffer.from([6, 0, 0, 0, ...Buffer.from('abcdef')]));
    expect(at).toBeGreaterThan(0);
    bytes[at + 1] = 0x7f;
    const source = openPlainParquet(bytes, { file: 'broken.parquet' });
    expect(source, 'the page headers are intact: the damage shows when the values are read').toBeDefined();
    const error = await collectBatches(source!).then(
      () => undefined,
      (e: unknown) => e,
    );
    // (this file imports the reader from its source, DatasetError from the built package: compared by name)
    expect(error).toMatchObject({ name: 'DatasetError', code: 'UNREADABLE_PARQUET' });
    expect((error as DatasetError).message).toMatch(/^broken\.parquet: cannot be decoded \(row group 0: a value runs past its page\)$/);
  });
});
