/**
 * CatBoost's ordered target statistics for the training rows: walking the rows in a seeded
 * permutation, each row's value is (positives + prior * priorWeight) / (count + priorWeight)
 * over the rows of its level seen before it, so its own target, and every later row's, stays
 * out of its encoding.
 */
export function orderedTargetStatistics(levels: readonly string[], labels: Float64Array, permutation: Uint32Array, prior: number, priorWeight: number): Float64Array {
  const out = new Float64Array(levels.length);
  const seen = new Map<string, { count: number; positives: number }>();
  for (const r of permutation) {
    const level = levels[r] as string;
    const s = seen.get(level) ?? { count: 0, positives: 0 };
    out[r] = (s.positives + prior * priorWeight) / (s.count + priorWeight);
    s.count++;
    s.positives += labels[r] as number;
    seen.set(level, s);
  }
  return out;
}
