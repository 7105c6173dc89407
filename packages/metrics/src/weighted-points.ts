/**
 * Cumulative weighted true and false positives at each distinct score, from the highest
 * down, starting at (0, 0): the points of the ROC and precision-recall curves, as
 * scikit-learn's `_binary_clf_curve` computes them. `thresholds[i]` is the score of point
 * i (point 0 has +Infinity).
 */
export function weightedPoints(labels: ArrayLike<number>, scores: ArrayLike<number>, weights?: ArrayLike<number>): { thresholds: Float64Array; tp: Float64Array; fp: Float64Array } {
  const n = labels.length;
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  const s = Float64Array.from({ length: n }, (_, i) => (scores[i] as number) + 0);
  order.sort((a, b) => (s[b] as number) - (s[a] as number) || a - b);
  const thresholds: number[] = [Infinity];
  const tp: number[] = [0];
  const fp: number[] = [0];
  let cumTp = 0;
  let cumFp = 0;
  for (let r = 0; r < n; r++) {
    const i = order[r] as number;
    const w = weights === undefined ? 1 : (weights[i] as number);
    if (labels[i] === 1) cumTp += w;
    else cumFp += w;
    const next = order[r + 1];
    if (next === undefined || s[next] !== s[i]) {
      thresholds.push(s[i] as number);
      tp.push(cumTp);
      fp.push(cumFp);
    }
  }
  return { thresholds: Float64Array.from(thresholds), tp: Float64Array.from(tp), fp: Float64Array.from(fp) };
}
