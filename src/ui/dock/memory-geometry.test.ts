import { describe, expect, it } from 'vitest'
import type { ArenaBuffer, MemoryReport } from '../../core/estimate/report-types.ts'
import { MARGIN, memoryChartGeometry, niceByteStep, niceStep } from './memory-geometry.ts'

function buffer(node: string, offset: number, size: number, firstUse: number, lastUse: number, aliasOf: string | null = null): ArenaBuffer {
  return { node, name: node, size, alignedSize: size, offset, firstUse, lastUse, aliasOf }
}

// Three steps: a [0,1] at 0..100, b [1,2] at 100..300, c aliases b.
const MEMORY = {
  planner: 'optimizing', plannerBasis: '', alignment: 16, arenaBytes: 300, lowerBoundBytes: 300,
  order: ['a', 'b', 'c'], liveBytes: [100, 300, 200], inputBytes: 100, outputBytes: 200, ioInArena: true,
  buffers: [buffer('a', 0, 100, 0, 1), buffer('b', 100, 200, 1, 2), buffer('c', 100, 200, 1, 2, 'b')],
} as MemoryReport

describe('memoryChartGeometry', () => {
  const width = MARGIN.left + MARGIN.right + 300
  const height = MARGIN.top + MARGIN.bottom + 400
  const g = memoryChartGeometry(MEMORY, width, height)

  it('draws one rectangle per buffer, aliases listed on their buffer', () => {
    expect(g.rects.map((r) => r.buffer.node)).toEqual(['a', 'b'])
    expect(g.rects[1].aliases.map((a) => a.node)).toEqual(['c'])
  })

  it('maps steps to x and offsets to y (0 at the bottom)', () => {
    // 3 steps over 300 px; y range rounded up to 400 bytes (ticks of 100) over 400 px.
    expect(g.stepWidth).toBe(100)
    expect(g.yMax).toBe(400)
    const [a, b] = g.rects
    expect([a.x, a.width, a.y, a.height]).toEqual([MARGIN.left, 200, MARGIN.top + 300, 100])
    expect([b.x, b.width, b.y, b.height]).toEqual([MARGIN.left + 100, 200, MARGIN.top + 100, 200])
    expect(g.arenaY).toBe(MARGIN.top + 100)
    expect(g.peakStep).toBe(1)
    expect(g.peakBytes).toBe(300)
    expect(g.yTicks.map((t) => t.value)).toEqual([0, 100, 200, 300, 400])
  })

  it('shows the device RAM line only near the arena', () => {
    expect(memoryChartGeometry(MEMORY, width, height, 350).budgetY).not.toBeNull()
    expect(memoryChartGeometry(MEMORY, width, height, 10_000).budgetY).toBeNull()
  })

  it('picks 1-2-5 steps, in B, KiB or MiB for bytes', () => {
    expect([0.3, 1, 3, 7, 12, 4500].map(niceStep)).toEqual([0.5, 1, 5, 10, 20, 5000])
    expect([75, 1960, 14_000, 3_000_000].map(niceByteStep)).toEqual([100, 2048, 20_480, 5 * 1024 ** 2])
  })
})
