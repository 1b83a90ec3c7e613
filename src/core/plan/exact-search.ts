/**
 * Exact arena planning for small buffer sets by branch and bound over placement orders.
 *
 * Why orders suffice: take an optimal plan and place its buffers with first fit in order of their
 * optimal offsets. By induction each buffer lands at or below its optimal offset (every placed buffer
 * that is live at the same time sits wholly below that offset, and only moved down), so this order
 * reaches the optimal arena. Searching all first-fit orders is therefore exact.
 *
 * Pruning, all without losing an optimum:
 *  - bound: a buffer's first-fit offset can only rise as more buffers are placed, so
 *    max(placed peak, liveness bound, max over unplaced b of firstFit(b) + size(b)) bounds every leaf;
 *  - two adjacent buffers whose lifetimes are disjoint give the same offsets in either order, so they
 *    are only tried in rank order (one representative per set of equivalent orders);
 *  - identical buffers (same size and lifetime) are interchangeable, so they are placed in rank order.
 * The search stops when it meets the liveness bound (nothing can be lower) or after `nodeBudget`
 * placements; the budget makes it deterministic in time as well as in result.
 */
import type { BufferRequest } from './memory-planner.ts'
import { livesOverlap } from './memory-planner.ts'
import type { Placed } from './placement.ts'
import { bySizeDescending, fitOffset, orderBy } from './placement.ts'
import { livenessLowerBound } from './liveness.ts'

export interface ExactSearchResult {
  offsets: number[]
  peak: number
  /** True when the search finished (or met the liveness bound), so `peak` is the optimum. */
  optimal: boolean
  /** Placements tried. */
  nodes: number
}

export function exactSearch(
  buffers: readonly BufferRequest[],
  incumbent: { offsets: readonly number[]; peak: number },
  nodeBudget: number,
): ExactSearchResult {
  const n = buffers.length
  const floor = livenessLowerBound(buffers)
  let best = { offsets: [...incumbent.offsets], peak: incumbent.peak }
  if (best.peak <= floor) return { ...best, optimal: true, nodes: 0 }

  // Candidates are tried in rank order (greedy's order); equivalence filters compare ranks.
  const byRank = orderBy(buffers, bySizeDescending)
  const rank = new Array<number>(n)
  byRank.forEach((index, r) => { rank[index] = r })
  const twinBefore = byRank.map(() => -1) // per rank: the previous identical buffer's rank, or -1
  for (let r = 1; r < n; r++) {
    for (let q = r - 1; q >= 0; q--) {
      const a = buffers[byRank[q]]
      const b = buffers[byRank[r]]
      if (a.size === b.size && a.firstUse === b.firstUse && a.lastUse === b.lastUse) { twinBefore[r] = q; break }
    }
  }

  const ranked = byRank.map((i) => buffers[i])
  const placedAt = new Array<number>(n).fill(-1) // by rank
  const placedBuffers: BufferRequest[] = []
  const placed: Placed[] = []
  let nodes = 0
  let stopped = false

  const dive = (lastRank: number, peak: number): void => {
    if (placed.length === n) {
      if (peak < best.peak) {
        const offsets = new Array<number>(n)
        for (let r = 0; r < n; r++) offsets[byRank[r]] = placedAt[r]
        best = { offsets, peak }
      }
      return
    }
    const fits: Array<[number, number]> = [] // [rank, offset]
    let bound = Math.max(peak, floor)
    for (let r = 0; r < n; r++) {
      if (placedAt[r] >= 0) continue
      const offset = fitOffset(ranked[r], placedBuffers, placed, 'first')
      bound = Math.max(bound, offset + ranked[r].size)
      fits.push([r, offset])
    }
    if (bound >= best.peak) return
    for (const [r, offset] of fits) {
      if (twinBefore[r] >= 0 && placedAt[twinBefore[r]] < 0) continue
      if (lastRank >= 0 && r < lastRank && !livesOverlap(ranked[r], ranked[lastRank])) continue
      if (nodes >= nodeBudget) { stopped = true; return }
      nodes++
      placedAt[r] = offset
      placedBuffers.push(ranked[r])
      placed.push({ offset, size: ranked[r].size })
      dive(r, Math.max(peak, offset + ranked[r].size))
      placed.pop()
      placedBuffers.pop()
      placedAt[r] = -1
      if (stopped || best.peak <= floor) return
    }
  }
  dive(-1, 0)
  return { ...best, optimal: !stopped || best.peak <= floor, nodes }
}
