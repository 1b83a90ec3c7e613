/** ReLU6 on the portable runtime (standalone; fused ReLU6s are the producer's clamp). No scratch. */
import type { KernelBinding } from '../types.ts'
import { reluCall, reluCalls } from './relu-call.ts'

export const relu6: KernelBinding<'ReLU6'> = {
  op: 'ReLU6',
  calls: reluCalls,
  scratchBytes: () => 0,
  call: (node) => reluCall(node.opData),
}
