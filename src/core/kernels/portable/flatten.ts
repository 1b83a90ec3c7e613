/** Flatten: aliased, no kernel (see alias-call.ts). */
import type { KernelBinding } from '../types.ts'
import { ALIAS_PLAN } from './alias-call.ts'

export const flatten: KernelBinding<'Flatten'> = {
  op: 'Flatten',
  calls: () => [],
  scratchBytes: () => 0,
  call: () => ALIAS_PLAN,
}
