import { checkRanking } from './check.js';
import { MetricInputError } from './errors.js';

export interface LiftRow {
  /** 1 = the highest scores. */
  group: number;
  rows: number;
  positives: number;
  /** Default rate within the group. */
  rate: number;
  /** Share of all defaulters captured by this group and the ones above it (cumulative gain). */
  cumulativeGain: number;
  /** The group's default rate over the overall rate. */
  lift: number;
  /** The default rate of this group and the ones above it, over the overall rate. */
  cumulativeLift: number;
  minScore: number;
  maxScore: number;
}

/**
 * Gains and lift by group (deciles by default): rows ranked by score from the highest,
 * ties kept in input order (a stable sort), cut into `groups` parts whose sizes differ by at
 * most one (numpy's `array_split`), the larger ones first.
 *
 * @example liftTable(labels, scores, { groups: 10 })[0].lift // lift of the top decile
 */
export function liftTable(labels: ArrayLike<number>, scores: ArrayLike<number>, options: { groups?: number } = {}): LiftRow[] {
  const counts = checkRanking(labels, scores, 'liftTable');
  const groups = options.groups ?? 10;
  if (!Number.isInteger(groups) || groups < 1 || groups > labels.length) {
    throw new MetricInputError('BAD_OPTION', `liftTable: groups must be a whole number from 1 to the ${labels.length} rows, got ${groups}`);
  }
  const n = labels.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => (scores[b] as number) - (scores[a] as number));
  const overall = counts.positives / n;
  const base = Math.floor(n / groups);
  const extra = n % groups;
  const out: LiftRow[] = [];
  let at = 0;
  let cumRows = 0;
  let cumPositives = 0;
  for (let g = 0; g < groups; g++) {
    const size = base + (g < extra ? 1 : 0);
    let positives = 0;
    let minScore = Infinity;
    let maxScore = -Infinity;
    for (let k = at; k < at + size; k++) {
      const i = order[k] as number;
      positives += labels[i] as number;
      minScore = Math.min(minScore, scores[i] as number);
      maxScore = Math.max(maxScore, scores[i] as number);
    }
    at += size;
    cumRows += size;
    cumPositives += positives;
    out.push({ group: g + 1, rows: size, positives, rate: positives / size, cumulativeGain: cumPositives / counts.positives, lift: positives / size / overall, cumulativeLift: cumPositives / cumRows / overall, minScore, maxScore });
  }
  return out;
}
