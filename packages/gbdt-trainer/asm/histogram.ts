// The histogram kernels of @dpp/gbdt-trainer, compiled to WebAssembly by AssemblyScript
// (`npm run build` in the package: asc --sharedMemory --importMemory, no runtime). Every
// argument is a byte address in the one shared memory that the trainer lays out; nothing here
// allocates. A row's quantized gradient, hessian and count are packed in one i64 ("narrow",
// one add per row) or two ("wide", two adds), see src/packed-gradients.ts: integer sums are
// the same in any order, so the histograms, and the model, do not depend on the thread count.

/**
 * Narrow: for k in [start, end): hist[column[list[k]]] += ordered[k] (i64 bins), where
 * `ordered` holds the rows' packed values in list order (see `gather`): every feature's pass
 * reads them in sequence instead of gathering them from all the rows again.
 */
export function rowsNarrow(hist: usize, column: usize, list: usize, start: i32, end: i32, ordered: usize): void {
  for (let k = start; k < end; k++) {
    const r = <usize>load<u32>(list + (<usize>k << 2));
    const at = hist + (<usize>load<u8>(column + r) << 3);
    store<i64>(at, load<i64>(at) + load<i64>(ordered + (<usize>k << 3)));
  }
}

/**
 * ordered[k] = vals[list[k]] for k in [start, end), `lanes` i64 words each: the packed values
 * of a leaf's rows in the order its histograms read them (LightGBM's "ordered gradients").
 */
export function gather(ordered: usize, list: usize, start: i32, end: i32, vals: usize, lanes: i32): void {
  if (lanes == 1) {
    for (let k = start; k < end; k++) {
      const r = <usize>load<u32>(list + (<usize>k << 2));
      store<i64>(ordered + (<usize>k << 3), load<i64>(vals + (r << 3)));
    }
  } else {
    for (let k = start; k < end; k++) {
      const r = <usize>load<u32>(list + (<usize>k << 2));
      const v = vals + (r << 4);
      const o = ordered + (<usize>k << 4);
      store<i64>(o, load<i64>(v));
      store<i64>(o, load<i64>(v, 8), 8);
    }
  }
}

/**
 * Row-wise, narrow: for k in [start, end), with r = list[k], and for j in [from, to):
 * hist[offs[j] + rowBins[r * width + feats[j]]] += ordered[k]. `rowBins` holds the bins
 * row-major (`transpose`), so a leaf of few rows reads its rows' bytes, a few cache lines
 * each, where the column-major passes would touch nearly every line of every column.
 * `feats` and `offs` are u32: a task's features and the bin their histograms start at.
 */
export function rowwiseNarrow(hist: usize, rowBins: usize, width: i32, feats: usize, offs: usize, from: i32, to: i32, list: usize, start: i32, end: i32, ordered: usize): void {
  for (let k = start; k < end; k++) {
    const row = rowBins + <usize>load<u32>(list + (<usize>k << 2)) * <usize>width;
    const v = load<i64>(ordered + (<usize>k << 3));
    for (let j = from; j < to; j++) {
      const at = hist + ((<usize>load<u32>(offs + (<usize>j << 2)) + <usize>load<u8>(row + <usize>load<u32>(feats + (<usize>j << 2)))) << 3);
      store<i64>(at, load<i64>(at) + v);
    }
  }
}

/** Row-wise, narrow, when the task's features are every feature in order (feats[j] = j): the row's bytes read in sequence. */
export function rowwiseDenseNarrow(hist: usize, rowBins: usize, width: i32, offs: usize, from: i32, to: i32, list: usize, start: i32, end: i32, ordered: usize): void {
  for (let k = start; k < end; k++) {
    const row = rowBins + <usize>load<u32>(list + (<usize>k << 2)) * <usize>width;
    const v = load<i64>(ordered + (<usize>k << 3));
    for (let j = from; j < to; j++) {
      const at = hist + ((<usize>load<u32>(offs + (<usize>j << 2)) + <usize>load<u8>(row + <usize>j)) << 3);
      store<i64>(at, load<i64>(at) + v);
    }
  }
}

/** Row-wise, wide: the same with two i64 lanes. */
export function rowwiseWide(hist: usize, rowBins: usize, width: i32, feats: usize, offs: usize, from: i32, to: i32, list: usize, start: i32, end: i32, ordered: usize): void {
  for (let k = start; k < end; k++) {
    const row = rowBins + <usize>load<u32>(list + (<usize>k << 2)) * <usize>width;
    const v0 = load<i64>(ordered + (<usize>k << 4));
    const v1 = load<i64>(ordered + (<usize>k << 4), 8);
    for (let j = from; j < to; j++) {
      const at = hist + ((<usize>load<u32>(offs + (<usize>j << 2)) + <usize>load<u8>(row + <usize>load<u32>(feats + (<usize>j << 2)))) << 4);
      store<i64>(at, load<i64>(at) + v0);
      store<i64>(at, load<i64>(at, 8) + v1, 8);
    }
  }
}

/**
 * dst[r * cols + c] = src[c * rows + r]: column-major bytes to row-major, eight columns at a
 * time (one 8-byte store per row), in blocks of rows whose output stays in cache.
 */
export function transpose(dst: usize, src: usize, rows: i32, cols: i32): void {
  const R = <usize>rows;
  const W = <usize>cols;
  const W8 = W & ~(<usize>7);
  for (let r0: usize = 0; r0 < R; r0 += 512) {
    const r1 = min(r0 + 512, R);
    for (let c: usize = 0; c < W8; c += 8) {
      const col = src + c * R;
      for (let r = r0; r < r1; r++) {
        const at = col + r;
        const v =
          <u64>load<u8>(at) |
          (<u64>load<u8>(at + R) << 8) |
          (<u64>load<u8>(at + 2 * R) << 16) |
          (<u64>load<u8>(at + 3 * R) << 24) |
          (<u64>load<u8>(at + 4 * R) << 32) |
          (<u64>load<u8>(at + 5 * R) << 40) |
          (<u64>load<u8>(at + 6 * R) << 48) |
          (<u64>load<u8>(at + 7 * R) << 56);
        store<u64>(dst + r * W + c, v);
      }
    }
    for (let c = W8; c < W; c++) {
      const col = src + c * R;
      for (let r = r0; r < r1; r++) store<u8>(dst + r * W + c, load<u8>(col + r));
    }
  }
}

/** Narrow, rows `from..to` themselves (every row of the table, in order: no list to read): hist[column[r]] += vals[r]. */
export function rangeNarrow(hist: usize, column: usize, from: i32, to: i32, vals: usize): void {
  for (let r = <usize>from; r < <usize>to; r++) {
    const at = hist + (<usize>load<u8>(column + r) << 3);
    store<i64>(at, load<i64>(at) + load<i64>(vals + (r << 3)));
  }
}

/** Wide: the same with two i64 lanes. */
export function rangeWide(hist: usize, column: usize, from: i32, to: i32, vals: usize): void {
  for (let r = <usize>from; r < <usize>to; r++) {
    const at = hist + (<usize>load<u8>(column + r) << 4);
    const v = vals + (r << 4);
    store<i64>(at, load<i64>(at) + load<i64>(v));
    store<i64>(at, load<i64>(at, 8) + load<i64>(v, 8), 8);
  }
}

/** Zeroes `bytes` bytes from `at`: a histogram before its sums. */
export function zero(at: usize, bytes: i32): void {
  memory.fill(at, 0, <usize>bytes);
}

/** Wide: the same with two i64 lanes per row and per bin. */
export function rowsWide(hist: usize, column: usize, list: usize, start: i32, end: i32, ordered: usize): void {
  for (let k = start; k < end; k++) {
    const r = <usize>load<u32>(list + (<usize>k << 2));
    const at = hist + (<usize>load<u8>(column + r) << 4);
    const v = ordered + (<usize>k << 4);
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

// ---- split search on the integer histograms ----
// A bin's three sums come out of its packed word(s): narrow, the gradient is the top bits
// (arithmetic shift by `gradShift`), the hessian the bits from `countBits` below it, the count
// the low `countBits`; wide, the gradient is the first word, the hessian and count the high
// and low halves of the second. Prefix sums stay integers (exact); only gains are floats.

let g: i64 = 0;
let h: i64 = 0;
let c: i64 = 0;
// Values fixed for one search, kept in globals rather than locals: V8 recomputes a local's
// pure expression (a mask, a division) at its use inside the loop, each time round.
let hessMask: i64 = 0;
let countMask: i64 = 0;
let parentGain: f64 = 0;

// @ts-ignore: decorator
@inline function setMasks(countBits: i64, gradShift: i64): void {
  hessMask = (<i64>1 << gradShift) - 1;
  countMask = (<i64>1 << countBits) - 1;
}

// @ts-ignore: decorator
@inline function unpack(at: usize, lanes: i32, countBits: i64, gradShift: i64): void {
  if (lanes == 1) {
    const v = load<i64>(at);
    g = v >> gradShift;
    h = (v & hessMask) >>> countBits;
    c = v & countMask;
  } else {
    g = load<i64>(at);
    const w = load<i64>(at, 8);
    h = w >>> 32;
    c = w & 0xffffffff;
  }
}

/**
 * The best split of one node on one feature (leaf-wise trees): candidates are bin s (bins
 * 1..s go left) and the side missing values (bin 0) take; gain
 * G_L^2/(H_L+lambda) + G_R^2/(H_R+lambda) - G^2/(H+lambda) with the sums scaled by gs and hs;
 * at least `minData` rows and `minHess` hessian each side. Writes [gain, bin, missing left]
 * as f64 at `out` (gain 0 when no split gains). Ties keep the lower bin, then missing right.
 */
export function searchNode(hist: usize, bins: i32, lanes: i32, countBits: i32, gradShift: i32, gs: f64, hs: f64, lambda: f64, minData: f64, minHess: f64, out: usize): void {
  // one copy of the scan per layout, so that the unpacking has no branch inside the loop
  if (lanes == 1) scanNode(hist, bins, 1, countBits, gradShift, gs, hs, lambda, minData, minHess, out);
  else scanNode(hist, bins, 2, countBits, gradShift, gs, hs, lambda, minData, minHess, out);
}

/** The gain of a split whose left side sums `lg` of the node's `G` (integers) and whose sides' hessians are `lhf` and `rhf`. */
// @ts-ignore: decorator
@inline function splitGain(lg: i64, G: i64, lhf: f64, rhf: f64, gs: f64, lambda: f64): f64 {
  const lgf = <f64>lg * gs;
  const rgf = <f64>(G - lg) * gs;
  return (lgf * lgf) / (lhf + lambda) + (rgf * rgf) / (rhf + lambda) - parentGain;
}

// @ts-ignore: decorator
@inline function scanNode(hist: usize, bins: i32, lanes: i32, countBits: i32, gradShift: i32, gs: f64, hs: f64, lambda: f64, minData: f64, minHess: f64, out: usize): void {
  const cb = <i64>countBits;
  const gsh = <i64>gradShift;
  const stride = <usize>(lanes << 3);
  setMasks(cb, gsh);
  let G: i64 = 0;
  let H: i64 = 0;
  let C: i64 = 0;
  for (let b = 0; b < bins; b++) {
    unpack(hist + <usize>b * stride, lanes, cb, gsh);
    G += g;
    H += h;
    C += c;
  }
  unpack(hist, lanes, cb, gsh);
  const mg = g;
  const mh = h;
  const mc = c;
  const Gf = <f64>G * gs;
  parentGain = (Gf * Gf) / (<f64>H * hs + lambda);
  let best: f64 = 0;
  let bestBin: i32 = 0;
  let bestSide: i32 = 0;
  let gl: i64 = 0;
  let hl: i64 = 0;
  let cl: i64 = 0;
  for (let s = 1; s < bins; s++) {
    unpack(hist + <usize>s * stride, lanes, cb, gsh);
    // an empty bin past the first splits the rows as the bin before it did: the same gains,
    // which cannot beat that bin's (a strictly larger gain wins), so it is not scored again
    if (c == 0 && s > 1) continue;
    gl += g;
    hl += h;
    cl += c;
    // missing right leaves the most rows on the right; once even that side is short of rows,
    // so is every later candidate, on either side
    const rc0 = C - cl;
    if (<f64>rc0 < minData || rc0 == 0) break;
    // missing right: bins 1..s go left
    if (<f64>cl >= minData && cl != 0) {
      const lhf = <f64>hl * hs;
      const rhf = <f64>(H - hl) * hs;
      if (lhf >= minHess && rhf >= minHess) {
        const gain = splitGain(gl, G, lhf, rhf, gs, lambda);
        if (gain > best) {
          best = gain;
          bestBin = s;
          bestSide = 0;
        }
      }
    }
    // missing left: bins 0..s go left
    if (mc != 0) {
      const lg = gl + mg;
      const lh = hl + mh;
      const lc = cl + mc;
      const rc = C - lc;
      const lhf = <f64>lh * hs;
      const rhf = <f64>(H - lh) * hs;
      if (<f64>lc >= minData && <f64>rc >= minData && rc != 0 && lhf >= minHess && rhf >= minHess) {
        const gain = splitGain(lg, G, lhf, rhf, gs, lambda);
        if (gain > best) {
          best = gain;
          bestBin = s;
          bestSide = 1;
        }
      }
    }
  }
  store<f64>(out, best);
  store<f64>(out, <f64>bestBin, 8);
  store<f64>(out, <f64>bestSide, 16);
}

/**
 * The best split of one feature for a whole oblivious level: the gain of each candidate
 * (bin s, missing side) summed over the level's `nodes` histograms (node n's at
 * hist + n * bins words), in node order, into the scratch `scores` (2 * bins f64); nodes
 * without hessian add nothing. Writes [gain, bin, missing left] at `out`.
 */
export function searchLevel(hist: usize, bins: i32, nodes: i32, lanes: i32, countBits: i32, gradShift: i32, gs: f64, hs: f64, lambda: f64, scores: usize, out: usize): void {
  const cb = <i64>countBits;
  const gsh = <i64>gradShift;
  const stride = <usize>(lanes << 3);
  setMasks(cb, gsh);
  memory.fill(scores, 0, <usize>bins << 4);
  for (let n = 0; n < nodes; n++) {
    const at = hist + <usize>n * <usize>bins * stride;
    let G: i64 = 0;
    let H: i64 = 0;
    for (let b = 0; b < bins; b++) {
      unpack(at + <usize>b * stride, lanes, cb, gsh);
      G += g;
      H += h;
    }
    if (H == 0) continue;
    unpack(at, lanes, cb, gsh);
    const mg = g;
    const mh = h;
    const Gf = <f64>G * gs;
    const Hf = <f64>H * hs;
    const parent = (Gf * Gf) / (Hf + lambda);
    let gl: i64 = 0;
    let hl: i64 = 0;
    for (let s = 1; s < bins; s++) {
      unpack(at + <usize>s * stride, lanes, cb, gsh);
      gl += g;
      hl += h;
      const p = scores + (<usize>s << 4);
      const lg0 = <f64>gl * gs;
      const lh0 = <f64>hl * hs;
      const rg0 = Gf - lg0;
      store<f64>(p, load<f64>(p) + (lg0 * lg0) / (lh0 + lambda) + (rg0 * rg0) / (Hf - lh0 + lambda) - parent);
      const lg1 = <f64>(gl + mg) * gs;
      const lh1 = <f64>(hl + mh) * hs;
      const rg1 = Gf - lg1;
      store<f64>(p, load<f64>(p, 8) + (lg1 * lg1) / (lh1 + lambda) + (rg1 * rg1) / (Hf - lh1 + lambda) - parent, 8);
    }
  }
  let best: f64 = 0;
  let bestBin: i32 = 0;
  let bestSide: i32 = 0;
  for (let s = 1; s < bins; s++) {
    for (let side = 0; side < 2; side++) {
      const gain = load<f64>(scores + (<usize>s << 4) + (<usize>side << 3));
      if (gain > best) {
        best = gain;
        bestBin = s;
        bestSide = side;
      }
    }
  }
  store<f64>(out, best);
  store<f64>(out, <f64>bestBin, 8);
  store<f64>(out, <f64>bestSide, 16);
}
