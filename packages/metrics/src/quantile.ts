/**
 * The q-quantile of sorted values with linear interpolation between the closest ranks
 * (numpy's default method): `x[h]` at `h = (n - 1) q`, interpolated.
 */
export function quantile(sorted: ArrayLike<number>, q: number): number {
  const h = (sorted.length - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.ceil(h);
  const a = sorted[lo] as number;
  return lo === hi ? a : a + (h - lo) * ((sorted[hi] as number) - a);
}
