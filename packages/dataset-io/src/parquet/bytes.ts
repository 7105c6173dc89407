/** A byte buffer that grows by doubling. */
export class Bytes {
  private buffer: Uint8Array;
  private data: DataView;
  length = 0;
  constructor(capacity: number) {
    this.buffer = new Uint8Array(Math.max(64, capacity));
    this.data = new DataView(this.buffer.buffer);
  }
  byte(b: number): void {
    if (this.length === this.buffer.length) this.grow(1);
    this.buffer[this.length++] = b;
  }
  uint32(n: number): void {
    if (this.length + 4 > this.buffer.length) this.grow(4);
    this.data.setUint32(this.length, n, true);
    this.length += 4;
  }
  varint(n: number): void {
    let rest = n;
    while (rest >= 0x80) {
      this.byte((rest % 0x80) | 0x80);
      rest = Math.floor(rest / 0x80);
    }
    this.byte(rest);
  }
  append(bytes: Uint8Array): void {
    if (this.length + bytes.length > this.buffer.length) this.grow(bytes.length);
    this.buffer.set(bytes, this.length);
    this.length += bytes.length;
  }
  /** The bytes written so far (a view: valid until the next write). */
  view(): Uint8Array {
    return this.buffer.subarray(0, this.length);
  }
  private grow(atLeast: number): void {
    const grown = new Uint8Array(Math.max(this.buffer.length * 2, this.length + atLeast));
    grown.set(this.buffer.subarray(0, this.length));
    this.buffer = grown;
    this.data = new DataView(grown.buffer);
  }
}

/** A column chunk's statistics: null count, and min and max of its numbers (NaN left out). */
