/**
 * Order of the comparison rows ('name' sorts by the board name shown). Without a sort, rows keep the selection order. Sorting is stable (ties
 * keep selection order); unknown figures (latency without a cost model) sort last in both directions.
 * "Fits" orders fitting targets first when ascending: fits both < misses one < misses both.
 */
import type { TargetEstimate } from '../../core/estimate/report-types.ts'
import type { TargetSort, TargetSortColumn } from '../../store/dock-slice.ts'

function key(t: TargetEstimate, column: TargetSortColumn): number | string | null {
  switch (column) {
    case 'name': return t.board.toLowerCase()
    case 'flash': return t.flashBytes
    case 'ram': return t.ramBytes
    case 'latency': return t.latencyMs
    case 'energy': return t.energyUj
    case 'fits': return (t.fits.flash ? 0 : 1) + (t.fits.ram ? 0 : 1)
  }
}

export function sortTargets(targets: readonly TargetEstimate[], sort: TargetSort | null): TargetEstimate[] {
  if (!sort) return [...targets]
  const sign = sort.direction === 'ascending' ? 1 : -1
  return targets
    .map((t, index) => ({ t, index, k: key(t, sort.column) }))
    .sort((a, b) => {
      if (a.k === null || b.k === null) return a.k === b.k ? a.index - b.index : a.k === null ? 1 : -1
      const c = a.k < b.k ? -1 : a.k > b.k ? 1 : 0
      return c !== 0 ? sign * c : a.index - b.index
    })
    .map((x) => x.t)
}
