import { type Data, DataType, type RecordBatch, type Schema, Table, type Vector, tableToIPC } from 'apache-arrow';
import { type ThriftStruct, type ThriftValue, encodeThriftStruct } from './thrift-compact.js';

// Parquet's enum values (parquet.thrift).
const DOUBLE = 5;
const BYTE_ARRAY = 6;
const REQUIRED = 0;
const OPTIONAL = 1;
const UTF8 = 0;
const PLAIN = 0;
const RLE = 3;
const DATA_PAGE = 0;
const UNCOMPRESSED = 0;
const MAGIC = new Uint8Array([0x50, 0x41, 0x52, 0x31]); // PAR1

/**
 * Encodes Float64 and Utf8 columns as an uncompressed Parquet file in TypeScript: PLAIN
 * values (a Float64 column without nulls is its Arrow buffer as it is), definition levels
 * taken from the validity bitmap (a bit-packed run of width 1 is that bitmap), one data page
 * per batch and column, chunk statistics (null count; min and max of numbers), and the
 * Arrow schema (`ARROW:schema`, field metadata included) that Arrow readers restore. It
 * costs little more than copying the bytes, where parquet-wasm copies the batches into
 * WebAssembly memory and encodes them value by value.
 *
 * @throws TypeError naming the first column of another type.
 */
export function writePlainParquet(schema: Schema, batches: readonly RecordBatch[], options: { rowGroupRows?: number; createdBy?: string } = {}): Uint8Array {
  for (const field of schema.fields) {
    if (!isDouble(field.type) && !DataType.isUtf8(field.type)) throw new TypeError(`writePlainParquet: column '${field.name}' is ${String(field.type)}; only Float64 and Utf8 are written uncompressed in TypeScript`);
  }
  const groupRows = Math.max(1, options.rowGroupRows ?? 65_536);
  const chunks: Uint8Array[] = [MAGIC];
  let at = MAGIC.length;
  const push = (bytes: Uint8Array) => {
    chunks.push(bytes);
    at += bytes.length;
  };
  const rowGroups: ThriftValue[] = [];
  let totalRows = 0;
  for (const group of rowGroupsOf(batches, groupRows)) {
    const rows = group.reduce((s, b) => s + b.numRows, 0);
    const groupStart = at;
    const columns = schema.fields.map((field, c) => {
      const start = at;
      const stats = new ChunkStats();
      for (const batch of group) {
        const data = (batch.getChildAt(c) as Vector).data[0] as Data;
        const body = isDouble(field.type) ? doublePage(data, field.nullable, stats) : textPage(data, field.nullable, stats);
        const size = body.reduce((s, b) => s + b.length, 0);
        push(encodeThriftStruct([
          [1, { i32: DATA_PAGE }],
          [2, { i32: size }],
          [3, { i32: size }],
          [5, { struct: [[1, { i32: data.length }], [2, { i32: PLAIN }], [3, { i32: RLE }], [4, { i32: RLE }]] }],
        ]));
        for (const b of body) push(b);
      }
      const metadata: ThriftStruct = [
        [1, { i32: isDouble(field.type) ? DOUBLE : BYTE_ARRAY }],
        [2, { list: { of: 'i32', items: [{ i32: PLAIN }, { i32: RLE }] } }],
        [3, { list: { of: 'string', items: [{ string: field.name }] } }],
        [4, { i32: UNCOMPRESSED }],
        [5, { i64: rows }],
        [6, { i64: at - start }],
        [7, { i64: at - start }],
        [9, { i64: start }],
        [12, { struct: stats.thrift() }],
      ];
      return { struct: [[2, { i64: start }], [3, { struct: metadata }]] } satisfies ThriftValue;
    });
    rowGroups.push({
      struct: [
        [1, { list: { of: 'struct', items: columns } }],
        [2, { i64: at - groupStart }],
        [3, { i64: rows }],
        [5, { i64: groupStart }],
        [6, { i64: at - groupStart }],
      ],
    });
    totalRows += rows;
  }
  const footer = encodeThriftStruct([
    [1, { i32: 1 }],
    [2, { list: { of: 'struct', items: schemaElements(schema) } }],
    [3, { i64: totalRows }],
    [4, { list: { of: 'struct', items: rowGroups } }],
    [5, { list: { of: 'struct', items: [{ struct: [[1, { string: 'ARROW:schema' }], [2, { string: arrowSchemaBase64(schema) }]] }] } }],
    [6, { string: options.createdBy ?? '@dpp/dataset-io' }],
    // TypeDefinedOrder for every column: without it readers ignore min_value and max_value
    [7, { list: { of: 'struct', items: schema.fields.map((): ThriftValue => ({ struct: [[1, { struct: [] }]] })) } }],
  ]);
  push(footer);
  const tail = new Uint8Array(8);
  new DataView(tail.buffer).setUint32(0, footer.length, true);
  tail.set(MAGIC, 4);
  push(tail);
  const file = new Uint8Array(at);
  let offset = 0;
  for (const chunk of chunks) {
    file.set(chunk, offset);
    offset += chunk.length;
  }
  return file;
}

function isDouble(type: DataType): boolean {
  return DataType.isFloat(type) && type.precision === 2;
}

/** The batches cut into groups of at most `groupRows` rows (batches sliced where a group ends). */
function rowGroupsOf(batches: readonly RecordBatch[], groupRows: number): RecordBatch[][] {
  const groups: RecordBatch[][] = [];
  let current: RecordBatch[] = [];
  let rows = 0;
  for (const batch of batches) {
    for (let offset = 0; offset < batch.numRows; ) {
      const take = Math.min(batch.numRows - offset, groupRows - rows);
      current.push(offset === 0 && take === batch.numRows ? batch : batch.slice(offset, offset + take));
      rows += take;
      offset += take;
      if (rows === groupRows) {
        groups.push(current);
        current = [];
        rows = 0;
      }
    }
  }
  if (rows > 0) groups.push(current);
  return groups;
}

function schemaElements(schema: Schema): ThriftValue[] {
  return [
    { struct: [[4, { string: 'schema' }], [5, { i32: schema.fields.length }]] },
    ...schema.fields.map((field): ThriftValue => ({
      struct: [
        [1, { i32: isDouble(field.type) ? DOUBLE : BYTE_ARRAY }],
        [3, { i32: field.nullable ? OPTIONAL : REQUIRED }],
        [4, { string: field.name }],
        [6, isDouble(field.type) ? undefined : { i32: UTF8 }],
        [10, isDouble(field.type) ? undefined : { struct: [[1, { struct: [] }]] }], // LogicalType STRING
      ],
    })),
  ];
}

/** The Arrow IPC schema message (continuation marker, length, flatbuffer), base64, as Arrow writers store it. */
function arrowSchemaBase64(schema: Schema): string {
  const stream = tableToIPC(new Table(schema), 'stream');
  const length = new DataView(stream.buffer, stream.byteOffset).getInt32(4, true);
  return Buffer.from(stream.buffer, stream.byteOffset, 8 + length).toString('base64');
}

/** Bit `i` of an Arrow validity bitmap that starts at bit `offset`. */
function validAt(bitmap: Uint8Array, offset: number, i: number): boolean {
  const bit = offset + i;
  return ((bitmap[bit >> 3] as number) & (1 << (bit & 7))) !== 0;
}

/**
 * The definition levels of an optional column (RLE/bit-packed hybrid, width 1, with its
 * 4-byte length): one RLE run of 1 without nulls, else one bit-packed run, which is the
 * validity bitmap itself when it starts on a byte.
 */
function definitionLevels(data: Data): Uint8Array[] {
  const n = data.length;
  let run: Uint8Array;
  if (data.nullCount === 0 || data.nullBitmap === undefined || data.nullBitmap.length === 0) run = new Uint8Array([...varint(n * 2), 1]);
  else {
    const groups = Math.ceil(n / 8);
    const bitmap = data.nullBitmap;
    let bits: Uint8Array;
    if (data.offset % 8 === 0) bits = bitmap.subarray(data.offset >> 3, (data.offset >> 3) + groups);
    else {
      bits = new Uint8Array(groups);
      for (let i = 0; i < n; i++) if (validAt(bitmap, data.offset, i)) bits[i >> 3]! |= 1 << (i & 7);
    }
    const header = varint(groups * 2 + 1);
    run = new Uint8Array(header.length + groups);
    run.set(header);
    run.set(bits, header.length);
  }
  const length = new Uint8Array(4);
  new DataView(length.buffer).setUint32(0, run.length, true);
  return [length, run];
}

function varint(n: number): number[] {
  const out: number[] = [];
  let rest = n;
  while (rest >= 0x80) {
    out.push((rest % 0x80) | 0x80);
    rest = Math.floor(rest / 0x80);
  }
  out.push(rest);
  return out;
}

function doublePage(data: Data, nullable: boolean, stats: ChunkStats): Uint8Array[] {
  const values = (data.values as Float64Array).subarray(0, data.length); // values are sliced with the data; the bitmap is not
  const levels = nullable ? definitionLevels(data) : [];
  if (data.nullCount === 0) {
    stats.numbers(values, values.length);
    return [...levels, new Uint8Array(values.buffer, values.byteOffset, values.byteLength)];
  }
  // PLAIN holds the present values only.
  const present = new Float64Array(data.length - data.nullCount);
  const bitmap = data.nullBitmap as Uint8Array;
  for (let i = 0, k = 0; i < values.length; i++) if (validAt(bitmap, data.offset, i)) present[k++] = values[i] as number;
  stats.numbers(present, present.length);
  stats.nulls += data.nullCount;
  return [...levels, new Uint8Array(present.buffer)];
}

function textPage(data: Data, nullable: boolean, stats: ChunkStats): Uint8Array[] {
  const offsets = data.valueOffsets as Int32Array; // sliced with the data, pointing into the whole value buffer
  const bytes = data.values as Uint8Array;
  const bitmap = data.nullCount > 0 ? (data.nullBitmap as Uint8Array) : undefined;
  const first = offsets[0] as number;
  const present = data.length - data.nullCount;
  const out = new Uint8Array(4 * present + ((offsets[data.length] as number) - first));
  const view = new DataView(out.buffer);
  let at = 0;
  for (let i = 0; i < data.length; i++) {
    if (bitmap !== undefined && !validAt(bitmap, data.offset, i)) continue;
    const start = offsets[i] as number;
    const end = offsets[i + 1] as number;
    view.setUint32(at, end - start, true);
    out.set(bytes.subarray(start, end), at + 4);
    at += 4 + end - start;
  }
  stats.nulls += data.nullCount;
  return [...(nullable ? definitionLevels(data) : []), out.subarray(0, at)];
}

/** A column chunk's statistics: null count, and min and max of its numbers (NaN left out). */
class ChunkStats {
  nulls = 0;
  private min = Number.POSITIVE_INFINITY;
  private max = Number.NEGATIVE_INFINITY;
  private seen = false;
  numbers(values: Float64Array, n: number): void {
    let min = this.min;
    let max = this.max;
    for (let i = 0; i < n; i++) {
      const v = values[i] as number;
      if (v < min) min = v;
      if (v > max) max = v;
    }
    this.min = min;
    this.max = max;
    this.seen ||= min <= max;
  }
  thrift(): ThriftStruct {
    const double = (v: number) => {
      const bytes = new Uint8Array(8);
      new DataView(bytes.buffer).setFloat64(0, v, true);
      return { binary: bytes };
    };
    return [
      [3, { i64: this.nulls }],
      [5, this.seen ? double(this.max) : undefined],
      [6, this.seen ? double(this.min) : undefined],
    ];
  }
}
