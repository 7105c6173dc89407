import { checkLabels, checkSameLength } from './check.js';
import { MetricInputError } from './errors.js';
import { quantile } from './quantile.js';

export interface BootstrapResult {
  /** The metric on the data as given. */
  estimate: number;
  /** Percentile interval of the bootstrap distribution. */
  lower: number;
  upper: number;
  /** Standard deviation of the bootstrap distribution. */
  standardError: number;
  level: number;
  rounds: number;
}

export interface BootstrapOptions {
  /** Resamples. Default 1000. */
  rounds?: number;
  /** Seed of the resampling (mulberry32). Default 0. */
  seed?: number;
  /** Coverage of the interval. Default 0.95. */
  level?: number;
  /**
   * Resample defaulters and non-defaulters apart, keeping their counts (default true): no
   * resample lacks a class, so metrics that need both never fail.
   */
  stratified?: boolean;
}

/**
 * A bootstrap confidence interval for any metric of (labels, scores): the metric on
 * `rounds` resamples drawn with replacement, and the percentile interval at `level`.
 *
 * @example bootstrapCi(rocAuc, labels, scores, { rounds: 1000, seed: 1 }) // { estimate, lower, upper, ... }
 */
export function bootstrapCi(metric: (labels: Float64Array, scores: Float64Array) => number, labels: ArrayLike<number>, scores: ArrayLike<number>, options: BootstrapOptions = {}): BootstrapResult {
  checkSameLength('bootstrapCi', labels, scores);
  checkLabels(labels, 'bootstrapCi');
  const rounds = options.rounds ?? 1000;
  const level = options.level ?? 0.95;
  if (!Number.isInteger(rounds) || rounds < 2) throw new MetricInputError('BAD_OPTION', `bootstrapCi: rounds must be a whole number >= 2, got ${rounds}`);
  if (!(level > 0 && level < 1)) throw new MetricInputError('BAD_OPTION', `bootstrapCi: level must be between 0 and 1, got ${level}`);
  const n = labels.length;
  const y = Float64Array.from(labels);
  const s = Float64Array.from(scores);
  const estimate = metric(y, s);
  const groups = options.stratified ?? true ? [indicesWhere(y, 1), indicesWhere(y, 0)] : [Uint32Array.from({ length: n }, (_, i) => i)];
  const random = mulberry32(options.seed ?? 0);
  const values = new Float64Array(rounds);
  const ry = new Float64Array(n);
  const rs = new Float64Array(n);
  for (let r = 0; r < rounds; r++) {
    let at = 0;
    for (const group of groups) {
      for (let k = 0; k < group.length; k++) {
        const i = group[Math.floor(random() * group.length)] as number;
        ry[at] = y[i] as number;
        rs[at] = s[i] as number;
        at++;
      }
    }
    values[r] = metric(ry, rs);
  }
  values.sort();
  let mean = 0;
  for (const v of values) mean += v;
  mean /= rounds;
  let ss = 0;
  for (const v of values) ss += (v - mean) ** 2;
  const tail = (1 - level) / 2;
  return { estimate, lower: quantile(values, tail), upper: quantile(values, 1 - tail), standardError: Math.sqrt(ss / (rounds - 1)), level, rounds };
}

function indicesWhere(y: Float64Array, value: number): Uint32Array {
  const out: number[] = [];
  for (let i = 0; i < y.length; i++) if (y[i] === value) out.push(i);
  return Uint32Array.from(out);
}


/** mulberry32: a small 32-bit generator, enough for resampling; seeded, platform-independent. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
