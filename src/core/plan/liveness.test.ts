import { describe, expect, it } from 'vitest'
import { livenessLowerBound, livenessPeak } from './liveness.ts'

describe('livenessLowerBound', () => {
  it('is the largest sum of sizes live at one operator index (inclusive lifetimes)', () => {
    const buffers = [
      { size: 10, firstUse: 0, lastUse: 1 },
      { size: 20, firstUse: 1, lastUse: 2 },
      { size: 30, firstUse: 2, lastUse: 3 },
      { size: 40, firstUse: 3, lastUse: 4 },
      { size: 50, firstUse: 0, lastUse: 1 },
    ]
    // t0: 60, t1: 80, t2: 50, t3: 70, t4: 40
    expect(livenessPeak(buffers)).toEqual({ bytes: 80, at: 1 })
    expect(livenessLowerBound(buffers)).toBe(80)
  })

  it('counts a buffer ending at t and one starting at t as live together', () => {
    expect(livenessLowerBound([{ size: 5, firstUse: 0, lastUse: 2 }, { size: 7, firstUse: 2, lastUse: 4 }])).toBe(12)
    expect(livenessLowerBound([{ size: 5, firstUse: 0, lastUse: 1 }, { size: 7, firstUse: 2, lastUse: 4 }])).toBe(7)
  })

  it('is 0 for no buffers', () => {
    expect(livenessPeak([])).toEqual({ bytes: 0, at: -1 })
  })
})
