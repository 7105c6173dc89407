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
