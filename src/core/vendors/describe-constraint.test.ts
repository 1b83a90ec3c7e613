import { describe, expect, it } from 'vitest'
import { describeConstraint } from './describe-constraint.ts'

describe('describeConstraint', () => {
  it('writes each kind as a short formula', () => {
    const reason = 'r'
    expect(describeConstraint({ kind: 'attrRange', attr: 'units', max: 65535, reason })).toBe('units ≤ 65535')
    expect(describeConstraint({ kind: 'attrRange', attr: 'k', min: 1, max: 3, reason })).toBe('1 ≤ k ≤ 3')
    expect(describeConstraint({ kind: 'attrRange', attr: 'k', min: 2, reason })).toBe('k ≥ 2')
    expect(describeConstraint({ kind: 'attrOneOf', attr: 'depthMultiplier', values: [1], reason })).toBe('depthMultiplier = 1')
    expect(describeConstraint({ kind: 'attrOneOf', attr: 'activation', values: ['none', 'relu'], reason }))
      .toBe('activation ∈ {none, relu}')
    expect(describeConstraint({ kind: 'attrsEqual', attrs: ['poolH', 'poolW'], reason })).toBe('poolH = poolW')
    expect(describeConstraint({ kind: 'channels', tensor: 'input', max: 64, multipleOf: 4, reason }))
      .toBe('input channels ≤ 64, input channels % 4 = 0')
    expect(describeConstraint({ kind: 'squareInput', reason })).toBe('input H = W')
    expect(describeConstraint({ kind: 'inputRank', ranks: [2, 4], reason })).toBe('input rank ∈ {2, 4}')
    expect(describeConstraint({ kind: 'inputCount', min: 2, max: 2, reason })).toBe('inputs = 2')
    expect(describeConstraint({ kind: 'powerOfTwo', attr: 'scale', reason })).toBe('scale = 2^k')
    expect(describeConstraint({ kind: 'outputElements', max: 100, reason })).toBe('output elements ≤ 100')
    expect(describeConstraint({ kind: 'inputElements', max: 65535, reason })).toBe('input elements ≤ 65535')
    expect(describeConstraint({ kind: 'padBeforeBelowStride', window: ['poolH', 'poolW'], stride: ['strideH', 'strideW'], reason }))
      .toBe('top/left padding < strideH/strideW')
  })
})
