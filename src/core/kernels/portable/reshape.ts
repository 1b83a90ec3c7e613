/** Reshape: aliased, no kernel (see alias-call.ts). */
import type { KernelBinding } from '../types.ts'
import { aliasCall } from './alias-call.ts'

export const reshape: KernelBinding<'Reshape'> = {
  op: 'Reshape',
  calls: () => [],
  scratchBytes: () => 0,
  emit: (node, io) => aliasCall('Reshape', node.symbol, io),
}
