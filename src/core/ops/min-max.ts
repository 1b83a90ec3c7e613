/**
 * Shared int8 facets of Maximum and Minimum (TFLite MAXIMUM / MINIMUM, CMSIS-NN arm_maximum_s8 / arm_minimum_s8): the
 * kernels compare raw int8 values, so both inputs and the output share one quantization (TFLite's int8 spec for these
 * ops; PTQ joins them: outputQuant 'shared'), and the same comparison serves the pow2 scheme. Broadcasting as
 * broadcast.ts (CMSIS-NN broadcasts over n, h, w and c itself).
 */
import type { TensorInfo } from '../ir/types.ts'
import type { QuantScheme } from '../quant/scheme.ts'
import { freeze, sharedQuant } from '../quant/kernel-params.ts'
import type { BinaryDims } from './broadcast.ts'
import { binaryDims, broadcastApply } from './broadcast.ts'

/** Frozen dims of a Maximum / Minimum (both schemes: no arithmetic on the values). */
export interface MinMaxOpData extends BinaryDims {
  scheme: QuantScheme
}

export function prepareMinMax(op: string, scheme: QuantScheme, inputs: readonly TensorInfo[], output: TensorInfo): MinMaxOpData {
  sharedQuant(scheme, inputs[0], output, op, ' 1')
  sharedQuant(scheme, inputs[1], output, op, ' 2')
  return freeze({ scheme, ...binaryDims(inputs, output) })
}

/** Element-wise max (ties: either, they are equal) or min of raw values with broadcasting. */
export function minMaxInt8(d: BinaryDims, inputs: readonly Int8Array[], max: boolean): Int8Array {
  return broadcastApply(d, inputs[0], inputs[1], (n) => new Int8Array(n), max ? (x, y) => (x >= y ? x : y) : (x, y) => (x <= y ? x : y))
}

export function minMaxFloat(inputs: readonly Float32Array[], inputShapes: readonly (readonly number[])[], outputShape: readonly number[],
  max: boolean): Float32Array {
  const d = binaryDims(inputShapes.map((shape) => ({ shape, dtype: 'float32' as const })), { shape: outputShape, dtype: 'float32' })
  return broadcastApply(d, inputs[0], inputs[1], (n) => new Float32Array(n), max ? Math.max : Math.min)
}
