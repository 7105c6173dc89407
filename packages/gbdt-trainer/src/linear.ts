import { GbdtError } from './errors.js';

/**
 * A linear term of the raw score: `sum_k weights[k] * (x_k - center[k])` over the model
 * features `features[k]`, a missing value (NaN, or an infinite one) taken as `center[k]` (so
 * it adds nothing).
 * `center` is the training mean of the observed values; `scale` the standard deviation of the
 * filled values over the training rows; `cover` the sum of the training rows' hessians at the
 * fit (feature importance weighs the term as it weighs a tree split). Weights and centers are
 * float32 values, as an ONNX runtime holds them.
 */
export interface LinearTerm {
  features: number[];
  center: number[];
  scale: number[];
  weights: number[];
  cover: number;
}

export interface LinearFit {
  term: LinearTerm;
  /** The raw score's intercept (the model's base score). */
  intercept: number;
}

/**
 * An L2-regularized logistic regression on standardized features, as scikit-learn's
 * `LogisticRegression(C = 1 / l2)` after `SimpleImputer(strategy='mean')` and
 * `StandardScaler()`: minimizes the summed log loss plus `l2 / 2` times the squared norm of
 * the standardized weights (the intercept free), by Newton's method with step halving.
 * `rows` (default: every row) are the training rows; a feature with no spread on them gets
 * no weight and is left out of the term.
 */
export function fitLinear(columns: readonly ArrayLike<number>[], labels: ArrayLike<number>, options: { features: readonly number[]; rows?: Uint32Array; l2?: number }): LinearFit {
  const l2 = options.l2 ?? 1;
  if (!(l2 > 0 && Number.isFinite(l2))) throw new GbdtError('BAD_OPTION', `option l2 = ${l2}: a linear fit needs a positive, finite L2 penalty`);
  const rows = options.rows ?? Uint32Array.from({ length: labels.length }, (_, i) => i);
  const n = rows.length;
  if (n === 0) throw new GbdtError('EMPTY', 'a linear fit needs at least one row');
  const y = Float64Array.from(rows, (r) => labels[r] as number);
  const kept: { feature: number; center: number; scale: number; z: Float64Array }[] = [];
  for (const f of options.features) {
    const column = columns[f];
    if (column === undefined) throw new GbdtError('COLUMN_COUNT', `feature ${f} is not among the ${columns.length} columns`, { index: f });
    let sum = 0;
    let seen = 0;
    for (const r of rows) {
      const v = Math.fround(column[r] as number);
      if (Number.isFinite(v)) {
        sum += v;
        seen++;
      }
    }
    if (seen === 0) continue;
    const center = Math.fround(sum / seen);
    const z = new Float64Array(n);
    let squares = 0;
    for (let i = 0; i < n; i++) {
      const v = Math.fround(column[rows[i] as number] as number);
      const d = Number.isFinite(v) ? v - center : 0;
      z[i] = d;
      squares += d * d;
    }
    const scale = Math.sqrt(squares / n);
    if (!(scale > 0)) continue;
    for (let i = 0; i < n; i++) z[i] = (z[i] as number) / scale;
    kept.push({ feature: f, center, scale, z });
  }
  const p = kept.length;
  // parameters: the standardized weights, then the intercept
  const beta = new Float64Array(p + 1);
  const eta = new Float64Array(n);
  const prob = new Float64Array(n);
  const objective = (b: Float64Array): number => {
    let loss = 0;
    for (let i = 0; i < n; i++) {
      let e = b[p] as number;
      for (let k = 0; k < p; k++) e += (b[k] as number) * (kept[k]!.z[i] as number);
      eta[i] = e;
      // log(1 + exp(e)) - y e, computed without overflow
      loss += (e > 0 ? e + Math.log1p(Math.exp(-e)) : Math.log1p(Math.exp(e))) - (y[i] as number) * e;
    }
    for (let k = 0; k < p; k++) loss += 0.5 * l2 * (b[k] as number) ** 2;
    return loss;
  };
  let current = objective(beta);
  const size = p + 1;
  const hessian = new Float64Array(size * size);
  const gradient = new Float64Array(size);
  for (let iteration = 0; iteration < 100; iteration++) {
    hessian.fill(0);
    gradient.fill(0);
    for (let i = 0; i < n; i++) {
      const e = eta[i] as number;
      const q = 1 / (1 + Math.exp(-e));
      prob[i] = q;
      const residual = q - (y[i] as number);
      const w = q * (1 - q);
      for (let a = 0; a < size; a++) {
        const za = a === p ? 1 : (kept[a]!.z[i] as number);
        gradient[a] = (gradient[a] as number) + residual * za;
        const wa = w * za;
        for (let b = 0; b <= a; b++) hessian[a * size + b] = (hessian[a * size + b] as number) + wa * (b === p ? 1 : (kept[b]!.z[i] as number));
      }
    }
    for (let k = 0; k < p; k++) {
      gradient[k] = (gradient[k] as number) + l2 * (beta[k] as number);
      hessian[k * size + k] = (hessian[k * size + k] as number) + l2;
    }
    const step = solveSymmetric(hessian, gradient, size);
    let t = 1;
    let next = new Float64Array(size);
    let value = Number.POSITIVE_INFINITY;
    for (let halving = 0; halving < 40; halving++, t /= 2) {
      for (let a = 0; a < size; a++) next[a] = (beta[a] as number) - t * (step[a] as number);
      value = objective(next);
      if (value <= current) break;
    }
    if (!(value <= current)) {
      objective(beta); // eta back to the current parameters
      break;
    }
    let largest = 0;
    for (let a = 0; a < size; a++) largest = Math.max(largest, Math.abs((next[a] as number) - (beta[a] as number)));
    beta.set(next);
    const improved = current - value;
    current = value;
    if (largest < 1e-12 || improved <= 1e-14 * Math.max(1, Math.abs(current))) break;
    next = new Float64Array(size);
  }
  // the hessian sum at the parameters found (eta holds their linear predictor)
  let cover = 0;
  for (let i = 0; i < n; i++) {
    const q = 1 / (1 + Math.exp(-(eta[i] as number)));
    cover += q * (1 - q);
  }
  // back to the features' own scale: w_k (x_k - center_k) / scale_k
  const term: LinearTerm = { features: kept.map((k) => k.feature), center: kept.map((k) => k.center), scale: kept.map((k) => k.scale), weights: kept.map((k, i) => Math.fround((beta[i] as number) / k.scale)), cover };
  return { term, intercept: beta[p] as number };
}

/** Adds a linear term's part of the raw score to `out` for rows `0..out.length` of `columns` (model features). */
export function addLinearScore(term: LinearTerm, columns: readonly ArrayLike<number>[], out: Float64Array, rows?: ArrayLike<number>): void {
  term.features.forEach((f, k) => {
    const column = columns[f] as ArrayLike<number>;
    const c = term.center[k] as number;
    const w = term.weights[k] as number;
    for (let i = 0; i < out.length; i++) {
      const v = Math.fround(column[rows === undefined ? i : (rows[i] as number)] as number);
      if (Number.isFinite(v)) out[i] = (out[i] as number) + w * (v - c);
    }
  });
}

/** Solves H x = g for a symmetric positive definite H (lower triangle filled) by Cholesky factorization. */
function solveSymmetric(h: Float64Array, g: Float64Array, size: number): Float64Array {
  const l = new Float64Array(size * size);
  for (let a = 0; a < size; a++) {
    for (let b = 0; b <= a; b++) {
      let s = h[a * size + b] as number;
      for (let k = 0; k < b; k++) s -= (l[a * size + k] as number) * (l[b * size + k] as number);
      if (a === b) l[a * size + a] = Math.sqrt(Math.max(s, 1e-300));
      else l[a * size + b] = s / (l[b * size + b] as number);
    }
  }
  const x = new Float64Array(size);
  for (let a = 0; a < size; a++) {
    let s = g[a] as number;
    for (let k = 0; k < a; k++) s -= (l[a * size + k] as number) * (x[k] as number);
    x[a] = s / (l[a * size + a] as number);
  }
  for (let a = size - 1; a >= 0; a--) {
    let s = x[a] as number;
    for (let k = a + 1; k < size; k++) s -= (l[k * size + a] as number) * (x[k] as number);
    x[a] = s / (l[a * size + a] as number);
  }
  return x;
}
