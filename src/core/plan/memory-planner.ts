/**
 * Tensor-arena memory planning, TFLite Micro style. A planner is told each buffer's size in bytes and its
 * lifetime as inclusive operator indices in execution order; it gives every buffer a byte offset in one
 * arena such that two buffers whose lifetimes intersect never share a byte, and `peak()` is the arena
 * size (the largest offset + size). Sizes are rounded up to `alignment` (default 16 bytes, TFLM's
 * kBufferAlignment), so every offset is a multiple of it. Planning is deterministic: the same requests
 * in the same order always give the same offsets.
 */

export interface MemoryPlanner {
  /** Short stable name of the algorithm, e.g. 'greedy-by-size'. */
  readonly name: string
  /** Registers a buffer live from `firstUse` to `lastUse` (inclusive); returns its index (0, 1, …). */
  addBuffer(size: number, firstUse: number, lastUse: number): number
  /** Arena offset of buffer `index` in bytes. */
  offsetOf(index: number): number
  /** Arena bytes needed by the plan (0 when no buffer was added). */
  peak(): number
}

export interface PlannerOptions {
  /** Buffer sizes are rounded up to a multiple of this many bytes (a positive integer; default 16). */
  alignment?: number
}

export const DEFAULT_ALIGNMENT = 16

/** One buffer request with its size already aligned. */
export interface BufferRequest {
  size: number
  firstUse: number
  lastUse: number
}

export function alignUp(size: number, alignment: number): number {
  return Math.ceil(size / alignment) * alignment
}

/** True when the inclusive lifetimes of `a` and `b` share at least one operator index. */
export function livesOverlap(a: BufferRequest, b: BufferRequest): boolean {
  return a.firstUse <= b.lastUse && b.firstUse <= a.lastUse
}

/** Arena size of a set of placed buffers. */
export function arenaSize(buffers: readonly BufferRequest[], offsets: readonly number[]): number {
  let peak = 0
  for (let i = 0; i < buffers.length; i++) peak = Math.max(peak, offsets[i] + buffers[i].size)
  return peak
}

/**
 * Shared bookkeeping of the planners: validates and aligns requests, plans lazily on the first query
 * after a change, and answers `offsetOf`/`peak` from the cached plan. Subclasses only compute offsets.
 */
export abstract class BasePlanner implements MemoryPlanner {
  abstract readonly name: string
  protected readonly alignment: number
  private readonly requests: BufferRequest[] = []
  private offsets: number[] | null = null
  private peakBytes = 0

  constructor(options: PlannerOptions = {}) {
    const alignment = options.alignment ?? DEFAULT_ALIGNMENT
    if (!Number.isInteger(alignment) || alignment < 1) {
      throw new RangeError(`alignment must be a positive whole number of bytes, got ${alignment}`)
    }
    this.alignment = alignment
  }

  addBuffer(size: number, firstUse: number, lastUse: number): number {
    if (!Number.isInteger(size) || size < 0) throw new RangeError(`buffer size must be a whole number ≥ 0, got ${size}`)
    if (!Number.isInteger(firstUse) || !Number.isInteger(lastUse) || firstUse < 0 || lastUse < firstUse) {
      throw new RangeError(`buffer lifetime must be whole op indices with 0 ≤ first ≤ last, got [${firstUse}, ${lastUse}]`)
    }
    this.requests.push({ size: alignUp(size, this.alignment), firstUse, lastUse })
    this.offsets = null
    return this.requests.length - 1
  }

  offsetOf(index: number): number {
    if (!Number.isInteger(index) || index < 0 || index >= this.requests.length) {
      throw new RangeError(`no buffer ${index}: ${this.requests.length} buffer(s) were added`)
    }
    return this.plan()[index]
  }

  peak(): number {
    this.plan()
    return this.peakBytes
  }

  /** Buffers as planned (aligned sizes), in the order they were added. */
  buffers(): readonly BufferRequest[] {
    return this.requests
  }

  /** Offsets for `buffers` (aligned sizes), one per buffer in the same order. */
  protected abstract computeOffsets(buffers: readonly BufferRequest[]): number[]

  private plan(): number[] {
    if (!this.offsets) {
      this.offsets = this.computeOffsets(this.requests)
      this.peakBytes = arenaSize(this.requests, this.offsets)
    }
    return this.offsets
  }
}
