import { describe, expect, it } from 'vitest'
import type { AttrSpec } from '../../core/ops/op-def.ts'
import { formatAttrValue, parseAttrText } from './attr-parse.ts'

const filters: AttrSpec = { kind: 'int', label: 'Filters', default: 8, min: 1, max: 4096 }
const scale: AttrSpec = { kind: 'float', label: 'Scale', default: 1 / 128, min: 1e-6, max: 1e6 }
const padding: AttrSpec = { kind: 'enum', label: 'Padding', default: 'same', options: ['same', 'valid'] }
const shape: AttrSpec = { kind: 'ints', label: 'Shape', default: [28, 28, 1], minLength: 1, maxLength: 3, min: 1 }

describe('parseAttrText', () => {
  it('accepts whole numbers within range for int attributes', () => {
    expect(parseAttrText(filters, ' 16 ')).toEqual({ ok: true, value: 16 })
  })
  it('rejects fractions, empty text and out-of-range ints with the schema sentence', () => {
    expect(parseAttrText(filters, '1.5')).toEqual({ ok: false, error: 'Filters must be a whole number' })
    expect(parseAttrText(filters, '')).toEqual({ ok: false, error: 'Filters must be a number' })
    expect(parseAttrText(filters, '0')).toEqual({ ok: false, error: 'Filters must be at least 1' })
    expect(parseAttrText(filters, '5000')).toEqual({ ok: false, error: 'Filters must be at most 4096' })
  })
  it('parses floats and enforces their bounds', () => {
    expect(parseAttrText(scale, '0.0078125')).toEqual({ ok: true, value: 0.0078125 })
    expect(parseAttrText(scale, 'abc')).toEqual({ ok: false, error: 'Scale must be a number' })
    expect(parseAttrText(scale, '0')).toEqual({ ok: false, error: 'Scale must be at least 0.000001' })
  })
  it('accepts only listed enum options', () => {
    expect(parseAttrText(padding, 'valid')).toEqual({ ok: true, value: 'valid' })
    expect(parseAttrText(padding, 'full')).toEqual({ ok: false, error: 'Padding must be one of same, valid' })
  })
  it('parses int lists separated by commas or spaces and checks length and values', () => {
    expect(parseAttrText(shape, '32, 32,3')).toEqual({ ok: true, value: [32, 32, 3] })
    expect(parseAttrText(shape, '49 10 1')).toEqual({ ok: true, value: [49, 10, 1] })
    expect(parseAttrText(shape, '1,2,3,4')).toEqual({ ok: false, error: 'Shape takes at most 3 values' })
    expect(parseAttrText(shape, '')).toEqual({ ok: false, error: 'Shape needs at least 1 values' })
    expect(parseAttrText(shape, '28, 0')).toEqual({ ok: false, error: 'Shape values must be at least 1' })
    expect(parseAttrText(shape, '28, a')).toEqual({ ok: false, error: 'Shape must be whole numbers separated by commas' })
  })
  it('formats lists with commas', () => {
    expect(formatAttrValue([28, 28, 1])).toBe('28, 28, 1')
    expect(formatAttrValue(true)).toBe('true')
  })
})
