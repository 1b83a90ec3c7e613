/**
 * Pareto fronts of points to minimise on both axes: a point is on the front when no other point is at least as
 * good on both axes and better on one. Ties (equal on both) keep the first index. O(n log n): sort by x, then y,
 * and sweep keeping the points that lower the best y so far.
 */
export function paretoFront(xs: ArrayLike<number>, ys: ArrayLike<number>, indices: readonly number[]): number[] {
  const order = [...indices].sort((a, b) => xs[a] - xs[b] || ys[a] - ys[b] || a - b)
  const front: number[] = []
  let bestY = Infinity
  for (const i of order) {
    if (ys[i] < bestY) {
      front.push(i)
      bestY = ys[i]
    }
  }
  return front
}

/** The same front by brute force (O(n²)), for tests. */
export function paretoFrontBrute(xs: ArrayLike<number>, ys: ArrayLike<number>, indices: readonly number[]): number[] {
  return indices.filter((i) => !indices.some((j) => j !== i && xs[j] <= xs[i] && ys[j] <= ys[i] && (xs[j] < xs[i] || ys[j] < ys[i] || j < i)))
    .sort((a, b) => xs[a] - xs[b] || ys[a] - ys[b] || a - b)
}
