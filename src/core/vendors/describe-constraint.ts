/** A constraint as a short formula for tables and tooltips, e.g. `poolH = poolW`, `dilationH ≤ 1`. */
import type { Constraint } from './types.ts'

export function describeConstraint(c: Constraint): string {
  switch (c.kind) {
    case 'attrRange':
      return bounds(c.attr, c.min, c.max)
    case 'attrOneOf':
      return c.values.length === 1 ? `${c.attr} = ${String(c.values[0])}` : `${c.attr} ∈ {${c.values.map(String).join(', ')}}`
    case 'attrsEqual':
      return c.attrs.join(' = ')
    case 'channels': {
      const parts = []
      if (c.min !== undefined || c.max !== undefined) parts.push(bounds(`${c.tensor} channels`, c.min, c.max))
      if (c.multipleOf !== undefined) parts.push(`${c.tensor} channels % ${c.multipleOf} = 0`)
      return parts.join(', ')
    }
    case 'squareInput':
      return 'input H = W'
    case 'inputRank':
      return `input rank ∈ {${c.ranks.join(', ')}}`
    case 'inputCount':
      return bounds('inputs', c.min, c.max)
    case 'powerOfTwo':
      return `${c.attr} = 2^k`
    case 'outputElements':
      return `output elements ≤ ${c.max}`
    case 'inputElements':
      return `input elements ≤ ${c.max}`
    case 'sameInputShapes':
      return 'inputs of one shape'
    case 'padBeforeBelowStride':
      return `top/left padding < ${c.stride.join('/')}`
  }
}

function bounds(what: string, min: number | undefined, max: number | undefined): string {
  if (min !== undefined && max !== undefined) return min === max ? `${what} = ${min}` : `${min} ≤ ${what} ≤ ${max}`
  if (min !== undefined) return `${what} ≥ ${min}`
  return `${what} ≤ ${max}`
}
