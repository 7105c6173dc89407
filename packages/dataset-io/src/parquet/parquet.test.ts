import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DataType, Field, Int32, type RecordBatch, Schema, type Vector } from 'apache-arrow';
import { afterAll, describe, expect, it } from 'vitest';
import { DatasetError, KIND_METADATA_KEY, type PartSource, batchFromColumns, collectBatches, openCsv, openParquet, openParquetParts, writeParquet, writeParquetParts } from '@dpp/dataset-io';

const fixtures = fileURLToPath(new URL('../../../../test-fixtures/dataset-io/', import.meta.url));
const fixture = (name: string) => path.join(fixtures, name);
const reference = JSON.parse(readFileSync(fixture('loans.reference.json'), 'utf8')) as Record<string, Array<number | string | null>>;

const values = (batches: RecordBatch[], name: string) =>
  batches.flatMap((b) => [...(b.getChildAt(b.schema.fields.findIndex((f) => f.name === name)) as Vector)] as Array<number | string | null>).map((v) => (typeof v === 'number' && Number.isNaN(v) ? null : v));

describe('Parquet', () => {
  it('reads a file written by pyarrow with int64, int16, bool and dictionary columns as Float64 and Utf8', async () => {
    const source = await openParquet(fixture('loans.parquet'), { batchRows: 50 });
    const types = Object.fromEntries(source.schema.fields.map((f) => [f.name, `${f.type.toString()}/${f.metadata.get(KIND_METADATA_KEY)}`]));
    expect(types).toEqual({ id: 'Float64/integer', f1: 'Float64/float', f2: 'Float64/integer', f5_code: 'Utf8/string', loss: 'Float64/integer', flag: 'Float64/integer' });
    const { batches, rows } = await collectBatches(source);
    expect(rows).toBe(300);
    expect(batches.length).toBeGreaterThan(1);
    for (const name of ['f1', 'f2', 'f5_code', 'loss']) expect(values(batches, name), name).toEqual(reference[name]);
    expect(values(batches, 'id')).toEqual(reference.id);
    expect(values(batches, 'flag').slice(0, 4)).toEqual([1, 0, 0, 1]);
  });

  it('puts NaN in the raw values of every null of a Float64 column, batch after batch, and keeps the rest', async () => {
    const { batches } = await collectBatches(await openParquet(fixture('loans.parquet'), { batchRows: 37 }));
    const expected = reference.f1 as Array<number | null>;
    expect(expected.filter((v) => v === null).length).toBeGreaterThan(0);
    const raw = batches.flatMap((b) => {
      const data = (b.getChild('f1') as Vector).data[0]!;
      return [...(data.values as Float64Array).subarray(0, data.length)];
    });
    expect(raw.map((v) => (Number.isNaN(v) ? null : v))).toEqual(expected);
    const nulls = batches.reduce((n, b) => n + (b.getChild('f1') as Vector).nullCount, 0);
    expect(nulls).toBe(expected.filter((v) => v === null).length);
  });

  it('round-trips a CSV table through Parquet with the same schema, metadata and values', async () => {
    const csv = await collectBatches(await openCsv(fixture('loans.csv')));
    const bytes = await writeParquet(csv.schema, csv.batches, { rowGroupRows: 64 });
    const back = await collectBatches(await openParquet(bytes));
    expect(back.schema.fields.map((f) => [f.name, f.type.toString(), f.metadata.get(KIND_METADATA_KEY)])).toEqual(
      csv.schema.fields.map((f) => [f.name, f.type.toString(), f.metadata.get(KIND_METADATA_KEY)]),
    );
    for (const field of csv.schema.fields) expect(values(back.batches, field.name), field.name).toEqual(values(csv.batches, field.name));
  });

  it('writes a stream as parts of bounded size and reads the parts back as one stream', async () => {
    const csv = await collectBatches(await openCsv(fixture('loans.csv'), { workers: 2, blockBytes: 1 << 16 }));
    const parts: Array<{ body: Uint8Array; rows: number }> = [];
    const written = await writeParquetParts({ putPart: async (body, info) => parts.push({ body, rows: info.rows }) }, csv.schema, csv.batches, { rowsPerPart: 70 });
    expect(written).toEqual({ rows: 300, parts: 5 });
    expect(parts.map((p) => p.rows)).toEqual([70, 70, 70, 70, 20]);
    const sources: PartSource[] = parts.map((p, i) => ({ name: `part-${i}`, read: async () => p.body }));
    const back = await collectBatches(await openParquetParts(sources, { columns: ['id', 'f5_code'] }));
    expect(back.schema.fields.map((f) => f.name)).toEqual(['id', 'f5_code']);
    expect(values(back.batches, 'id')).toEqual(reference.id);
    expect(values(back.batches, 'f5_code')).toEqual(reference.f5_code);
  });

  for (const compression of ['none', 'snappy'] as const) {
    it(`reads each part into the bytes of a part it is done with, and no batch points into them (${compression === 'none' ? 'uncompressed: the TypeScript reader' : 'snappy: parquet-wasm'})`, async () => {
      const csv = await collectBatches(await openCsv(fixture('loans.csv')));
      const parts: Uint8Array[] = [];
      await writeParquetParts({ putPart: async (body) => parts.push(body) }, csv.schema, csv.batches, { rowsPerPart: 60, rowGroupRows: 20, compression });
      expect(parts.length).toBe(5);
      // a source as the local store is: it reads into the spare buffer it is offered when the
      // part fits (a new buffer has room to spare, so every spare fits here)
      const offered: Array<Uint8Array | undefined> = [];
      const sources: PartSource[] = parts.map((body, i) => ({
        name: `part-${i}`,
        read: async (reuse) => {
          offered.push(reuse);
          const into = reuse !== undefined && reuse.length >= body.length ? reuse.subarray(0, body.length) : new Uint8Array(body.length + 4096);
          into.set(body);
          return into.subarray(0, body.length);
        },
      }));
      // every batch kept until the stream ends: a batch pointing into a reused buffer would show
      // a later part's values
      const back = await collectBatches(await openParquetParts(sources));
      expect(back.batches.length).toBeGreaterThan(parts.length);
      expect(offered.filter((b) => b !== undefined).length).toBe(3);
      for (const field of csv.schema.fields) expect(values(back.batches, field.name), field.name).toEqual(values(csv.batches, field.name));
    });
  }

  /** Parts as a store serves them: whole, or by ranges (counting the bytes each way moves). */
  const rangedSources = (parts: Uint8Array[], moved: { whole: number; tail: number; ranged: number }): PartSource[] =>
    parts.map((body, i) => ({
      name: `part-${i}`,
      read: async () => {
        moved.whole += body.length;
        return body;
      },
      size: body.length,
      readRange: async (range, reuse) => {
        const end = Math.min(range.end, body.length);
        const into = reuse !== undefined && reuse.length >= end - range.start ? reuse.subarray(0, end - range.start) : new Uint8Array(end - range.start);
        into.set(body.subarray(range.start, end));
        // the footer is read from the end, the chunks from inside
        if (end === body.length) moved.tail += end - range.start;
        else moved.ranged += end - range.start;
        return into;
      },
    }));

  it('reads dpp-written parts by ranges: the footer, then only the chunks of the columns asked for, values as a whole read gives, twice over', async () => {
    const csv = await collectBatches(await openCsv(fixture('loans.csv')));
    const parts: Uint8Array[] = [];
    await writeParquetParts({ putPart: async (body) => parts.push(body) }, csv.schema, csv.batches, { rowsPerPart: 120, rowGroupRows: 50, compression: 'none' });
    const moved = { whole: 0, tail: 0, ranged: 0 };
    const source = await openParquetParts(rangedSources(parts, moved), { columns: ['id', 'f5_code', 'loss'], float32: ['loss'] });
    for (let pass = 0; pass < 2; pass++) {
      const { batches } = await collectBatches(source);
      expect(batches.map((b) => b.numRows)).toEqual([50, 50, 20, 50, 50, 20, 50, 10]);
      for (const name of ['id', 'f5_code']) expect(values(batches, name), name).toEqual(values(csv.batches, name));
      expect(String(batches[0]!.schema.fields[2]!.type)).toBe('Float32');
      expect(values(batches, 'loss')).toEqual(values(csv.batches, 'loss').map((v) => (typeof v === 'number' ? Math.fround(v) : v)));
    }
    expect(moved.whole, 'no part read whole').toBe(0);

    // a wide text column not asked for: its chunks are not read
    const n = 400;
    const wide = batchFromColumns([
      { name: 'id', type: 'integer', values: Float64Array.from({ length: n }, (_, i) => i + 1) },
      { name: 'notes', type: 'string', values: Array.from({ length: n }, (_, i) => `${i}:`.padEnd(2000, 'x')) },
      { name: 'x', type: 'float', values: Float64Array.from({ length: n }, (_, i) => (i % 7 === 0 ? Number.NaN : i / 8)) },
    ]);
    const wideParts: Uint8Array[] = [];
    await writeParquetParts({ putPart: async (body) => wideParts.push(body) }, wide.schema, [wide], { rowsPerPart: 200, rowGroupRows: 100, compression: 'none' });
    const wideMoved = { whole: 0, tail: 0, ranged: 0 };
    const back = await collectBatches(await openParquetParts(rangedSources(wideParts, wideMoved), { columns: ['x', 'id'] }));
    expect(values(back.batches, 'x')).toEqual(values([wide], 'x'));
    expect(values(back.batches, 'id')).toEqual(values([wide], 'id'));
    // id and x: 400 rows of 8 bytes each, plus page headers and levels; the files hold 800 KB of notes
    expect(wideMoved.ranged).toBeLessThan(2 * n * 8 + 2000);
    expect(wideMoved.whole).toBe(0);
  });

  it('reads whole what dpp did not write (pyarrow), and refuses a dpp part whose chunk is damaged with UNREADABLE_PARQUET naming it', async () => {
    const pyarrow = new Uint8Array(readFileSync(fixture('plain-values.parquet')));
    const moved = { whole: 0, tail: 0, ranged: 0 };
    const { batches } = await collectBatches(await openParquetParts(rangedSources([pyarrow], moved), { columns: ['id', 'f1'] }));
    expect(moved.whole).toBe(pyarrow.length);
    expect(batches.reduce((n, b) => n + b.numRows, 0)).toBe(300);

    const batch = batchFromColumns([
      { name: 'id', type: 'integer', values: Float64Array.from({ length: 100 }, (_, i) => i + 1) },
      { name: 'x', type: 'float', values: Float64Array.from({ length: 100 }, (_, i) => (i % 9 === 0 ? Number.NaN : i / 4)) },
    ]);
    const bytes = await writeParquet(batch.schema, [batch], { compression: 'none' });
    // the first page header of column x: its type (DATA_PAGE, field 1 = 0) turned into an index page's (2) then a v2 page's (3)
    const damaged = bytes.slice();
    const xFirstValue = Buffer.from(damaged).indexOf(Buffer.from(new Float64Array([0.25]).buffer));
    const header = Buffer.from(damaged).lastIndexOf(0x15, xFirstValue - 40);
    expect(header).toBeGreaterThan(0);
    damaged[header + 1] = 6; // zigzag 3: DATA_PAGE_V2
    const error = await collectBatches(await openParquetParts(rangedSources([damaged], { whole: 0, tail: 0, ranged: 0 }), { columns: ['x'] })).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(DatasetError);
    expect((error as DatasetError).code).toBe('UNREADABLE_PARQUET');
    expect((error as DatasetError).message).toMatch(/^part-0: cannot be decoded \(row group 0: column 'x' holds a page this reader does not read\)$/);
  });

  it('decodes recycled Float64 columns into the same buffer batch after batch, part after part, each batch right when it comes', async () => {
    const csv = await collectBatches(await openCsv(fixture('loans.csv')));
    const parts: Uint8Array[] = [];
    await writeParquetParts({ putPart: async (body) => parts.push(body) }, csv.schema, csv.batches, { rowsPerPart: 60, rowGroupRows: 20, compression: 'none' });
    const sources: PartSource[] = parts.map((body, i) => ({ name: `part-${i}`, read: async () => body }));
    const source = await openParquetParts(sources, { columns: ['id', 'f1', 'f5_code'], recycle: ['f1'] });
    const f1: Array<number | string | null> = [];
    const ids: Array<number | string | null> = [];
    const f1Buffers = new Set<ArrayBufferLike>();
    const idBuffers = new Set<ArrayBufferLike>();
    let batches = 0;
    for await (const batch of source.batches()) {
      batches++;
      // the recycled column read as the batch comes, as a scorer does
      f1.push(...values([batch], 'f1'));
      f1Buffers.add(((batch.getChild('f1') as Vector).data[0]!.values as Float64Array).buffer);
      idBuffers.add(((batch.getChild('id') as Vector).data[0]!.values as Float64Array).buffer);
      ids.push(...values([batch], 'id'));
    }
    expect(batches).toBe(15);
    expect(f1).toEqual(reference.f1);
    expect(ids).toEqual(reference.id);
    expect(f1Buffers.size).toBe(1);
    expect(idBuffers.size).toBe(15);
  });

  it('reads number columns asked for as Float32, narrowed as pyarrow narrows them, nulls kept, text left as text (both readers)', async () => {
    const csv = await collectBatches(await openCsv(fixture('loans.csv')));
    const plain = await writeParquet(csv.schema, csv.batches, { compression: 'none', rowGroupRows: 70 });
    // the same bytes 3 bytes into a buffer: values no longer at a multiple of 8 in memory
    const shifted = new Uint8Array(plain.length + 3).subarray(3);
    shifted.set(plain);
    const sources: Array<[string, string | Uint8Array]> = [
      ['pyarrow snappy file (parquet-wasm)', fixture('loans.parquet')],
      ['dpp uncompressed bytes', plain],
      ['dpp uncompressed bytes, unaligned', shifted],
    ];
    for (const [label, source] of sources) {
      const read = await collectBatches(await openParquet(source, { columns: ['id', 'f1', 'f5_code'], float32: ['f1', 'f5_code'], batchRows: 64 }));
      expect(read.schema.fields.map((f) => [f.name, String(f.type), f.metadata.get(KIND_METADATA_KEY)]), label).toEqual([
        ['id', 'Float64', 'integer'],
        ['f1', 'Float32', 'float'],
        ['f5_code', 'Utf8', 'string'],
      ]);
      expect(values(read.batches, 'f1'), label).toEqual(reference._f1_float32);
      expect(values(read.batches, 'f5_code'), label).toEqual(reference.f5_code);
      const nulls = read.batches.reduce((n, b) => n + (b.getChild('f1') as Vector).nullCount, 0);
      expect(nulls, label).toBe(reference.f1!.filter((v) => v === null).length);
    }
  });

  it('encodes parts on worker threads into the same files, in the same order', async () => {
    const csv = await collectBatches(await openCsv(fixture('loans.csv'), { workers: 0 }));
    const write = async (workers: number) => {
      const parts: Uint8Array[] = [];
      await writeParquetParts({ putPart: async (body) => parts.push(body) }, csv.schema, csv.batches, { rowsPerPart: 40, workers });
      return parts;
    };
    const inline = await write(0);
    const threaded = await write(2);
    expect(threaded.length).toBe(8);
    expect(threaded.map((p) => Buffer.from(p).toString('base64'))).toEqual(inline.map((p) => Buffer.from(p).toString('base64')));
  });

  for (const name of ['corrupt.parquet', 'not-parquet.parquet']) {
    it(`refuses ${name} with UNREADABLE_PARQUET naming the file`, async () => {
      const error = await openParquet(fixture(name))
        .then(async (source) => collectBatches(source))
        .then(
          () => undefined,
          (e: unknown) => e,
        );
      expect(error).toBeInstanceOf(DatasetError);
      expect((error as DatasetError).code).toBe('UNREADABLE_PARQUET');
      expect((error as DatasetError).message).toMatch(new RegExp(`${name.replace('.', '\\.')}: `));
      expect((error as DatasetError).message).not.toContain('\n');
    });
  }

  it('names a requested column the file does not have', async () => {
    await expect(openParquet(fixture('loans.parquet'), { columns: ['id', 'nope'] })).rejects.toThrow(/loans\.parquet, column 'nope': no such column/);
  });
});

describe('uncompressed Parquet written in TypeScript', () => {
  const root = fileURLToPath(new URL('../../../../', import.meta.url));
  const python = spawnSync(path.join(root, 'scripts/python-env.sh'), { encoding: 'utf8' }).stdout.trim().split('\n').at(-1)!;
  const dir = mkdtempSync(path.join(tmpdir(), 'dpp-parquet-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('is read by pyarrow and by parquet-wasm as the CSV was, nulls, text, huge integers, sliced batches and row groups included', async () => {
    // small blocks and row groups of 37 rows: batches are sliced at bit offsets that do not start a byte
    const csv = await collectBatches(await openCsv(fixture('loans.csv'), { workers: 2, blockBytes: 1 << 12 }));
    expect(csv.batches.length).toBeGreaterThan(3);
    const bytes = await writeParquet(csv.schema, csv.batches, { compression: 'none', rowGroupRows: 37 });
    const file = path.join(dir, 'loans-plain.parquet');
    writeFileSync(file, bytes);
    const read = spawnSync(python, [fixture('read_parquet.py'), file], { encoding: 'utf8' });
    expect(read.stderr).toBe('');
    const pyarrow = JSON.parse(read.stdout) as { columns: Record<string, unknown[]>; types: Record<string, string>; kinds: Record<string, string>; stats: Record<string, { nulls: number; min: unknown; max: unknown }>; rowGroups: number };
    expect(pyarrow.rowGroups).toBe(Math.ceil(300 / 37));
    for (const field of csv.schema.fields) {
      expect(pyarrow.columns[field.name], field.name).toEqual(reference[field.name]);
      expect(pyarrow.types[field.name]).toBe(DataType.isUtf8(field.type) ? 'string' : 'double');
      expect(pyarrow.kinds[field.name]).toBe(field.metadata.get(KIND_METADATA_KEY));
    }
    // the first row group's statistics: rows 0..36
    const first = (name: string) => (reference[name] as Array<number | string | null>).slice(0, 37);
    const f1 = first('f1').filter((v): v is number => v !== null);
    expect(pyarrow.stats.f1).toEqual({ nulls: 37 - f1.length, min: Math.min(...f1), max: Math.max(...f1) });
    expect(pyarrow.stats.f5_code?.nulls).toBe(first('f5_code').filter((v) => v === null).length);
    const back = await collectBatches(await openParquet(bytes));
    expect(back.schema.fields.map((f) => [f.name, f.type.toString(), f.metadata.get(KIND_METADATA_KEY)])).toEqual(
      csv.schema.fields.map((f) => [f.name, f.type.toString(), f.metadata.get(KIND_METADATA_KEY)]),
    );
    for (const field of csv.schema.fields) expect(values(back.batches, field.name), field.name).toEqual(reference[field.name]);
  });

  it('puts every page of Float64 values at a multiple of 8 in the file, which pyarrow reads all the same', async () => {
    const csv = await collectBatches(await openCsv(fixture('loans.csv'), { workers: 2, blockBytes: 1 << 12 }));
    const bytes = await writeParquet(csv.schema, csv.batches, { compression: 'none', rowGroupRows: 37 });
    const file = path.join(dir, 'loans-aligned.parquet');
    writeFileSync(file, bytes);
    const read = spawnSync(python, [fixture('page_offsets.py'), file], { encoding: 'utf8' });
    expect(read.stderr).toBe('');
    const pages = JSON.parse(read.stdout) as Array<{ column: string; valuesAt: number; rows: number }>;
    const doubles = pages.filter((p) => csv.schema.fields.some((f) => f.name === p.column && !DataType.isUtf8(f.type)));
    expect(doubles.length).toBeGreaterThan(8 * 5);
    for (const page of doubles) expect(page.valuesAt % 8, `${page.column} page at ${page.valuesAt}`).toBe(0);
  });

  it('writes rows picked from batches as parts, uncompressed and compressed alike, without building the batches first', async () => {
    const csv = await collectBatches(await openCsv(fixture('loans.csv'), { workers: 2, blockBytes: 1 << 12 }));
    // every third row, batch by batch, as ingest picks its test rows
    let offset = 0;
    const picked: Array<{ batch: RecordBatch; rows: Uint32Array }> = [];
    const expected: number[] = [];
    for (const batch of csv.batches) {
      const rows = Uint32Array.from({ length: batch.numRows }, (_, r) => r).filter((r) => (offset + r) % 3 === 0);
      picked.push({ batch, rows });
      for (const r of rows) expected.push(offset + r);
      offset += batch.numRows;
    }
    const pick = (name: string) => expected.map((i) => reference[name]![i]);
    for (const compression of ['none', 'snappy'] as const) {
      const parts: Array<{ body: Uint8Array; rows: number }> = [];
      const written = await writeParquetParts({ putPart: async (body, info) => parts.push({ body, rows: info.rows }) }, csv.schema, picked, { rowsPerPart: 45, compression });
      expect(written, compression).toEqual({ rows: 100, parts: 3 });
      expect(parts.map((p) => p.rows)).toEqual([45, 45, 10]);
      const back = await collectBatches(await openParquetParts(parts.map((p, i) => ({ name: `part-${i}`, read: async () => p.body }))));
      for (const field of csv.schema.fields) expect(values(back.batches, field.name), `${compression} ${field.name}`).toEqual(pick(field.name));
    }
  });

  it('dictionary encodes a text column chunk that holds one value, which pyarrow and parquet-wasm read back as text', async () => {
    // two batches of 60 rows in row groups of 50: the second group holds rows of both batches
    const batch = (label: string, tail: string) =>
      batchFromColumns([
        { name: 'id', type: 'integer', values: Float64Array.from({ length: 60 }, (_, i) => i) },
        { name: 'model', type: 'string', values: new Array<string>(60).fill('v0001') },
        { name: 'empty', type: 'string', values: new Array<string>(60).fill('') },
        { name: 'label', type: 'string', values: [...new Array<string>(59).fill(label), tail] },
      ]);
    const batches = [batch('same', 'same'), batch('same', 'other')];
    const bytes = await writeParquet(batches[0]!.schema, batches, { compression: 'none', rowGroupRows: 50 });
    const file = path.join(dir, 'single-values.parquet');
    writeFileSync(file, bytes);
    const read = spawnSync(python, [fixture('read_parquet.py'), file], { encoding: 'utf8' });
    expect(read.stderr).toBe('');
    const pyarrow = JSON.parse(read.stdout) as { columns: Record<string, unknown[]>; types: Record<string, string>; encodings: Record<string, string[][]> };
    const expected = { model: new Array(120).fill('v0001'), empty: new Array(120).fill(''), label: [...new Array(119).fill('same'), 'other'] };
    for (const [name, column] of Object.entries(expected)) {
      expect(pyarrow.columns[name], name).toEqual(column);
      expect(pyarrow.types[name]).toBe('string');
    }
    const dictionary = ['PLAIN', 'RLE', 'RLE_DICTIONARY'];
    expect(pyarrow.encodings.model).toEqual([dictionary, dictionary, dictionary]);
    // the last group holds the one other label: PLAIN there, one value (dictionary) before
    expect(pyarrow.encodings.label).toEqual([dictionary, dictionary, ['PLAIN', 'RLE']]);
    expect(pyarrow.encodings.id).toEqual([['PLAIN', 'RLE'], ['PLAIN', 'RLE'], ['PLAIN', 'RLE']]);
    const back = await collectBatches(await openParquet(bytes));
    for (const [name, column] of Object.entries(expected)) expect(values(back.batches, name), name).toEqual(column);
  });

  it('refuses a column type it does not write, naming the column', async () => {
    const schema = new Schema([new Field('n', new Int32(), true)]);
    await expect(writeParquet(schema, [], { compression: 'none' })).rejects.toThrow(/column 'n' is Int32/);
  });
});
