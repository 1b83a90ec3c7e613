/** ReLU on the portable runtime (standalone; fused ReLUs are the producer's clamp). No scratch. */
import type { KernelBinding } from '../types.ts'
import { reluCall, reluCalls } from './relu-call.ts'

export const relu: KernelBinding<'ReLU'> = {
  op: 'ReLU',
  calls: reluCalls,
  scratchBytes: () => 0,
  call: (node) => reluCall(node.opData),
}
