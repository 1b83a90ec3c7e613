/**
 * Greedy-by-size planner, the behaviour of TFLite Micro's GreedyMemoryPlanner: buffers sorted by
 * (aligned) size, largest first, ties in the order they were added; each placed at the lowest offset
 * that does not overlap any already-placed buffer whose lifetime intersects its own.
 */
import type { BufferRequest } from './memory-planner.ts'
import { BasePlanner } from './memory-planner.ts'
import { bySizeDescending, orderBy, placeInOrder } from './placement.ts'

export class GreedyMemoryPlanner extends BasePlanner {
  readonly name = 'greedy-by-size'

  protected computeOffsets(buffers: readonly BufferRequest[]): number[] {
    return greedyBySizeOffsets(buffers)
  }
}

export function greedyBySizeOffsets(buffers: readonly BufferRequest[]): number[] {
  return placeInOrder(buffers, orderBy(buffers, bySizeDescending), 'first')
}
