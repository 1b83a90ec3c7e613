/** Maximum and Minimum on the portable runtime: tf_maximum_s8 / tf_minimum_s8 for both schemes (raw comparison). No scratch. */
import type { KernelBinding } from '../types.ts'
import { decl, simpleCall } from '../c-call.ts'
import { binaryDimsC } from './binary-dims.ts'

export const maximum: KernelBinding<'Maximum'> = {
  op: 'Maximum',
  calls: () => [{ kernel: 'tf_maximum_s8', calls: 1 }],
  scratchBytes: () => 0,
  emit: (node, io) => simpleCall('tf_maximum_s8', `tf_maximum_s8(&${node.symbol}_dims, ${io.inputs[0]}, ${io.inputs[1]}, ${io.output});`,
    [decl('tf_binary_dims', `${node.symbol}_dims`, binaryDimsC(node.opData))]),
}

export const minimum: KernelBinding<'Minimum'> = {
  op: 'Minimum',
  calls: () => [{ kernel: 'tf_minimum_s8', calls: 1 }],
  scratchBytes: () => 0,
  emit: (node, io) => simpleCall('tf_minimum_s8', `tf_minimum_s8(&${node.symbol}_dims, ${io.inputs[0]}, ${io.inputs[1]}, ${io.output});`,
    [decl('tf_binary_dims', `${node.symbol}_dims`, binaryDimsC(node.opData))]),
}
