/** Flatten: aliased, no kernel (see alias-call.ts). */
import type { KernelBinding } from '../types.ts'
import { aliasCall } from './alias-call.ts'

export const flatten: KernelBinding<'Flatten'> = {
  op: 'Flatten',
  calls: () => [],
  scratchBytes: () => 0,
  emit: (node, io) => aliasCall('Flatten', node.symbol, io),
}
