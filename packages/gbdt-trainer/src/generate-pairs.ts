import { rocAuc } from '@dpp/metrics';

/** A feature made of two others: their difference (a - b) or ratio (a / b, missing when b is 0). */
export interface DerivedFeature {
  name: string;
  op: 'difference' | 'ratio';
  a: string;
  b: string;
}

export interface PairCandidate extends DerivedFeature {
  /** |AUC - 0.5| of the derived column alone, over the rows where it is not missing. */
  strength: number;
  /** The larger strength of its two parents alone. */
  parentStrength: number;
}

export interface PairOptions {
  /** Pairs are formed among these features (indices into `columns`), e.g. the top of an importance ranking. */
  among: readonly number[];
  /** More pairs to screen (e.g. from {@link correlatedPairs}). */
  pairs?: readonly (readonly [number, number])[];
  /** Keep this many candidates at most, strongest first. Default 5. */
  keep?: number;
  /** A pair must beat its stronger parent by this much of |AUC - 0.5|. Default 0.02. */
  margin?: number;
  /** Rows to screen on (all by default); a sample keeps this fast on large tables. */
  rows?: Uint32Array;
}

/**
 * Screens differences and ratios of pairs of numeric features for ones that separate
 * defaulters much better than either feature alone (the competition table's f527 - f528 is
 * such a pair: each column alone is weak). Each candidate is scored by its univariate AUC
 * distance from 0.5; only candidates that beat both parents by `margin` are kept. Whether a
 * candidate stays in the model is for cross-validation to decide, not this screen.
 */
export function screenPairs(columns: readonly ArrayLike<number>[], names: readonly string[], labels: ArrayLike<number>, options: PairOptions): PairCandidate[] {
  const rows = options.rows ?? Uint32Array.from({ length: labels.length }, (_, i) => i);
  const margin = options.margin ?? 0.02;
  const keep = options.keep ?? 5;
  const strength = (values: (r: number) => number): number => {
    const y: number[] = [];
    const s: number[] = [];
    for (const r of rows) {
      const v = values(r);
      if (Number.isFinite(v)) {
        y.push(labels[r] as number);
        s.push(v);
      }
    }
    const positives = y.reduce((t, v) => t + v, 0);
    if (positives === 0 || positives === y.length) return 0;
    // weighted by coverage, so a pair that is missing on most rows cannot look strong
    return Math.abs(rocAuc(y, s) - 0.5) * (y.length / rows.length);
  };
  const pairs: [number, number][] = [];
  const listed = new Set<string>();
  const add = (x: number, y: number) => {
    const key = x < y ? `${x},${y}` : `${y},${x}`;
    if (x === y || listed.has(key)) return;
    listed.add(key);
    pairs.push([x, y]);
  };
  for (let i = 0; i < options.among.length; i++) for (let j = i + 1; j < options.among.length; j++) add(options.among[i] as number, options.among[j] as number);
  for (const [x, y] of options.pairs ?? []) add(x, y);
  const single = new Map<number, number>();
  const alone = (f: number) => {
    if (!single.has(f)) single.set(f, strength((r) => columns[f]![r] as number));
    return single.get(f) as number;
  };
  const out: PairCandidate[] = [];
  for (const [fa, fb] of pairs) {
    const a = columns[fa]!;
    const b = columns[fb]!;
    const parentStrength = Math.max(alone(fa), alone(fb));
    const difference = strength((r) => (a[r] as number) - (b[r] as number));
    const ratio = strength((r) => (b[r] === 0 ? Number.NaN : (a[r] as number) / (b[r] as number)));
    const an = names[fa] as string;
    const bn = names[fb] as string;
    if (difference > parentStrength + margin) out.push({ name: `${an}-${bn}`, op: 'difference', a: an, b: bn, strength: difference, parentStrength });
    if (ratio > parentStrength + margin) out.push({ name: `${an}/${bn}`, op: 'ratio', a: an, b: bn, strength: ratio, parentStrength });
  }
  return out.sort((x, y) => y.strength - x.strength || (x.name < y.name ? -1 : 1)).slice(0, keep);
}

/**
 * The column of a derived feature from its parents' columns, in float32 arithmetic as an
 * ONNX runtime computes it on float32 inputs (rounding the double result of two float32
 * values to float32 is exactly the float32 operation): NaN where either is missing, and
 * where b is 0 for a ratio.
 */
export function deriveColumn(op: DerivedFeature['op'], a: ArrayLike<number>, b: ArrayLike<number>): Float64Array {
  const out = new Float64Array(a.length);
  for (let i = 0; i < a.length; i++) {
    const x = Math.fround(a[i] as number);
    const y = Math.fround(b[i] as number);
    out[i] = op === 'difference' ? Math.fround(x - y) : y === 0 ? Number.NaN : Math.fround(x / y);
  }
  return out;
}

/**
 * Pairs of features whose Pearson correlation, on `rows` (a sample), is at least
 * `threshold` in absolute value: near-duplicate columns, whose small difference is where a
 * signal like the competition table's f527 - f528 hides. Missing values count as the column's
 * mean.
 */
export function correlatedPairs(columns: readonly ArrayLike<number>[], options: { among: readonly number[]; threshold?: number; rows: Uint32Array }): [number, number][] {
  const threshold = options.threshold ?? 0.95;
  const n = options.rows.length;
  const standardized: (Float64Array | null)[] = options.among.map((f) => {
    const column = columns[f]!;
    const z = new Float64Array(n);
    let sum = 0;
    let count = 0;
    for (let k = 0; k < n; k++) {
      const v = column[options.rows[k] as number] as number;
      if (Number.isFinite(v)) {
        sum += v;
        count++;
      }
    }
    if (count < 2) return null;
    const mean = sum / count;
    let ss = 0;
    for (let k = 0; k < n; k++) {
      const v = column[options.rows[k] as number] as number;
      const d = Number.isFinite(v) ? v - mean : 0;
      z[k] = d;
      ss += d * d;
    }
    if (ss === 0) return null;
    const scale = 1 / Math.sqrt(ss);
    for (let k = 0; k < n; k++) z[k] = (z[k] as number) * scale;
    return z;
  });
  const out: [number, number][] = [];
  for (let i = 0; i < standardized.length; i++) {
    const a = standardized[i];
    if (!a) continue;
    for (let j = i + 1; j < standardized.length; j++) {
      const b = standardized[j];
      if (!b) continue;
      let dot = 0;
      for (let k = 0; k < n; k++) dot += (a[k] as number) * (b[k] as number);
      if (Math.abs(dot) >= threshold) out.push([options.among[i] as number, options.among[j] as number]);
    }
  }
  return out;
}
