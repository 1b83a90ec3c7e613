/** Maximum and Minimum on CMSIS-NN: arm_maximum_s8 / arm_minimum_s8 (added in v7.0.0; they broadcast over n, h, w, c). No buffer. */
import type { MinMaxOpData } from '../../ops/min-max.ts'
import type { CallIo, EmittedCall, KernelBinding } from '../types.ts'
import { decl, vendorCall } from './cmsis-call.ts'

function call(fn: 'arm_maximum_s8' | 'arm_minimum_s8', d: MinMaxOpData, s: string, io: CallIo): EmittedCall | undefined {
  if (d.scheme !== 's8') return undefined
  const dims = ([n, h, w, c]: readonly number[]) => ({ n, h, w, c })
  return vendorCall([
    decl('cmsis_nn_dims', `${s}_cmsis_input1`, dims(d.input1Dims)),
    decl('cmsis_nn_dims', `${s}_cmsis_input2`, dims(d.input2Dims)),
    decl('cmsis_nn_dims', `${s}_cmsis_output`, dims(d.outputDims)),
  ], [
    '{',
    '    const cmsis_nn_context ctx = {.buf = NULL, .size = 0};',
    `    TF_CMSIS_CHECK(${fn}(&ctx, ${io.inputs[0]}, &${s}_cmsis_input1, ${io.inputs[1]}, &${s}_cmsis_input2, ${io.output}, &${s}_cmsis_output));`,
    '}',
  ])
}

export const maximum: KernelBinding<'Maximum'> = {
  op: 'Maximum',
  calls: () => [{ kernel: 'arm_maximum_s8', calls: 1 }],
  scratchBytes: () => 0,
  emit: (node, io) => call('arm_maximum_s8', node.opData, node.symbol, io),
}

export const minimum: KernelBinding<'Minimum'> = {
  op: 'Minimum',
  calls: () => [{ kernel: 'arm_minimum_s8', calls: 1 }],
  scratchBytes: () => 0,
  emit: (node, io) => call('arm_minimum_s8', node.opData, node.symbol, io),
}
