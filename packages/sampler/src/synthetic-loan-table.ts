import { checkCount } from './check.js';
import { fmix32, hashSeed, sfc32 } from './rng.js';

/** The kind of a column of the synthetic table (all values are numbers; missing = NaN). */
export type SyntheticKind = 'id' | 'continuous' | 'integer' | 'code' | 'huge-integer' | 'target';

export interface SyntheticColumnSpec {
  name: string;
  kind: SyntheticKind;
}

export interface SyntheticChunk {
  /** Index of the chunk's first row in the table. */
  offset: number;
  rows: number;
  columns: Array<SyntheticColumnSpec & { values: Float64Array }>;
}

export interface SyntheticOptions {
  rows: number;
  /** Default 42. */
  seed?: number;
  /** Rows per chunk. Default 8,192. Chunking never changes the values. */
  chunkRows?: number;
}

/** The feature numbers 1..778 that the table leaves out (769 features remain), as the real table has gaps. */
export const SYNTHETIC_GAPS: readonly number[] = [34, 35, 37, 38, 344, 345, 430, 464, 657];
/** The golden pair: their difference predicts default; each alone barely does. */
export const GOLDEN_PAIR = ['f527', 'f528'] as const;
/** Columns with a weak signal of their own, with their weights on the default logit. */
export const WEAK_SIGNALS: Readonly<Record<string, number>> = { f2: 0.5, f271: 0.4, f274: 0.35, f766: 0.3 };
/** The columns that hold integers of 21 to 23 digits. */
export const HUGE_INTEGER_COLUMNS: readonly number[] = [137, 138, 206, 207, 276, 277, 338, 390, 391, 419, 420, 466, 469, 472, 534, 537, 626, 627, 695, 698];

const INTERCEPT = -7;
const GOLDEN_WEIGHT = 5;
const GOLDEN_SCALE = 10; // f527 - f528 = GOLDEN_SCALE * g
const SHARED_SCALE = 300; // the part f527 and f528 share, which hides g from each alone
const GROUPS = 30;

const enum Kind {
  Continuous = 0,
  Integer = 1,
  Code = 2,
  Huge = 3,
  Golden = 4,
  Weak = 5,
  Grouped = 6,
}
const enum Shape {
  Normal = 0,
  LogNormal = 1,
  Pareto = 2,
  Uniform = 3,
}

interface Plan {
  names: string[];
  specs: SyntheticColumnSpec[];
  kind: Uint8Array;
  shape: Uint8Array;
  scale: Float64Array;
  shift: Float64Array;
  /** 10^decimals to round continuous values to (about five significant digits). */
  rounding: Float64Array;
  missing: Float64Array;
  /** Levels of a code, mean of a count, digits of a huge integer, index of a weak signal or group. */
  param: Float64Array;
}

let cachedPlan: Plan | undefined;

/** The fixed shape of the table (names, kinds and each column's distribution): the same for every seed. */
function plan(): Plan {
  if (cachedPlan !== undefined) return cachedPlan;
  const numbers: number[] = [];
  for (let f = 1; f <= 778; f++) if (!SYNTHETIC_GAPS.includes(f)) numbers.push(f);
  const n = numbers.length;
  const p: Plan = {
    names: numbers.map((f) => `f${f}`),
    specs: [],
    kind: new Uint8Array(n),
    shape: new Uint8Array(n),
    scale: new Float64Array(n),
    shift: new Float64Array(n),
    rounding: new Float64Array(n),
    missing: new Float64Array(n),
    param: new Float64Array(n),
  };
  const weakNames = Object.keys(WEAK_SIGNALS);
  numbers.forEach((f, c) => {
    // a fixed hash of the feature number decides the column's kind and distribution
    const u = (k: number) => fmix32(Math.imul(f, 0x9e3779b1) ^ Math.imul(k + 1, 0x85ebca77)) / 4294967296;
    const name = `f${f}`;
    const decade = Math.floor(u(1) * 13) - 3; // scale 1e-3 .. 1e9
    p.scale[c] = 10 ** decade;
    p.rounding[c] = 10 ** Math.max(0, 4 - decade);
    p.missing[c] = u(2) < 0.85 ? u(3) * 0.02 : 0.05 + u(3) * 0.15;
    p.shape[c] = Math.floor(u(4) * 4);
    p.shift[c] = u(5) < 0.5 ? 0 : Math.round(u(6) * 10) * (p.scale[c] as number);
    const group = f >= 20 && (f - 20) % 25 <= 1 + ((f - 20) / 25) % 4 && (f - 20) / 25 < GROUPS ? Math.floor((f - 20) / 25) : -1;
    if (name === GOLDEN_PAIR[0] || name === GOLDEN_PAIR[1]) {
      p.kind[c] = Kind.Golden;
      p.missing[c] = 0;
      p.rounding[c] = 100;
    } else if (weakNames.includes(name)) {
      p.kind[c] = Kind.Weak;
      p.param[c] = weakNames.indexOf(name);
      p.missing[c] = 0.005;
    } else if (HUGE_INTEGER_COLUMNS.includes(f)) {
      p.kind[c] = Kind.Huge;
      p.param[c] = 20 + Math.floor(u(7) * 3); // 21 to 23 digits
    } else if (group >= 0) {
      p.kind[c] = Kind.Grouped;
      p.param[c] = group;
    } else if (u(8) < 0.2) {
      p.kind[c] = Kind.Integer;
      p.param[c] = 0.5 + u(9) * 200;
    } else if (u(8) < 0.3) {
      p.kind[c] = Kind.Code;
      p.param[c] = 2 + Math.floor(u(9) * 19);
    } else p.kind[c] = Kind.Continuous;
    const kind = p.kind[c] as Kind;
    p.specs.push({ name, kind: kind === Kind.Integer ? 'integer' : kind === Kind.Code ? 'code' : kind === Kind.Huge ? 'huge-integer' : 'continuous' });
  });
  cachedPlan = p;
  return p;
}

/** Names and kinds of the synthetic table's columns, in order: `id`, the 769 features, `loss`. */
export function syntheticLoanSchema(): SyntheticColumnSpec[] {
  return [{ name: 'id', kind: 'id' }, ...plan().specs, { name: 'loss', kind: 'target' }];
}

/**
 * Generates the synthetic loan table, chunk by chunk: a table shaped like the "Loan Default
 * Prediction" competition table, which cannot be downloaded here. A million rows never sit
 * in memory; each row's values come from a generator seeded by (seed, row), so the same
 * seed gives the same table whatever the chunk size.
 *
 * What it holds:
 * - `id` 1..rows; 769 features `f1`..`f778` without {@link SYNTHETIC_GAPS}; `loss`.
 * - Continuous columns of scales 1e-3 to 1e9, normal, log-normal, Pareto (heavy tails) or
 *   uniform, rounded to about five significant digits; integer counts; codes of 2 to 20
 *   levels; 20 columns of integers with 21 to 23 digits ({@link HUGE_INTEGER_COLUMNS});
 *   30 groups of 2 to 5 near-duplicate columns (f20+25k and the next ones: one latent
 *   factor each, 2% noise).
 * - Missing values (NaN): most columns under 2%, about 15% of them 5% to 20%.
 * - The planted signal. Per row, `g` and four weak latents `w_k` are standard normal and
 *   `S` is normal with sd {@link SHARED_SCALE} = 300. `f527 = 500 + S + 10 g` and
 *   `f528 = 500 + S + 0.2 e` (e standard normal): their difference is 10 g (+ noise) while
 *   each alone is almost all S. The weak columns f2, f271, f274, f766 are scaled `w_k`.
 *   A borrower defaults with probability `sigmoid(-7 + 5 g + 0.5 w_1 + 0.4 w_2 + 0.35 w_3 + 0.3 w_4)`:
 *   about 9.5% defaults; the true probability ranks rows with AUC about 0.98, `g` alone
 *   about 0.975, the weak signals alone about 0.6. LightGBM reaches a holdout AUC of about
 *   0.95 or more with `f527 - f528` as a feature and stays well below 0.80 without it
 *   (test-fixtures/sampler/calibrate.py measures both).
 * - `loss` is 0 for non-defaulters and, for defaulters, a heavy-tailed integer in 1..100.
 */
export function* syntheticLoanTable(options: SyntheticOptions): Generator<SyntheticChunk> {
  checkCount('rows', options.rows, 1);
  const chunkRows = options.chunkRows ?? 8192;
  checkCount('chunkRows', chunkRows, 1);
  const seed = hashSeed(options.seed ?? 42);
  const p = plan();
  const width = p.names.length;
  const weights = Object.values(WEAK_SIGNALS);
  const weak = new Float64Array(weights.length);
  const groupLatent = new Float64Array(GROUPS);
  const golden = goldenIndex(p, 0);
  for (let offset = 0; offset < options.rows; offset += chunkRows) {
    const rows = Math.min(chunkRows, options.rows - offset);
    const id = new Float64Array(rows);
    const loss = new Float64Array(rows);
    const features = Array.from({ length: width }, () => new Float64Array(rows));
    for (let r = 0; r < rows; r++) {
      const row = offset + r;
      const rng = sfc32(seed, fmix32(row ^ 0x51ed270b), fmix32(Math.imul(row, 0x27d4eb2f) ^ seed), row);
      id[r] = row + 1;
      const g = rng.normal();
      const shared = rng.normal() * SHARED_SCALE;
      const jitter = rng.normal() * 0.2;
      let logit = INTERCEPT + GOLDEN_WEIGHT * g;
      for (let k = 0; k < weak.length; k++) {
        weak[k] = rng.normal();
        logit += (weights[k] as number) * (weak[k] as number);
      }
      for (let k = 0; k < GROUPS; k++) groupLatent[k] = rng.normal();
      const defaulted = rng.next() < 1 / (1 + Math.exp(-logit));
      loss[r] = defaulted ? Math.min(100, Math.max(1, Math.round(Math.exp(1.2 + rng.normal())))) : 0;
      for (let c = 0; c < width; c++) {
        const column = features[c] as Float64Array;
        if (rng.next() < (p.missing[c] as number)) {
          column[r] = Number.NaN;
          continue;
        }
        const scale = p.scale[c] as number;
        const rounding = p.rounding[c] as number;
        let value: number;
        switch (p.kind[c] as Kind) {
          case Kind.Golden:
            value = 500 + shared + (c === golden ? GOLDEN_SCALE * g : jitter);
            value = Math.round(value * rounding) / rounding;
            break;
          case Kind.Weak:
            value = Math.round((weak[p.param[c] as number] as number) * scale * rounding) / rounding;
            break;
          case Kind.Grouped:
            value = Math.round(((groupLatent[p.param[c] as number] as number) + 0.02 * rng.normal()) * scale * rounding) / rounding;
            break;
          case Kind.Integer:
            value = Math.floor(-Math.log(1 - rng.next()) * (p.param[c] as number));
            break;
          case Kind.Code: {
            const u = rng.next();
            value = Math.floor((p.param[c] as number) * u * u); // skewed: low codes are common
            break;
          }
          case Kind.Huge:
            value = Math.floor((1 + 9 * rng.next()) * 10 ** (p.param[c] as number));
            break;
          default:
            value = Math.round(draw(p.shape[c] as Shape, rng) * scale * rounding + (p.shift[c] as number) * rounding) / rounding;
        }
        column[r] = value;
      }
    }
    yield {
      offset,
      rows,
      columns: [{ name: 'id', kind: 'id', values: id }, ...p.specs.map((s, c) => ({ ...s, values: features[c] as Float64Array })), { name: 'loss', kind: 'target', values: loss }],
    };
  }
}

function goldenIndex(p: Plan, which: 0 | 1): number {
  return p.names.indexOf(GOLDEN_PAIR[which]);
}

function draw(shape: Shape, rng: { next(): number; normal(): number }): number {
  switch (shape) {
    case Shape.Normal:
      return rng.normal();
    case Shape.LogNormal:
      return Math.exp(rng.normal());
    case Shape.Pareto:
      return 1 / (1 - rng.next()) ** (1 / 1.5) - 1; // tail index 1.5: heavy
    default:
      return rng.next();
  }
}

/**
 * The synthetic table as CSV text, chunk by chunk: the header first, missing values as
 * empty fields, integers with all their digits (BigInt for those past 1e21, which
 * `String()` would print in exponent form), other numbers in their shortest exact form.
 * Parsing it gives back exactly the values {@link syntheticLoanTable} generates.
 */
export function* syntheticCsvChunks(options: SyntheticOptions): Generator<string> {
  const schema = syntheticLoanSchema();
  yield `${schema.map((c) => c.name).join(',')}\n`;
  for (const chunk of syntheticLoanTable(options)) {
    const lines: string[] = new Array(chunk.rows);
    const fields: string[] = new Array(chunk.columns.length);
    for (let r = 0; r < chunk.rows; r++) {
      for (let c = 0; c < chunk.columns.length; c++) {
        const v = (chunk.columns[c] as { values: Float64Array }).values[r] as number;
        fields[c] = v !== v ? '' : Math.abs(v) >= 1e21 ? BigInt(v).toString() : String(v);
      }
      lines[r] = fields.join(',');
    }
    yield `${lines.join('\n')}\n`;
  }
}
