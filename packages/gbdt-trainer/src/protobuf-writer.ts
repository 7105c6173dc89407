/**
 * A minimal protocol-buffers encoder: varints, length-delimited fields, packed repeated
 * floats and varints. Enough to write ONNX models without a protobuf library.
 */
export class ProtobufWriter {
  private buffer = new Uint8Array(1024);
  private length = 0;
  private readonly view = () => new DataView(this.buffer.buffer);

  private ensure(extra: number): void {
    if (this.length + extra <= this.buffer.length) return;
    let size = this.buffer.length * 2;
    while (size < this.length + extra) size *= 2;
    const grown = new Uint8Array(size);
    grown.set(this.buffer.subarray(0, this.length));
    this.buffer = grown;
  }

  /** An unsigned varint (non-negative integers below 2^53). */
  varint(value: number): this {
    if (!Number.isInteger(value) || value < 0 || value > Number.MAX_SAFE_INTEGER) throw new RangeError(`protobuf varint out of range: ${value}`);
    this.ensure(10);
    let v = value;
    while (v >= 0x80) {
      this.buffer[this.length++] = (v % 0x80) | 0x80;
      v = Math.floor(v / 0x80);
    }
    this.buffer[this.length++] = v;
    return this;
  }

  private key(field: number, wireType: number): this {
    return this.varint(field * 8 + wireType);
  }

  /** An int64/int32 field (non-negative). */
  int(field: number, value: number): this {
    return this.key(field, 0).varint(value);
  }

  /** A float field (fixed 32 bits). */
  float(field: number, value: number): this {
    this.key(field, 5);
    this.ensure(4);
    this.view().setFloat32(this.length, value, true);
    this.length += 4;
    return this;
  }

  bytes(field: number, value: Uint8Array): this {
    this.key(field, 2).varint(value.length);
    this.ensure(value.length);
    this.buffer.set(value, this.length);
    this.length += value.length;
    return this;
  }

  string(field: number, value: string): this {
    return this.bytes(field, new TextEncoder().encode(value));
  }

  /** An embedded message written by `write`. */
  message(field: number, write: (w: ProtobufWriter) => void): this {
    const inner = new ProtobufWriter();
    write(inner);
    return this.bytes(field, inner.finish());
  }

  packedFloats(field: number, values: ArrayLike<number>): this {
    const bytes = new Uint8Array(values.length * 4);
    const view = new DataView(bytes.buffer);
    for (let i = 0; i < values.length; i++) view.setFloat32(i * 4, values[i] as number, true);
    return this.bytes(field, bytes);
  }

  packedDoubles(field: number, values: ArrayLike<number>): this {
    const bytes = new Uint8Array(values.length * 8);
    const view = new DataView(bytes.buffer);
    for (let i = 0; i < values.length; i++) view.setFloat64(i * 8, values[i] as number, true);
    return this.bytes(field, bytes);
  }

  packedVarints(field: number, values: ArrayLike<number>): this {
    const inner = new ProtobufWriter();
    for (let i = 0; i < values.length; i++) inner.varint(values[i] as number);
    return this.bytes(field, inner.finish());
  }

  finish(): Uint8Array {
    return this.buffer.slice(0, this.length);
  }
}
