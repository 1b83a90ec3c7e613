/**
 * Placing buffers one at a time, as TFLM's GreedyMemoryPlanner does: a buffer may go into any gap of
 * the arena left by the already-placed buffers whose lifetimes intersect its own (buffers that are never
 * live at the same time may share bytes), or on top of them.
 *   first fit: the lowest offset where it fits (TFLM);
 *   best fit:  the smallest gap where it fits (lowest offset on ties), else on top.
 */
import type { BufferRequest } from './memory-planner.ts'
import { livesOverlap } from './memory-planner.ts'

export type FitRule = 'first' | 'best'

export interface Placed {
  offset: number
  size: number
}

/**
 * Offset for `buffer` among `placed` buffers (parallel arrays: `placedBuffers[k]` sits at `placed[k]`).
 * Only placed buffers whose lifetimes intersect `buffer` constrain it.
 */
export function fitOffset(
  buffer: BufferRequest,
  placedBuffers: readonly BufferRequest[],
  placed: readonly Placed[],
  rule: FitRule,
): number {
  const blocking: Placed[] = []
  for (let k = 0; k < placed.length; k++) {
    if (placed[k].size > 0 && livesOverlap(buffer, placedBuffers[k])) blocking.push(placed[k])
  }
  blocking.sort((a, b) => a.offset - b.offset || a.size - b.size)
  let candidate = 0
  let best = -1
  let bestGap = Infinity
  for (const p of blocking) {
    const gap = p.offset - candidate
    if (gap >= buffer.size) {
      if (rule === 'first') return candidate
      if (gap < bestGap) {
        bestGap = gap
        best = candidate
      }
    }
    candidate = Math.max(candidate, p.offset + p.size)
  }
  return best >= 0 ? best : candidate
}

/** Offsets (indexed like `buffers`) from placing the buffers in `order` with `rule`. */
export function placeInOrder(buffers: readonly BufferRequest[], order: readonly number[], rule: FitRule): number[] {
  const offsets = new Array<number>(buffers.length).fill(0)
  const placedBuffers: BufferRequest[] = []
  const placed: Placed[] = []
  for (const index of order) {
    const buffer = buffers[index]
    const offset = fitOffset(buffer, placedBuffers, placed, rule)
    offsets[index] = offset
    placedBuffers.push(buffer)
    placed.push({ offset, size: buffer.size })
  }
  return offsets
}

/** Buffer indices sorted by `compare`, ties by index ascending (stable and deterministic). */
export function orderBy(
  buffers: readonly BufferRequest[],
  compare: (a: BufferRequest, b: BufferRequest) => number,
): number[] {
  return buffers.map((_, i) => i).sort((a, b) => compare(buffers[a], buffers[b]) || a - b)
}

/** Largest first, ties in insertion order: TFLM's stable bubble sort by size. */
export const bySizeDescending = (a: BufferRequest, b: BufferRequest): number => b.size - a.size
