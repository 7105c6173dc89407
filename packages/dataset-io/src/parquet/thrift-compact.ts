import { Bytes } from './bytes.js';

/**
 * The few Thrift compact-protocol values a Parquet footer and page header need, written as
 * plain data: a struct is a list of `[fieldId, value]` pairs in increasing id order.
 * (https://github.com/apache/thrift/blob/master/doc/specs/thrift-compact-protocol.md)
 */
export type ThriftValue =
  | { i32: number }
  | { i64: number }
  | { binary: Uint8Array }
  | { string: string }
  | { struct: ThriftStruct }
  | { list: { of: 'i32' | 'string' | 'struct'; items: ThriftValue[] } };

export type ThriftStruct = ReadonlyArray<readonly [id: number, value: ThriftValue | undefined]>;

const TYPE = { i32: 5, i64: 6, binary: 8, string: 8, list: 9, struct: 12 } as const;
const encoder = new TextEncoder();

/** Serializes one struct (a page header, the file metadata) to bytes. */
export function encodeThriftStruct(fields: ThriftStruct): Uint8Array {
  const out = new Bytes(256);
  writeStruct(out, fields);
  return out.view().slice();
}

function writeStruct(out: Bytes, fields: ThriftStruct): void {
  let last = 0;
  for (const [id, value] of fields) {
    if (value === undefined) continue;
    const type = TYPE[kindOf(value)];
    if (id > last && id - last <= 15) out.byte(((id - last) << 4) | type);
    else {
      out.byte(type);
      out.varint(zigzag(id));
    }
    last = id;
    writeValue(out, value);
  }
  out.byte(0); // stop
}

function writeValue(out: Bytes, value: ThriftValue): void {
  if ('i32' in value) out.varint(zigzag(value.i32));
  else if ('i64' in value) out.varint(zigzag(value.i64));
  else if ('binary' in value) {
    out.varint(value.binary.length);
    out.append(value.binary);
  } else if ('string' in value) writeValue(out, { binary: encoder.encode(value.string) });
  else if ('struct' in value) writeStruct(out, value.struct);
  else {
    const { of, items } = value.list;
    if (items.length < 15) out.byte((items.length << 4) | TYPE[of]);
    else {
      out.byte(0xf0 | TYPE[of]);
      out.varint(items.length);
    }
    for (const item of items) writeValue(out, item);
  }
}

function kindOf(value: ThriftValue): keyof typeof TYPE {
  return Object.keys(value)[0] as keyof typeof TYPE;
}

/** Zigzag of a whole number (up to 2^52 in magnitude), without 32-bit operators. */
function zigzag(n: number): number {
  return n >= 0 ? n * 2 : -n * 2 - 1;
}

/** A decoded Thrift value: numbers (every integer width, and doubles), booleans, bytes, structs by field id, lists. */
export type ThriftRead = number | boolean | Uint8Array | ThriftFields | ThriftRead[];
/** A decoded struct: its fields by id. */
export type ThriftFields = Map<number, ThriftRead>;

/**
 * Reads one compact-protocol struct (a Parquet footer or page header) that starts at
 * `offset`, every field kept by id, and where it ends. Integers are read as doubles: exact
 * up to 2^53, more than any size or offset in a file.
 *
 * @throws RangeError when the bytes end inside the struct or hold an unknown type.
 */
export function decodeThriftStruct(bytes: Uint8Array, offset: number): { fields: ThriftFields; end: number } {
  const reader = new ThriftReader(bytes, offset);
  const fields = reader.struct();
  return { fields, end: reader.at };
}

class ThriftReader {
  constructor(
    private readonly bytes: Uint8Array,
    public at: number,
  ) {}

  private byte(): number {
    if (this.at >= this.bytes.length) throw new RangeError(`thrift: the bytes end at ${this.at}, inside a struct`);
    return this.bytes[this.at++] as number;
  }

  private varint(): number {
    let value = 0;
    let scale = 1;
    for (;;) {
      const b = this.byte();
      value += (b & 0x7f) * scale;
      if (b < 0x80) return value;
      scale *= 0x80;
    }
  }

  private zigzag(): number {
    const n = this.varint();
    return n % 2 === 0 ? n / 2 : -(n + 1) / 2;
  }

  struct(): ThriftFields {
    const fields: ThriftFields = new Map();
    let id = 0;
    for (;;) {
      const header = this.byte();
      if (header === 0) return fields;
      const type = header & 0x0f;
      const delta = header >> 4;
      id = delta === 0 ? this.zigzag() : id + delta;
      // in a struct, a boolean's value is its type: 1 true, 2 false
      fields.set(id, type === 1 || type === 2 ? type === 1 : this.value(type));
    }
  }

  private value(type: number): ThriftRead {
    switch (type) {
      case 1:
      case 2:
        return this.byte() === 1; // a boolean inside a list: one byte
      case 3:
        return (this.byte() << 24) >> 24;
      case 4:
      case 5:
      case 6:
        return this.zigzag();
      case 7: {
        if (this.at + 8 > this.bytes.length) throw new RangeError(`thrift: the bytes end at ${this.bytes.length}, inside a double`);
        const v = new DataView(this.bytes.buffer, this.bytes.byteOffset + this.at, 8).getFloat64(0, true);
        this.at += 8;
        return v;
      }
      case 8: {
        const length = this.varint();
        if (this.at + length > this.bytes.length) throw new RangeError(`thrift: the bytes end at ${this.bytes.length}, inside a binary of ${length}`);
        const v = this.bytes.subarray(this.at, this.at + length);
        this.at += length;
        return v;
      }
      case 9:
      case 10: {
        const header = this.byte();
        const size = header >> 4 === 15 ? this.varint() : header >> 4;
        const items: ThriftRead[] = [];
        for (let i = 0; i < size; i++) items.push(this.value(header & 0x0f));
        return items;
      }
      case 11: {
        // a map, kept as a list of [key, value] lists
        const size = this.varint();
        const types = size > 0 ? this.byte() : 0;
        const items: ThriftRead[] = [];
        for (let i = 0; i < size; i++) items.push([this.value(types >> 4), this.value(types & 0x0f)]);
        return items;
      }
      case 12:
        return this.struct();
      default:
        throw new RangeError(`thrift: unknown type ${type} at ${this.at - 1}`);
    }
  }
}
