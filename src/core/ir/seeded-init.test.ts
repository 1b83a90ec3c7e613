import { describe, expect, it } from 'vitest'
import { fnv1a, mulberry32, seededTensor } from './seeded-init.ts'

describe('seeded weight initialisation', () => {
  it('uses the published FNV-1a and mulberry32 sequences', () => {
    expect(fnv1a('')).toBe(0x811c9dc5)
    expect(fnv1a('a')).toBe(0xe40c292c)
    const next = mulberry32(0)
    // Reference values of mulberry32 seeded with 0 (first two outputs × 2^32).
    expect(Math.round(next() * 4294967296)).toBe(1144304738)
    expect(Math.round(next() * 4294967296)).toBe(1416247)
  })

  it('is deterministic per (seed, node, tensor, shape) and bounded by the He limit', () => {
    const a = seededTensor(1, 'n2', 'weights', [8, 3, 3, 1], 9, 'he-uniform')
    const b = seededTensor(1, 'n2', 'weights', [8, 3, 3, 1], 9, 'he-uniform')
    const c = seededTensor(2, 'n2', 'weights', [8, 3, 3, 1], 9, 'he-uniform')
    expect(a.data).toEqual(b.data)
    expect(a.data).not.toEqual(c.data)
    const limit = Math.sqrt(6 / 9)
    expect(Math.max(...a.data.map(Math.abs))).toBeLessThanOrEqual(limit)
    expect(a.origin).toBe('seeded')
    expect(seededTensor(1, 'n2', 'bias', [8], 9, 'zeros').data).toEqual(new Float32Array(8))
  })
})
