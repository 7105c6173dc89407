// The histogram kernels of @dpp/gbdt-trainer, compiled to WebAssembly by AssemblyScript
// (`npm run build` in the package: asc --sharedMemory --importMemory, no runtime). Every
// argument is a byte address in the one shared memory that the trainer lays out; nothing here
// allocates. A row's quantized gradient, hessian and count are packed in one i64 ("narrow",
// one add per row) or two ("wide", two adds), see src/packed-gradients.ts: integer sums are
// the same in any order, so the histograms, and the model, do not depend on the thread count.

/** Narrow: for k in [start, end): hist[column[list[k]]] += vals[list[k]] (i64 bins). */
export function rowsNarrow(hist: usize, column: usize, list: usize, start: i32, end: i32, vals: usize): void {
  for (let k = start; k < end; k++) {
    const r = <usize>load<u32>(list + (<usize>k << 2));
    const at = hist + (<usize>load<u8>(column + r) << 3);
    store<i64>(at, load<i64>(at) + load<i64>(vals + (r << 3)));
  }
}

/** Wide: the same with two i64 lanes per row and per bin. */
export function rowsWide(hist: usize, column: usize, list: usize, start: i32, end: i32, vals: usize): void {
  for (let k = start; k < end; k++) {
    const r = <usize>load<u32>(list + (<usize>k << 2));
    const at = hist + (<usize>load<u8>(column + r) << 4);
    const v = vals + (r << 4);
    store<i64>(at, load<i64>(at) + load<i64>(v));
    store<i64>(at, load<i64>(at, 8) + load<i64>(v, 8), 8);
  }
}

/**
 * Narrow, a whole oblivious level in one pass: for k in [0, count), with r = list[k],
 * hist[node[r] * bins + column[r]] += vals[r].
 */
export function nodesNarrow(hist: usize, bins: i32, column: usize, node: usize, list: usize, count: i32, vals: usize): void {
  const nb = <usize>bins;
  for (let k = 0; k < count; k++) {
    const r = <usize>load<u32>(list + (<usize>k << 2));
    const at = hist + (((<usize>load<u16>(node + (r << 1))) * nb + <usize>load<u8>(column + r)) << 3);
    store<i64>(at, load<i64>(at) + load<i64>(vals + (r << 3)));
  }
}

/** Wide: the same with two i64 lanes. */
export function nodesWide(hist: usize, bins: i32, column: usize, node: usize, list: usize, count: i32, vals: usize): void {
  const nb = <usize>bins;
  for (let k = 0; k < count; k++) {
    const r = <usize>load<u32>(list + (<usize>k << 2));
    const at = hist + (((<usize>load<u16>(node + (r << 1))) * nb + <usize>load<u8>(column + r)) << 4);
    const v = vals + (r << 4);
    store<i64>(at, load<i64>(at) + load<i64>(v));
    store<i64>(at, load<i64>(at, 8) + load<i64>(v, 8), 8);
  }
}

/** target[i] = parent[i] - child[i] for `words` i64 words: the subtraction trick, exact on packed sums. */
export function subtract(target: usize, parent: usize, child: usize, words: i32): void {
  for (let i: usize = 0; i < <usize>words; i++) {
    const o = i << 3;
    store<i64>(target + o, load<i64>(parent + o) - load<i64>(child + o));
  }
}
