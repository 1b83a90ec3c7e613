/**
 * Constant folding at import: Constant nodes, Shape of a value whose shape is known, and shape/arithmetic
 * ops whose inputs are all constants (the Shape → Gather → Unsqueeze → Concat → Reshape chains that
 * exporters emit for flattening, reshaped weight matrices, …). Folded nodes become constants and are
 * reported as 'folded'; they produce no IR node.
 */
import { ImportError, checkTensorShape } from '../import/import-error.ts'
import type { OnnxMapper } from './onnx-mapper.ts'
import { NodeAttrs } from './onnx-mapper.ts'
import type { OnnxConst, OnnxNodeProto } from './onnx-proto.ts'
import { ONNX_DTYPE, tensorValues } from './onnx-proto.ts'

type Fold = (inputs: OnnxConst[], a: NodeAttrs, opset: number) => OnnxConst

const size = (dims: readonly number[]): number => dims.reduce((p, d) => p * d, 1)
const normAxis = (axis: number, rank: number): number => (axis < 0 ? axis + rank : axis)

function constant(dims: number[], values: ArrayLike<number>, dataType: number): OnnxConst {
  checkTensorShape('a folded constant', dims)
  return { dims, dataType, values: Float64Array.from(values) }
}

function reshapeDims(input: readonly number[], target: readonly number[], allowZero: boolean): number[] {
  const dims = target.map((d, i) => (d === 0 && !allowZero ? input[i] : d))
  const known = dims.filter((d) => d !== -1).reduce((p, d) => p * d, 1)
  const total = size(input)
  return dims.map((d) => (d === -1 ? (known === 0 ? 0 : total / known) : d))
}

function broadcast(a: OnnxConst, b: OnnxConst, f: (x: number, y: number) => number): OnnxConst {
  const rank = Math.max(a.dims.length, b.dims.length)
  const pa = [...Array(rank - a.dims.length).fill(1), ...a.dims]
  const pb = [...Array(rank - b.dims.length).fill(1), ...b.dims]
  const dims = pa.map((d, i) => (d === 1 ? pb[i] : d))
  if (pa.some((d, i) => d !== 1 && pb[i] !== 1 && d !== pb[i])) throw new Error('shapes do not broadcast')
  const n = size(dims)
  const out = new Float64Array(n)
  const index = (p: number[], flat: number): number => {
    let r = 0
    let rem = flat
    let stride = 1
    for (let k = rank - 1; k >= 0; k--) {
      const coord = rem % dims[k]
      rem = Math.floor(rem / dims[k])
      if (p[k] !== 1) r += coord * stride
      stride *= p[k]
    }
    return r
  }
  for (let i = 0; i < n; i++) out[i] = f(a.values[index(pa, i)], b.values[index(pb, i)])
  return { dims, dataType: a.dataType, values: out }
}

function axesOf(inputs: OnnxConst[], a: NodeAttrs): number[] | undefined {
  if (inputs[1]) return Array.from(inputs[1].values)
  return a.has('axes') ? a.ints('axes', []) : undefined
}

const FOLDS: Record<string, Fold> = {
  Identity: ([x]) => x,
  Cast: ([x], a) => {
    const to = a.int('to', x.dataType)
    const isFloat = to === ONNX_DTYPE.FLOAT || to === ONNX_DTYPE.DOUBLE || to === ONNX_DTYPE.FLOAT16
    return constant([...x.dims], isFloat ? x.values : x.values.map(Math.trunc), to)
  },
  Reshape: ([x, shape], a) => {
    const dims = reshapeDims(x.dims, Array.from(shape.values), a.int('allowzero', 0) === 1)
    if (size(dims) !== size(x.dims)) throw new Error(`cannot reshape [${x.dims}] to [${dims}]`)
    return constant(dims, x.values, x.dataType)
  },
  Flatten: ([x], a) => {
    const axis = normAxis(a.int('axis', 1), x.dims.length)
    return constant([size(x.dims.slice(0, axis)), size(x.dims.slice(axis))], x.values, x.dataType)
  },
  Squeeze: (inputs, a) => {
    const x = inputs[0]
    const axes = axesOf(inputs, a)?.map((k) => normAxis(k, x.dims.length))
    const dims = x.dims.filter((d, i) => (axes ? !axes.includes(i) : d !== 1))
    return constant(dims, x.values, x.dataType)
  },
  Unsqueeze: (inputs, a) => {
    const x = inputs[0]
    const axes = axesOf(inputs, a) ?? []
    const rank = x.dims.length + axes.length
    const set = new Set(axes.map((k) => normAxis(k, rank)))
    const dims: number[] = []
    for (let i = 0, j = 0; i < rank; i++) dims.push(set.has(i) ? 1 : x.dims[j++])
    return constant(dims, x.values, x.dataType)
  },
  Concat: (inputs, a) => {
    const rank = inputs[0].dims.length
    const axis = normAxis(a.int('axis', 0), rank)
    const outer = size(inputs[0].dims.slice(0, axis))
    const dims = [...inputs[0].dims]
    dims[axis] = inputs.reduce((s, t) => s + t.dims[axis], 0)
    const out: number[] = []
    for (let o = 0; o < outer; o++) {
      for (const t of inputs) {
        const block = size(t.dims.slice(axis))
        for (let i = 0; i < block; i++) out.push(t.values[o * block + i])
      }
    }
    return constant(dims, out, inputs[0].dataType)
  },
  Gather: ([x, indices], a) => {
    const axis = normAxis(a.int('axis', 0), x.dims.length)
    const outer = size(x.dims.slice(0, axis))
    const inner = size(x.dims.slice(axis + 1))
    const n = x.dims[axis]
    const out: number[] = []
    for (let o = 0; o < outer; o++) {
      for (const raw of indices.values) {
        const k = raw < 0 ? raw + n : raw
        if (k < 0 || k >= n) throw new Error(`index ${raw} is out of range`)
        for (let i = 0; i < inner; i++) out.push(x.values[(o * n + k) * inner + i])
      }
    }
    return constant([...x.dims.slice(0, axis), ...indices.dims, ...x.dims.slice(axis + 1)], out, x.dataType)
  },
  Transpose: ([x], a) => {
    const rank = x.dims.length
    const perm = a.ints('perm', [...Array(rank).keys()].reverse())
    const dims = perm.map((p) => x.dims[p])
    const inStrides = x.dims.map((_, i) => size(x.dims.slice(i + 1)))
    const out = new Float64Array(x.values.length)
    for (let i = 0; i < out.length; i++) {
      let rem = i
      let src = 0
      for (let k = rank - 1; k >= 0; k--) {
        const coord = rem % dims[k]
        rem = Math.floor(rem / dims[k])
        src += coord * inStrides[perm[k]]
      }
      out[i] = x.values[src]
    }
    return { dims, dataType: x.dataType, values: out }
  },
  Add: ([x, y]) => broadcast(x, y, (p, q) => p + q),
  Sub: ([x, y]) => broadcast(x, y, (p, q) => p - q),
  Mul: ([x, y]) => broadcast(x, y, (p, q) => p * q),
  Div: ([x, y]) => broadcast(x, y, (p, q) => (x.dataType === ONNX_DTYPE.FLOAT || x.dataType === ONNX_DTYPE.DOUBLE ? p / q : Math.trunc(p / q))),
  Sqrt: ([x]) => constant([...x.dims], x.values.map(Math.sqrt), x.dataType),
  Neg: ([x]) => constant([...x.dims], x.values.map((v) => -v), x.dataType),
  Reciprocal: ([x]) => constant([...x.dims], x.values.map((v) => 1 / v), x.dataType),
  Shape: ([x]) => constant([x.dims.length], x.dims, ONNX_DTYPE.INT64),
}

function constantNodeValue(n: OnnxNodeProto, a: NodeAttrs): OnnxConst | undefined {
  const t = a.tensor('value')
  if (t) return tensorValues(t, `constant '${(n.output ?? [])[0] ?? ''}'`)
  if (a.has('value_float')) return constant([], [a.float('value_float', 0)], ONNX_DTYPE.FLOAT)
  if (a.has('value_floats')) { const v = a.floats('value_floats', []); return constant([v.length], v, ONNX_DTYPE.FLOAT) }
  if (a.has('value_int')) return constant([], [a.int('value_int', 0)], ONNX_DTYPE.INT64)
  if (a.has('value_ints')) { const v = a.ints('value_ints', []); return constant([v.length], v, ONNX_DTYPE.INT64) }
  return undefined
}

/** Folds `n` when it computes a constant; returns false when it must be mapped as an operator. */
export function foldConstantNode(m: OnnxMapper, n: OnnxNodeProto): boolean {
  const op = n.op_type ?? ''
  const out = (n.output ?? [])[0]
  if (!out) return false
  const a = new NodeAttrs(n)
  let value: OnnxConst | undefined
  let reason = 'constant computed at import'
  if (op === 'Constant') {
    value = constantNodeValue(n, a)
    reason = 'constant tensor'
  } else if (op === 'Shape' && !m.consts.has((n.input ?? [])[0] ?? '')) {
    const shape = m.vals.get((n.input ?? [])[0] ?? '')?.shape
    if (!shape) return false
    value = constant([shape.length], shape, ONNX_DTYPE.INT64)
    reason = 'shape of a tensor whose shape is known at import'
  } else {
    const fold = Object.hasOwn(FOLDS, op) ? FOLDS[op] : undefined
    const names = (n.input ?? []).filter((name) => name)
    if (!fold || names.length === 0 || !names.every((name) => m.consts.has(name))) return false
    try {
      value = fold(names.map((name) => m.consts.get(name)!), a, m.opset)
    } catch (err) {
      if (err instanceof ImportError) throw err
      return false
    }
  }
  if (!value) return false
  m.consts.set(out, value)
  m.b.record(op, m.displayName(n), 'folded', [], reason)
  return true
}
