import { describe, expect, it } from 'vitest'
import { GreedyMemoryPlanner } from './greedy-planner.ts'

function plan(buffers: [number, number, number][], alignment?: number): { offsets: number[]; peak: number } {
  const planner = new GreedyMemoryPlanner(alignment === undefined ? {} : { alignment })
  const indices = buffers.map(([size, first, last]) => planner.addBuffer(size, first, last))
  return { offsets: indices.map((i) => planner.offsetOf(i)), peak: planner.peak() }
}

describe('GreedyMemoryPlanner (TFLM GreedyMemoryPlanner behaviour)', () => {
  // The three cases below are TFLM's greedy_memory_planner_test.cc (no alignment there).
  it('shares bytes between buffers that are never live together', () => {
    expect(plan([[10, 0, 1], [20, 2, 3]], 1)).toEqual({ offsets: [0, 0], peak: 20 })
  })

  it('places largest first at the lowest offset that fits', () => {
    // 50 → 0; 40 (t3-4) → 0; 30 (t2-3) above 40 → 40; 20 (t1-2) above 50 and 30 → 70;
    // 10 (t0-1) fits in the gap 50..70 between 50 and 20 → 50.
    expect(plan([[10, 0, 1], [20, 1, 2], [30, 2, 3], [40, 3, 4], [50, 0, 1]], 1))
      .toEqual({ offsets: [50, 70, 40, 0, 0], peak: 90 })
  })

  it('stacks a buffer above everything live with it', () => {
    expect(plan([[100, 0, 1], [50, 2, 3], [20, 1, 2]], 1)).toEqual({ offsets: [0, 0, 100], peak: 120 })
  })

  it('keeps insertion order for equal sizes (stable sort)', () => {
    expect(plan([[32, 0, 1], [32, 1, 2], [32, 0, 2]])).toEqual({ offsets: [0, 32, 64], peak: 96 })
  })

  it('rounds sizes up to the alignment (default 16 bytes)', () => {
    // 490 → 496, 10 → 16: the second buffer starts on a 16-byte boundary.
    expect(plan([[490, 0, 1], [10, 1, 2]])).toEqual({ offsets: [0, 496], peak: 512 })
    expect(plan([[490, 0, 1], [10, 1, 2]], 64)).toEqual({ offsets: [0, 512], peak: 576 })
    expect(plan([[490, 0, 1], [10, 1, 2]], 1)).toEqual({ offsets: [0, 490], peak: 500 })
  })

  it('plans the 250 KB person-detection MobileNet of TFLM at its liveness bound', () => {
    const sizes = [9216, 3, 256, 2304, 2304, 2304, 1152, 4608, 4608, 4608, 4608, 4608, 4608, 4608, 4608,
      4608, 4608, 4608, 2304, 9216, 9216, 9216, 4608, 18432, 18432, 18432, 9216, 36864, 18432, 18432]
    // Buffer 0 lives 0..29; buffer k ≥ 1 lives (29 − k)..(30 − k).
    const buffers = sizes.map((size, k): [number, number, number] => (k === 0 ? [size, 0, 29] : [size, 29 - k, 30 - k]))
    const { offsets, peak } = plan(buffers, 1)
    expect(peak).toBe(64512) // 36864 + 18432 (op 2) + 9216 (buffer 0, live throughout)
    expect(offsets).toEqual([55296, 0, 2304, 0, 2304, 0, 4608, 0, 4608, 0, 4608, 0, 4608, 0, 4608, 0, 4608, 0,
      9216, 0, 9216, 0, 18432, 0, 18432, 0, 36864, 0, 36864, 0])
  })

  it('re-plans after a buffer is added and reports an empty plan as 0 bytes', () => {
    const planner = new GreedyMemoryPlanner()
    expect(planner.peak()).toBe(0)
    expect(planner.addBuffer(32, 0, 0)).toBe(0)
    expect(planner.peak()).toBe(32)
    expect(planner.addBuffer(64, 0, 0)).toBe(1)
    expect([planner.offsetOf(0), planner.offsetOf(1), planner.peak()]).toEqual([64, 0, 96])
    expect(planner.name).toBe('greedy-by-size')
  })

  it('rejects bad requests with a sentence', () => {
    const planner = new GreedyMemoryPlanner()
    expect(() => planner.addBuffer(-1, 0, 0)).toThrow('buffer size must be a whole number ≥ 0, got -1')
    expect(() => planner.addBuffer(8, 3, 2)).toThrow('0 ≤ first ≤ last, got [3, 2]')
    expect(() => planner.offsetOf(0)).toThrow('no buffer 0: 0 buffer(s) were added')
    expect(() => new GreedyMemoryPlanner({ alignment: 0 })).toThrow('alignment must be a positive whole number')
  })
})
