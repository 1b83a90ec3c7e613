/**
 * Broadcasting of the binary element-wise operators (Mul, Maximum, Minimum), numpy / TFLite rules restricted to the
 * IR's ranks: shapes are aligned at the last axis, each axis equal or 1 in one of them, result rank ≤ 4. Kernels see
 * every tensor as 4-D [n, h, w, c] (missing leading axes are 1), as CMSIS-NN's cmsis_nn_dims does; an axis of size 1
 * against a larger one is read with stride 0.
 */
import type { Shape, TensorInfo } from '../ir/types.ts'
import { formatShape } from '../ir/types.ts'
import { OpError } from './op-def.ts'

/** A shape as 4 dims [n, h, w, c], leading 1s added. */
export type Dims4 = [number, number, number, number]

export function dims4(shape: Shape): Dims4 {
  const d = [1, 1, 1, ...shape].slice(-4)
  return [d[0], d[1], d[2], d[3]]
}

/** The broadcast result shape of two inputs; throws OpError naming the op when they do not broadcast. */
export function broadcastShape(op: string, inputs: readonly TensorInfo[]): number[] {
  const [a, b] = inputs
  if (!a || !b) throw new OpError(`${op} needs two inputs`)
  const rank = Math.max(a.shape.length, b.shape.length)
  if (rank > 4) throw new OpError(`${op} takes tensors of rank 4 or less; got ${formatShape(a.shape)} and ${formatShape(b.shape)}`)
  const out: number[] = []
  for (let i = 0; i < rank; i++) {
    const x = a.shape[a.shape.length - rank + i] ?? 1
    const y = b.shape[b.shape.length - rank + i] ?? 1
    if (x !== y && x !== 1 && y !== 1) {
      throw new OpError(`${op} needs inputs of the same shape, or where one has size 1 on an axis (broadcasting); ` +
        `got ${formatShape(a.shape)} and ${formatShape(b.shape)}`)
    }
    out.push(Math.max(x, y))
  }
  if (out[0] !== 1) throw new OpError(`${op} supports batch 1 only, got ${formatShape(out)}`)
  return out
}

/** Element offsets into each input for every output element, in row-major output order. */
export function broadcastOffsets(a: Dims4, b: Dims4, out: Dims4): { ia: Int32Array; ib: Int32Array } {
  const strides = (d: Dims4): Dims4 => {
    const s: Dims4 = [d[1] * d[2] * d[3], d[2] * d[3], d[3], 1]
    return s.map((v, k) => (d[k] === 1 && out[k] !== 1 ? 0 : v)) as Dims4
  }
  const sa = strides(a)
  const sb = strides(b)
  const n = out[0] * out[1] * out[2] * out[3]
  const ia = new Int32Array(n)
  const ib = new Int32Array(n)
  let i = 0
  for (let x0 = 0; x0 < out[0]; x0++)
    for (let x1 = 0; x1 < out[1]; x1++)
      for (let x2 = 0; x2 < out[2]; x2++)
        for (let x3 = 0; x3 < out[3]; x3++, i++) {
          ia[i] = x0 * sa[0] + x1 * sa[1] + x2 * sa[2] + x3 * sa[3]
          ib[i] = x0 * sb[0] + x1 * sb[1] + x2 * sb[2] + x3 * sb[3]
        }
  return { ia, ib }
}

/** The 4-D dims of a binary element-wise node, as its OpData freezes them. */
export interface BinaryDims {
  input1Dims: Dims4
  input2Dims: Dims4
  outputDims: Dims4
}

export function binaryDims(inputs: readonly TensorInfo[], output: TensorInfo): BinaryDims {
  return { input1Dims: dims4(inputs[0].shape), input2Dims: dims4(inputs[1].shape), outputDims: dims4(output.shape) }
}

/** True when both inputs have the output's shape (no broadcasting). */
export function sameDims(d: BinaryDims): boolean {
  return d.input1Dims.join() === d.outputDims.join() && d.input2Dims.join() === d.outputDims.join()
}

/** Applies `f(a, b)` element-wise with broadcasting over 4-D dims; returns the output values. */
export function broadcastApply<T extends Float32Array | Int8Array | Int16Array>(d: BinaryDims, a: ArrayLike<number>, b: ArrayLike<number>,
  make: (n: number) => T, f: (x: number, y: number) => number): T {
  const { ia, ib } = broadcastOffsets(d.input1Dims, d.input2Dims, d.outputDims)
  const out = make(ia.length)
  for (let i = 0; i < ia.length; i++) out[i] = f(a[ia[i]], b[ib[i]])
  return out
}
