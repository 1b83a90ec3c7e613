/**
 * Spearman's rank correlation ρ: the Pearson correlation of the two samples' ranks, ties given the average of the
 * ranks they span (1-based), as scipy.stats.spearmanr. ρ is undefined (NaN) with fewer than two points or when
 * either sample is constant. ±Infinity values rank as the smallest / largest; NaN values are not allowed.
 */

/** 1-based ranks, ties averaged: [10, 20, 20, 5] → [2, 3.5, 3.5, 1]. */
export function averageRanks(values: readonly number[]): number[] {
  if (values.some((v) => Number.isNaN(v))) throw new RangeError('cannot rank NaN')
  const order = values.map((_, i) => i).sort((a, b) => (values[a] < values[b] ? -1 : values[a] > values[b] ? 1 : a - b))
  const ranks = new Array<number>(values.length)
  for (let i = 0; i < order.length;) {
    let j = i
    while (j + 1 < order.length && values[order[j + 1]] === values[order[i]]) j++
    const rank = (i + j) / 2 + 1
    for (let k = i; k <= j; k++) ranks[order[k]] = rank
    i = j + 1
  }
  return ranks
}

export function pearson(a: readonly number[], b: readonly number[]): number {
  if (a.length !== b.length) throw new RangeError(`samples of ${a.length} and ${b.length} values`)
  const n = a.length
  if (n < 2) return NaN
  const ma = a.reduce((s, v) => s + v, 0) / n
  const mb = b.reduce((s, v) => s + v, 0) / n
  let sab = 0
  let saa = 0
  let sbb = 0
  for (let i = 0; i < n; i++) {
    sab += (a[i] - ma) * (b[i] - mb)
    saa += (a[i] - ma) ** 2
    sbb += (b[i] - mb) ** 2
  }
  return saa === 0 || sbb === 0 ? NaN : sab / Math.sqrt(saa * sbb)
}

export function spearman(a: readonly number[], b: readonly number[]): number {
  return pearson(averageRanks(a), averageRanks(b))
}
