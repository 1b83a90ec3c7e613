/** Evaluates a library's declarative constraints against one node. Pure; no exceptions for bad graphs. */
import type { Attrs, Shape, TensorInfo } from '../ir/types.ts'
import { windowPadBefore } from '../ops/op-def.ts'
import type { Constraint, VendorLibrary } from './types.ts'

/**
 * Whether `library` has a kernel for `op` and, if so, which of its constraints this node breaks (one reason each;
 * empty when it runs). A missing kernel is reported by `supported: false` alone, so callers do not say it twice.
 */
export function checkOpSupport(
  library: VendorLibrary,
  op: string,
  attrs: Attrs,
  inputs: readonly TensorInfo[],
  output: Shape | undefined,
): { supported: boolean; problems: string[] } {
  const support = library.ops[op]
  if (!support) return { supported: false, problems: [] }
  const problems: string[] = []
  for (const c of support.constraints) {
    if (!holds(c, attrs, inputs, output)) problems.push(c.reason)
  }
  return { supported: true, problems }
}

function holds(c: Constraint, attrs: Attrs, inputs: readonly TensorInfo[], output: Shape | undefined): boolean {
  switch (c.kind) {
    case 'attrRange': {
      const v = attrs[c.attr]
      if (typeof v !== 'number') return true
      return (c.min === undefined || v >= c.min) && (c.max === undefined || v <= c.max)
    }
    case 'attrOneOf':
      return !(c.attr in attrs) || c.values.some((x) => sameValue(x, attrs[c.attr]))
    case 'attrsEqual': {
      const vs = c.attrs.map((a) => attrs[a])
      return vs.every((v) => sameValue(v, vs[0]))
    }
    case 'channels': {
      const shape = c.tensor === 'input' ? inputs[0]?.shape : output
      if (!shape || shape.length === 0) return true
      const ch = shape[shape.length - 1]
      return (c.min === undefined || ch >= c.min) && (c.max === undefined || ch <= c.max)
        && (c.multipleOf === undefined || ch % c.multipleOf === 0)
    }
    case 'squareInput': {
      const s = inputs[0]?.shape
      return !s || s.length !== 4 || s[1] === s[2]
    }
    case 'inputRank': {
      const s = inputs[0]?.shape
      return !s || c.ranks.includes(s.length)
    }
    case 'inputCount':
      return (c.min === undefined || inputs.length >= c.min) && (c.max === undefined || inputs.length <= c.max)
    case 'powerOfTwo': {
      const v = attrs[c.attr]
      if (typeof v !== 'number' || v <= 0) return typeof v !== 'number'
      const k = Math.log2(v)
      return Math.abs(k - Math.round(k)) < 1e-12
    }
    case 'outputElements': {
      if (!output) return true
      return output.reduce((a, b) => a * b, 1) <= c.max
    }
    case 'inputElements': {
      const s = inputs[0]?.shape
      return !s || s.reduce((a, b) => a * b, 1) <= c.max
    }
    case 'sameInputShapes':
      return inputs.every((t) => t.shape.join() === inputs[0].shape.join())
    case 'padBeforeBelowStride': {
      const s = inputs[0]?.shape
      if (!s || s.length !== 4) return true
      return [0, 1].every((axis) => {
        const [k, st] = [attrs[c.window[axis]], attrs[c.stride[axis]]]
        if (typeof k !== 'number' || typeof st !== 'number') return true
        return windowPadBefore(s[axis + 1], k, st, 1, String(attrs.padding)) < st
      })
    }
  }
}

function sameValue(a: unknown, b: unknown): boolean {
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => x === b[i])
  return a === b
}
