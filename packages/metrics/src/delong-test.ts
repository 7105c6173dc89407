import { checkFinite, checkRanking, checkSameLength } from './check.js';
import { erfc } from './normal.js';

export interface DelongResult {
  aucA: number;
  aucB: number;
  /** aucA - aucB. */
  diff: number;
  /** Variance of the difference (DeLong's estimate). */
  variance: number;
  z: number;
  /** Two-sided p-value of "the AUCs are equal". */
  pValue: number;
}

/**
 * DeLong's test for two correlated ROC AUCs: two models scored on the same rows (how
 * champion and challenger are compared). Uses the midrank algorithm of Sun and Xu (2014),
 * O(n log n): the structural components come from the midranks of each model's scores
 * among the positives, the negatives and all rows.
 *
 * @example delongTest(labels, championPd, challengerPd).pValue
 */
export function delongTest(labels: ArrayLike<number>, scoresA: ArrayLike<number>, scoresB: ArrayLike<number>): DelongResult {
  const counts = checkRanking(labels, scoresA, 'delongTest');
  checkSameLength('delongTest', scoresA, scoresB, 'scoresA', 'scoresB');
  checkFinite(scoresB, 'delongTest', 'scoresB');
  const m = counts.positives;
  const n = counts.negatives;
  const components = [scoresA, scoresB].map((scores) => {
    const pos = new Float64Array(m);
    const neg = new Float64Array(n);
    for (let i = 0, p = 0, q = 0; i < labels.length; i++) {
      if (labels[i] === 1) pos[p++] = scores[i] as number;
      else neg[q++] = scores[i] as number;
    }
    const tx = midranks(pos);
    const ty = midranks(neg);
    const all = new Float64Array(m + n);
    all.set(pos);
    all.set(neg, m);
    const tz = midranks(all);
    const v10 = new Float64Array(m); // per positive: share of negatives below it (ties 1/2)
    const v01 = new Float64Array(n); // per negative: share of positives above it (ties 1/2)
    let auc = 0;
    for (let i = 0; i < m; i++) {
      v10[i] = ((tz[i] as number) - (tx[i] as number)) / n;
      auc += v10[i] as number;
    }
    for (let j = 0; j < n; j++) v01[j] = 1 - ((tz[m + j] as number) - (ty[j] as number)) / m;
    return { auc: auc / m, v10, v01 };
  });
  const [a, b] = components as [(typeof components)[0], (typeof components)[0]];
  const s10 = covariance(a.v10, b.v10);
  const s01 = covariance(a.v01, b.v01);
  const variance = (s10.aa + s10.bb - 2 * s10.ab) / m + (s01.aa + s01.bb - 2 * s01.ab) / n;
  const diff = a.auc - b.auc;
  const z = variance > 0 ? diff / Math.sqrt(variance) : diff === 0 ? 0 : Math.sign(diff) * Infinity;
  return { aucA: a.auc, aucB: b.auc, diff, variance, z, pValue: erfc(Math.abs(z) / Math.SQRT2) };
}

/** Midranks (1-based, ties get the mean of their ranks), in the input's order. */
function midranks(values: Float64Array): Float64Array {
  const n = values.length;
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  order.sort((x, y) => (values[x] as number) - (values[y] as number));
  const ranks = new Float64Array(n);
  for (let i = 0; i < n; ) {
    let j = i;
    while (j < n && values[order[j] as number] === values[order[i] as number]) j++;
    const rank = (i + j + 1) / 2; // mean of ranks i+1..j
    for (let k = i; k < j; k++) ranks[order[k] as number] = rank;
    i = j;
  }
  return ranks;
}

/** Sample covariances (n - 1) of two series and their variances. */
function covariance(x: Float64Array, y: Float64Array): { aa: number; bb: number; ab: number } {
  const n = x.length;
  let mx = 0;
  let my = 0;
  for (let i = 0; i < n; i++) {
    mx += x[i] as number;
    my += y[i] as number;
  }
  mx /= n;
  my /= n;
  let aa = 0;
  let bb = 0;
  let ab = 0;
  for (let i = 0; i < n; i++) {
    const dx = (x[i] as number) - mx;
    const dy = (y[i] as number) - my;
    aa += dx * dx;
    bb += dy * dy;
    ab += dx * dy;
  }
  const d = Math.max(1, n - 1);
  return { aa: aa / d, bb: bb / d, ab: ab / d };
}
