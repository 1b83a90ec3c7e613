import { describe, expect, it } from 'vitest'
import { boundsOf, freeSpot, readableViewport } from './viewport.ts'

describe('boundsOf', () => {
  it('spans the 220×90 boxes at the given positions', () => {
    expect(boundsOf([{ x: 0, y: 0 }, { x: 260, y: 140 }])).toEqual({ x: 0, y: 0, width: 480, height: 230 })
    expect(boundsOf([])).toBeUndefined()
  })
})

describe('readableViewport', () => {
  it('centres a small graph at zoom 1', () => {
    // 220×230 graph in an 800×600 view: zoom capped at 1, centred.
    expect(readableViewport({ x: 0, y: 0, width: 220, height: 230 }, 800, 600)).toEqual({ x: 290, y: 185, zoom: 1 })
  })
  it('shrinks a medium graph to fit', () => {
    // 220×1040 in 800×800: fit = 720/1040 ≈ 0.69 < 0.8 → clamped to 0.8, taller than the view → top aligned.
    expect(readableViewport({ x: 0, y: 0, width: 220, height: 1040 }, 800, 800)).toEqual({ x: 312, y: 40, zoom: 0.8 })
    // 220×800 in 800×800: fit = 0.9, whole graph centred.
    expect(readableViewport({ x: 0, y: 0, width: 220, height: 800 }, 800, 800)).toEqual({ x: 301, y: 40, zoom: 0.9 })
  })
  it('accounts for a graph that does not start at the origin', () => {
    expect(readableViewport({ x: 100, y: -50, width: 220, height: 230 }, 800, 600)).toEqual({ x: 190, y: 235, zoom: 1 })
  })
})

describe('freeSpot', () => {
  it('keeps the start when nothing overlaps, else steps right one card at a time', () => {
    expect(freeSpot({ x: 0, y: 0 }, [{ x: 0, y: 500 }])).toEqual({ x: 0, y: 0 })
    expect(freeSpot({ x: 0, y: 0 }, [{ x: 10, y: 10 }, { x: 250, y: 0 }])).toEqual({ x: 732, y: 0 })
  })
})
