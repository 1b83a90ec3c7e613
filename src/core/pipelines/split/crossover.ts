/**
 * Crossover bandwidths. With everything but the link bandwidth B fixed, each legal cut's end-to-end latency is a line
 * in x = 1/B:
 *   L(x) = a + c·x,  a = device + RTT + tail (ms),  c = bytes · 8 · 1000 (bits, giving ms when divided by bit/s)
 * and the all-on-device cut is the flat line a = device total, c = 0. Two cuts i, j cost the same at
 *   B* = (c_i − c_j) / (a_j − a_i)          (a crossover only when B* is positive and finite),
 * and the latency-best cut as B falls from ∞ to 0 follows the lower envelope of the lines: it changes at the envelope's
 * breakpoints, each a pairwise B* above. Found by walking the envelope: O(cuts²) at worst, ~1 µs per cut on VWW.
 */
import type { Link, Tier } from '../../targets/remote-types.ts'
import type { CutTable } from '../../formats/split/cuts.ts'

export interface Crossover {
  /** Bandwidth (bit/s) at which the two cuts cost the same. */
  bandwidthBps: number
  /** Best cut above this bandwidth, and below it. */
  above: number
  below: number
}

interface Line {
  cut: number
  a: number
  c: number
}

/** B* where cuts with lines (a1, c1) and (a2, c2) cost the same, or null when they never cross at a positive bandwidth. */
export function crossoverBandwidth(a1: number, c1: number, a2: number, c2: number): number | null {
  if (a1 === a2) return null
  const b = (c1 - c2) / (a2 - a1)
  return Number.isFinite(b) && b > 0 ? b : null
}

/** The lines of the legal cuts for one target (head latencies per step) × link × tier. */
export function latencyLines(table: CutTable, head: readonly number[], link: Pick<Link, 'rttMs'>,
  tier: Pick<Tier, 'gmacPerS' | 'overheadMs' | 'backhaulRttMs'>): Line[] {
  const lines: Line[] = []
  for (const cut of table.cuts) {
    if (cut.illegal) continue
    if (cut.onDevice) {
      lines.push({ cut: cut.index, a: head[cut.index], c: 0 })
      continue
    }
    const tail = (cut.tailMacs / (tier.gmacPerS * 1e9)) * 1000 + tier.overheadMs + tier.backhaulRttMs
    lines.push({ cut: cut.index, a: head[cut.index] + link.rttMs + tail, c: cut.bytes * 8 * 1000 })
  }
  return lines
}

/** The breakpoints of the lower envelope, highest bandwidth first. */
export function envelope(lines: readonly Line[]): Crossover[] {
  if (lines.length === 0) return []
  const better = (p: Line, q: Line) => p.a < q.a || (p.a === q.a && (p.c < q.c || (p.c === q.c && p.cut < q.cut)))
  let current = lines.reduce((best, l) => (better(l, best) ? l : best))
  let x = 0
  const out: Crossover[] = []
  for (;;) {
    let next: Line | null = null
    let nextX = Infinity
    for (const l of lines) {
      if (l.c >= current.c) continue
      const at = (l.a - current.a) / (current.c - l.c)
      if (at <= x) continue
      if (at < nextX || (at === nextX && next && l.c < next.c)) {
        next = l
        nextX = at
      }
    }
    if (!next || !Number.isFinite(nextX)) return out
    out.push({ bandwidthBps: 1 / nextX, above: current.cut, below: next.cut })
    current = next
    x = nextX
  }
}

/** Crossovers of the latency-best cut for one target × link × tier. */
export function latencyEnvelope(table: CutTable, head: readonly number[], link: Pick<Link, 'rttMs'>,
  tier: Pick<Tier, 'gmacPerS' | 'overheadMs' | 'backhaulRttMs'>): Crossover[] {
  return envelope(latencyLines(table, head, link, tier))
}
