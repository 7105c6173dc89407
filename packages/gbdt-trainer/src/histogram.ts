/**
 * Gradient histograms. A histogram of one feature for one node holds, per bin, three
 * doubles: the sums of the gradients, of the hessians and the row count. The loops here are
 * the engine's hot path: typed arrays, no allocation, one feature column at a time (the bins
 * are column-major, so a pass reads one contiguous Uint8Array).
 */

/** Adds rows `rows[start..end)` of one feature column into `hist` (bins x 3) at `offset`. */
export function accumulateRows(
  hist: Float64Array,
  offset: number,
  column: Uint8Array,
  rows: Uint32Array,
  start: number,
  end: number,
  grad: Float64Array,
  hess: Float64Array,
): void {
  for (let k = start; k < end; k++) {
    const r = rows[k] as number;
    const at = offset + (column[r] as number) * 3;
    hist[at] = (hist[at] as number) + (grad[r] as number);
    hist[at + 1] = (hist[at + 1] as number) + (hess[r] as number);
    hist[at + 2] = (hist[at + 2] as number) + 1;
  }
}

/**
 * Adds rows `rows[0..count)` of one feature into the histograms of the node each row is in:
 * `hist[offset + ((node[r] >> shift) * bins + column[r]) * 3]`. Oblivious trees use it to
 * build a whole level in one pass over the rows.
 */
export function accumulateByNode(
  hist: Float64Array,
  offset: number,
  bins: number,
  column: Uint8Array,
  node: Uint16Array,
  shift: number,
  rows: Uint32Array,
  count: number,
  grad: Float64Array,
  hess: Float64Array,
): void {
  for (let k = 0; k < count; k++) {
    const r = rows[k] as number;
    const at = offset + (((node[r] as number) >> shift) * bins + (column[r] as number)) * 3;
    hist[at] = (hist[at] as number) + (grad[r] as number);
    hist[at + 1] = (hist[at + 1] as number) + (hess[r] as number);
    hist[at + 2] = (hist[at + 2] as number) + 1;
  }
}

/** target[i] = parent[i] - child[i] over `length` doubles: the histogram subtraction trick. */
export function subtractInto(target: Float64Array, targetOffset: number, parent: Float64Array, parentOffset: number, child: Float64Array, childOffset: number, length: number): void {
  for (let i = 0; i < length; i++) target[targetOffset + i] = (parent[parentOffset + i] as number) - (child[childOffset + i] as number);
}
