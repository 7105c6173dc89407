/** `bytes` with room for `more` bytes past its first `length`: itself, or a copy at least twice as large. */
export function withRoom(bytes: Uint8Array<ArrayBuffer>, length: number, more: number): Uint8Array<ArrayBuffer> {
  if (length + more <= bytes.length) return bytes;
  const grown = new Uint8Array(Math.max(bytes.length * 2, length + more));
  grown.set(bytes.subarray(0, length));
  return grown;
}

/**
 * Repeats the `size` bytes at `start` until `total` bytes from `start` hold copies of them,
 * copying what is written so far onto its end (doubling blocks: a few copies for any run).
 */
export function repeatBytes(bytes: Uint8Array, start: number, size: number, total: number): void {
  for (let filled = size; filled < total; ) {
    const copy = Math.min(filled, total - filled);
    bytes.copyWithin(start + filled, start, start + copy);
    filled += copy;
  }
}
