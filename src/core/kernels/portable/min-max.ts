/** Maximum and Minimum on the portable runtime: tf_maximum_s8 / tf_minimum_s8 for both schemes (raw comparison). No scratch. */
import type { MinMaxOpData } from '../../ops/min-max.ts'
import type { CallPlan } from '../call-plan.ts'
import type { KernelBinding } from '../types.ts'
import { OUTPUT, PARAMS } from '../c-call.ts'
import { binaryDimsC } from './binary-dims.ts'

function minMaxCall(fn: 'tf_maximum_s8' | 'tf_minimum_s8', d: MinMaxOpData): CallPlan {
  return { runtime: [fn], constants: [], params: { type: 'tf_binary_dims', value: binaryDimsC(d) },
    invocations: [{ fn, args: [PARAMS, { kind: 'input', port: 0 }, { kind: 'input', port: 1 }, OUTPUT] }] }
}

export const maximum: KernelBinding<'Maximum'> = {
  op: 'Maximum',
  calls: () => [{ kernel: 'tf_maximum_s8', calls: 1 }],
  scratchBytes: () => 0,
  call: (node) => minMaxCall('tf_maximum_s8', node.opData),
}

export const minimum: KernelBinding<'Minimum'> = {
  op: 'Minimum',
  calls: () => [{ kernel: 'tf_minimum_s8', calls: 1 }],
  scratchBytes: () => 0,
  call: (node) => minMaxCall('tf_minimum_s8', node.opData),
}
