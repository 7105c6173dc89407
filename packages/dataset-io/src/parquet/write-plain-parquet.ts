import { type Data, DataType, type RecordBatch, type Schema, Table, type Vector, tableToIPC } from 'apache-arrow';
import { Bytes } from './bytes.js';
import { isFloat64 } from './normalize.js';
import { type ThriftStruct, type ThriftValue, encodeThriftStruct } from './thrift-compact.js';

/** The writer name in the footer (`created_by`) of every file this writer writes: the TypeScript reader reads such files by ranges. */
export const DPP_WRITER = '@dpp/dataset-io';

// Parquet's enum values (parquet.thrift).
const DOUBLE = 5;
const BYTE_ARRAY = 6;
const REQUIRED = 0;
const OPTIONAL = 1;
const UTF8 = 0;
const PLAIN = 0;
const RLE = 3;
const RLE_DICTIONARY = 8;
const DATA_PAGE = 0;
const DICTIONARY_PAGE = 2;
const UNCOMPRESSED = 0;
const MAGIC = new Uint8Array([0x50, 0x41, 0x52, 0x31]); // PAR1

export interface PlainParquetOptions {
  /** Rows per row group. Default 65,536. */
  rowGroupRows?: number;
}

/** Builds uncompressed Parquet files batch by batch; see {@link createPlainParquetWriter}. */
export interface PlainParquetWriter {
  /** Rows written to the file under way. */
  readonly rows: number;
  /** Appends the rows of `batch` at the ascending indices `rows` (every row when omitted), copied once, straight into the pages. */
  write(batch: RecordBatch, rows?: Uint32Array): void;
  /** Ends the file under way and returns its bytes; the writer then starts a new file. */
  finish(): Uint8Array;
}

/**
 * Encodes Float64 and Utf8 columns as uncompressed Parquet in TypeScript: PLAIN values,
 * definition levels from the validity bitmap (a bit-packed run of width 1 is that bitmap),
 * one data page per written batch and column, chunk statistics (null count; min and max of
 * numbers) and the Arrow schema (`ARROW:schema`, field metadata included) that Arrow readers
 * restore. `write` only keeps the batches (and the rows picked from them); `finish` encodes
 * them column by column straight into the file's buffer, so each value is copied once, with
 * no batch built in between. A Utf8 column chunk that holds one value in every row (the model
 * version, batch id and time of a score batch) is dictionary encoded instead: a one-entry
 * dictionary page, then one RLE run of index 0 per page, a few bytes whatever the rows.
 *
 * @throws TypeError naming the first column of another type.
 */
export function createPlainParquetWriter(schema: Schema, options: PlainParquetOptions = {}): PlainParquetWriter {
  const fields = schema.fields.map((field) => {
    const double = isFloat64(field.type);
    if (!double && !DataType.isUtf8(field.type)) throw new TypeError(`writePlainParquet: column '${field.name}' is ${String(field.type)}; only Float64 and Utf8 are written uncompressed in TypeScript`);
    return { name: field.name, double, optional: field.nullable };
  });
  const groupRows = Math.max(1, options.rowGroupRows ?? 65_536);
  const scratch = new Scratch();
  const footerTail = footerParts(schema);
  let pending: Piece[] = [];
  let pendingRows = 0;

  const encodeGroup = (file: Bytes, group: readonly Piece[], rows: number): ThriftValue => {
    const groupStart = file.length;
    const columns = fields.map((field, c): ThriftValue => {
      const start = file.length;
      const stats = new ChunkStats();
      const single = field.double ? undefined : singleText(group, c);
      if (single !== undefined) dictionaryPage(file, single);
      const dataStart = file.length;
      for (const piece of group) {
        const data = (piece.batch.getChildAt(c) as Vector).data[0] as Data;
        if (!field.optional && data.nullCount > 0) throw new TypeError(`writePlainParquet: column '${field.name}' is not nullable but holds ${data.nullCount} nulls`);
        if (field.double) doublePage(file, stats, scratch, data, field.optional, piece.rows, piece.start, piece.count);
        else if (single !== undefined) singleTextPage(file, field.optional, piece.count);
        else textPage(file, stats, scratch, data, field.optional, piece.rows, piece.start, piece.count);
      }
      const size = file.length - start;
      const metadata: ThriftStruct = [
        [1, { i32: field.double ? DOUBLE : BYTE_ARRAY }],
        [2, { list: { of: 'i32', items: single === undefined ? [{ i32: PLAIN }, { i32: RLE }] : [{ i32: PLAIN }, { i32: RLE }, { i32: RLE_DICTIONARY }] } }],
        [3, { list: { of: 'string', items: [{ string: field.name }] } }],
        [4, { i32: UNCOMPRESSED }],
        [5, { i64: rows }],
        [6, { i64: size }],
        [7, { i64: size }],
        [9, { i64: dataStart }],
        [11, single === undefined ? undefined : { i64: start }],
        [12, { struct: stats.thrift() }],
      ];
      return { struct: [[2, { i64: start }], [3, { struct: metadata }]] };
    });
    return {
      struct: [
        [1, { list: { of: 'struct', items: columns } }],
        [2, { i64: file.length - groupStart }],
        [3, { i64: rows }],
        [5, { i64: groupStart }],
        [6, { i64: file.length - groupStart }],
      ],
    };
  };

  return {
    get rows() {
      return pendingRows;
    },
    write(batch, rows) {
      if (batch.schema.fields.length !== fields.length) throw new TypeError(`writePlainParquet: a batch of ${batch.schema.fields.length} columns for a schema of ${fields.length}`);
      const count = rows === undefined ? batch.numRows : rows.length;
      if (count === 0) return;
      pending.push({ batch, rows, start: 0, count });
      pendingRows += count;
    },
    finish() {
      const file = new Bytes(sizeBound(fields, pending));
      file.append(MAGIC);
      const rowGroups = groupsOf(pending, groupRows).map(({ pieces, rows }) => encodeGroup(file, pieces, rows));
      const footer = encodeThriftStruct([
        [1, { i32: 1 }],
        footerTail.schema,
        [3, { i64: pendingRows }],
        [4, { list: { of: 'struct', items: rowGroups } }],
        footerTail.keyValues,
        [6, { string: DPP_WRITER }],
        footerTail.columnOrders,
      ]);
      file.append(footer);
      file.uint32(footer.length);
      file.append(MAGIC);
      pending = [];
      pendingRows = 0;
      return file.view();
    },
  };
}

/** Rows of a batch to write: `rows` by index, or `start..start+count`. */
interface Piece {
  batch: RecordBatch;
  rows: Uint32Array | undefined;
  start: number;
  count: number;
}

/** The pieces cut into row groups of at most `groupRows` rows. */
function groupsOf(pieces: readonly Piece[], groupRows: number): Array<{ pieces: Piece[]; rows: number }> {
  const groups: Array<{ pieces: Piece[]; rows: number }> = [];
  let current: Piece[] = [];
  let rows = 0;
  for (const piece of pieces) {
    for (let done = 0; done < piece.count; ) {
      const take = Math.min(piece.count - done, groupRows - rows);
      current.push(piece.rows === undefined ? { ...piece, start: piece.start + done, count: take } : { ...piece, rows: piece.rows.subarray(done, done + take), count: take });
      rows += take;
      done += take;
      if (rows === groupRows) {
        groups.push({ pieces: current, rows });
        current = [];
        rows = 0;
      }
    }
  }
  if (rows > 0) groups.push({ pieces: current, rows });
  return groups;
}

/** About the size of the file: values, text bytes (of the whole batches), headers and levels. */
function sizeBound(fields: ReadonlyArray<{ double: boolean }>, pieces: readonly Piece[]): number {
  let bytes = 1 << 16;
  for (const piece of pieces) {
    bytes += fields.length * (56 + (piece.count >> 3)) + piece.count * 8 * fields.length;
    for (let c = 0; c < fields.length; c++) {
      if ((fields[c] as { double: boolean }).double) continue;
      const offsets = ((piece.batch.getChildAt(c) as Vector).data[0] as Data).valueOffsets as Int32Array;
      bytes += (offsets[offsets.length - 1] as number) - (offsets[0] as number) - piece.count * 4;
    }
  }
  return bytes;
}

/** Encodes record batches as one uncompressed Parquet file (see {@link createPlainParquetWriter}). */
export function writePlainParquet(schema: Schema, batches: readonly RecordBatch[], options: PlainParquetOptions = {}): Uint8Array {
  const writer = createPlainParquetWriter(schema, options);
  for (const batch of batches) writer.write(batch);
  return writer.finish();
}

type ThriftField = ThriftStruct[number];

/** The fields of the footer that depend on the schema only. */
function footerParts(schema: Schema): { schema: ThriftField; keyValues: ThriftField; columnOrders: ThriftField } {
  const elements: ThriftValue[] = [
    { struct: [[4, { string: 'schema' }], [5, { i32: schema.fields.length }]] },
    ...schema.fields.map((field): ThriftValue => ({
      struct: [
        [1, { i32: isFloat64(field.type) ? DOUBLE : BYTE_ARRAY }],
        [3, { i32: field.nullable ? OPTIONAL : REQUIRED }],
        [4, { string: field.name }],
        [6, isFloat64(field.type) ? undefined : { i32: UTF8 }],
        [10, isFloat64(field.type) ? undefined : { struct: [[1, { struct: [] }]] }], // LogicalType STRING
      ],
    })),
  ];
  // The Arrow IPC schema message (continuation marker, length, flatbuffer), base64, as Arrow writers store it.
  const stream = tableToIPC(new Table(schema), 'stream');
  const length = new DataView(stream.buffer, stream.byteOffset).getInt32(4, true);
  const arrowSchema = Buffer.from(stream.buffer, stream.byteOffset, 8 + length).toString('base64');
  return {
    schema: [2, { list: { of: 'struct', items: elements } }],
    keyValues: [5, { list: { of: 'struct', items: [{ struct: [[1, { string: 'ARROW:schema' }], [2, { string: arrowSchema }]] }] } }],
    // TypeDefinedOrder for every column: without it readers ignore min_value and max_value
    columnOrders: [7, { list: { of: 'struct', items: schema.fields.map((): ThriftValue => ({ struct: [[1, { struct: [] }]] })) } }],
  };
}

/** Buffers reused from page to page: a page's gathered values and presence bits (definition levels). */
class Scratch {
  bits = new Uint8Array(128);
  private values = new Float64Array(1024);
  ensure(rows: number): void {
    if (this.bits.length < (rows + 7) >> 3) this.bits = new Uint8Array(Math.max((rows + 7) >> 3, this.bits.length * 2));
  }
  /** A Float64 buffer for `rows` values, and bits for as many rows. */
  take(rows: number): Float64Array {
    this.ensure(rows);
    if (this.values.length < rows) this.values = new Float64Array(Math.max(rows, this.values.length * 2));
    return this.values;
  }
}

/**
 * One PLAIN page of a Float64 column: the rows `rows` (or `start..start+count`) of `data`.
 * The values are sliced with the data; its validity bitmap is not (it starts at bit `data.offset`).
 */
function doublePage(out: Bytes, stats: ChunkStats, scratch: Scratch, data: Data, optional: boolean, rows: Uint32Array | undefined, start: number, count: number): void {
  const values = data.values as Float64Array;
  const bitmap = data.nullCount > 0 ? (data.nullBitmap as Uint8Array) : undefined;
  let run: Float64Array;
  if (bitmap === undefined) run = rows === undefined ? values.subarray(start, start + count) : gather(values, rows, scratch.take(count));
  else {
    // PLAIN holds the present values only. Branch-free: every value is stored, and the slot
    // moves on only for a present one; the presence bits are also the definition levels.
    const packed = scratch.take(count);
    const bits = scratch.bits;
    bits.fill(0, 0, (count + 7) >> 3);
    const offset = data.offset;
    let present = 0;
    for (let k = 0; k < count; k++) {
      const r = rows === undefined ? start + k : (rows[k] as number);
      const bit = offset + r;
      const valid = ((bitmap[bit >> 3] as number) >> (bit & 7)) & 1;
      bits[k >> 3]! |= valid << (k & 7);
      packed[present] = values[r] as number;
      present += valid;
    }
    run = packed.subarray(0, present);
  }
  stats.numbers(run);
  stats.nulls += count - run.length;
  // the definition levels padded so that the values start at a multiple of 8 in the file: a
  // reader of the whole file can view them as doubles where they are
  const levels = optional ? levelsSize(count, bitmap !== undefined) : 0;
  let pad = 0;
  while (optional && (out.length + pageHeaderSize(levels + pad + run.byteLength, count) + levels + pad) % 8 !== 0) pad++;
  pageHeader(out, levels + pad + run.byteLength, count, PLAIN);
  if (optional) writeLevels(out, scratch.bits, count, bitmap !== undefined, pad);
  out.append(new Uint8Array(run.buffer, run.byteOffset, run.byteLength));
}

function gather(values: Float64Array, rows: Uint32Array, into: Float64Array): Float64Array {
  for (let k = 0; k < rows.length; k++) into[k] = values[rows[k] as number] as number;
  return into.subarray(0, rows.length);
}

/** One PLAIN page of a Utf8 column (each present value: its length, 4 bytes, then its bytes). */
function textPage(out: Bytes, stats: ChunkStats, scratch: Scratch, data: Data, optional: boolean, rows: Uint32Array | undefined, start: number, count: number): void {
  const offsets = data.valueOffsets as Int32Array; // sliced with the data, pointing into the whole value buffer
  const text = data.values as Uint8Array;
  const bitmap = data.nullCount > 0 ? (data.nullBitmap as Uint8Array) : undefined;
  scratch.ensure(count);
  const bits = scratch.bits;
  bits.fill(0, 0, (count + 7) >> 3);
  let present = 0;
  let bytes = 0;
  for (let k = 0; k < count; k++) {
    const r = rows === undefined ? start + k : (rows[k] as number);
    const bit = data.offset + r;
    if (bitmap !== undefined && ((bitmap[bit >> 3] as number) & (1 << (bit & 7))) === 0) continue;
    bits[k >> 3]! |= 1 << (k & 7);
    present++;
    bytes += (offsets[r + 1] as number) - (offsets[r] as number);
  }
  stats.nulls += count - present;
  const levels = optional ? levelsSize(count, bitmap !== undefined) : 0;
  pageHeader(out, levels + 4 * present + bytes, count, PLAIN);
  if (optional) writeLevels(out, bits, count, bitmap !== undefined);
  for (let k = 0; k < count; k++) {
    if (((bits[k >> 3] as number) & (1 << (k & 7))) === 0) continue;
    const r = rows === undefined ? start + k : (rows[k] as number);
    const from = offsets[r] as number;
    const to = offsets[r + 1] as number;
    out.uint32(to - from);
    out.append(text.subarray(from, to));
  }
}

/**
 * Definition levels (RLE/bit-packed hybrid, width 1, after their 4-byte length): one RLE
 * run of 1 when every value is present, else one bit-packed run of the presence bits; then
 * `pad` zero bytes, inside the length, that a decoder never reaches (it stops once it has a
 * level for each of the page's values).
 */
function levelsSize(count: number, withNulls: boolean): number {
  const groups = (count + 7) >> 3;
  return 4 + (withNulls ? varintSize(groups * 2 + 1) + groups : varintSize(count * 2) + 1);
}

function writeLevels(out: Bytes, bits: Uint8Array, count: number, withNulls: boolean, pad = 0): void {
  const groups = (count + 7) >> 3;
  if (withNulls) {
    out.uint32(varintSize(groups * 2 + 1) + groups + pad);
    out.varint(groups * 2 + 1);
    out.append(bits.subarray(0, groups));
  } else {
    out.uint32(varintSize(count * 2) + 1 + pad);
    out.varint(count * 2);
    out.byte(1);
  }
  for (let i = 0; i < pad; i++) out.byte(0);
}

/** The first fields of a PageHeader: its type, and its size (the same uncompressed and compressed). */
function pageHeaderStart(out: Bytes, type: number, size: number): void {
  out.byte(0x15); // field 1, i32: type
  out.byte(type * 2);
  out.byte(0x15); // field 2, i32: uncompressed size
  out.varint(size * 2);
  out.byte(0x15); // field 3, i32: compressed size
  out.varint(size * 2);
}

/** The bytes {@link pageHeader} writes for a page of `size` bytes holding `values` values. */
function pageHeaderSize(size: number, values: number): number {
  return 14 + 2 * varintSize(size * 2) + varintSize(values * 2);
}

/** A DATA_PAGE header: PageHeader { type, sizes, DataPageHeader { values, encoding, RLE, RLE } } in Thrift compact, written by hand: there is one per page. */
function pageHeader(out: Bytes, size: number, values: number, encoding: number): void {
  pageHeaderStart(out, DATA_PAGE, size);
  out.byte(0x2c); // field 5 (delta 2), struct: DataPageHeader
  out.byte(0x15);
  out.varint(values * 2);
  out.byte(0x15);
  out.byte(encoding * 2);
  out.byte(0x15);
  out.byte(RLE * 2);
  out.byte(0x15);
  out.byte(RLE * 2);
  out.byte(0); // end of DataPageHeader
  out.byte(0); // end of PageHeader
}

/**
 * The one value every row of column `c` holds in `group`, as UTF-8 bytes; undefined when the
 * rows differ, hold a null or are picked by index (those are written PLAIN). Every value has
 * the first one's length, and the text equals itself shifted by that length: one memcmp.
 */
function singleText(group: readonly Piece[], c: number): Uint8Array | undefined {
  let value: Uint8Array | undefined;
  for (const piece of group) {
    const data = (piece.batch.getChildAt(c) as Vector).data[0] as Data;
    if (piece.rows !== undefined || data.nullCount > 0) return undefined;
    const offsets = data.valueOffsets as Int32Array;
    const text = data.values as Uint8Array;
    const from = offsets[piece.start] as number;
    const length = (offsets[piece.start + 1] as number) - from;
    value ??= text.slice(from, from + length);
    if (length !== value.length) return undefined;
    for (let k = 1; k <= piece.count; k++) if ((offsets[piece.start + k] as number) - (offsets[piece.start + k - 1] as number) !== length) return undefined;
    const all = text.subarray(from, offsets[piece.start + piece.count] as number);
    if (Buffer.compare(all.subarray(0, length), value) !== 0 || Buffer.compare(all.subarray(length), all.subarray(0, all.length - length)) !== 0) return undefined;
  }
  return value;
}

/** A DICTIONARY_PAGE of one PLAIN value: PageHeader { type, sizes, DictionaryPageHeader { 1 value, PLAIN } }, then the value. */
function dictionaryPage(out: Bytes, value: Uint8Array): void {
  pageHeaderStart(out, DICTIONARY_PAGE, 4 + value.length);
  out.byte(0x4c); // field 7 (delta 4), struct: DictionaryPageHeader
  out.byte(0x15);
  out.byte(2); // 1 value (zigzag)
  out.byte(0x15);
  out.byte(PLAIN * 2);
  out.byte(0); // end of DictionaryPageHeader
  out.byte(0); // end of PageHeader
  out.uint32(value.length);
  out.append(value);
}

/** A data page of `count` rows that all hold the dictionary's one value: levels, bit width 1, one RLE run of index 0. */
function singleTextPage(out: Bytes, optional: boolean, count: number): void {
  const indices = 1 + varintSize(count * 2) + 1;
  pageHeader(out, (optional ? levelsSize(count, false) : 0) + indices, count, RLE_DICTIONARY);
  if (optional) writeLevels(out, new Uint8Array(0), count, false);
  out.byte(1);
  out.varint(count * 2);
  out.byte(0);
}

function varintSize(n: number): number {
  let size = 1;
  for (let rest = n; rest >= 0x80; rest = Math.floor(rest / 0x80)) size++;
  return size;
}

class ChunkStats {
  nulls = 0;
  min = Number.POSITIVE_INFINITY;
  max = Number.NEGATIVE_INFINITY;
  numbers(values: Float64Array): void {
    let min = this.min;
    let max = this.max;
    for (let i = 0; i < values.length; i++) {
      const v = values[i] as number;
      if (v < min) min = v;
      if (v > max) max = v;
    }
    this.min = min;
    this.max = max;
  }
  thrift(): ThriftStruct {
    const double = (v: number) => {
      const bytes = new Uint8Array(8);
      new DataView(bytes.buffer).setFloat64(0, v, true);
      return { binary: bytes };
    };
    const seen = this.min <= this.max;
    return [
      [3, { i64: this.nulls }],
      [5, seen ? double(this.max) : undefined],
      [6, seen ? double(this.min) : undefined],
    ];
  }
}
