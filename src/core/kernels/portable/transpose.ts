/** Transpose on the portable runtime: tf_transpose_s8 over 4 dims (leading 1s for lower ranks), both schemes. No scratch. */
import type { TransposeOpData } from '../../ops/transpose.ts'
import type { KernelBinding } from '../types.ts'
import { INPUT0, OUTPUT, PARAMS } from '../c-call.ts'

/** The op's shape and permutation as 4 dims and a permutation of 0..3 (leading axes of size 1 stay in place). */
export function transpose4(d: TransposeOpData): { dims: number[]; perm: number[] } {
  const lead = 4 - d.inputShape.length
  return {
    dims: [...new Array<number>(lead).fill(1), ...d.inputShape],
    perm: [...Array.from({ length: lead }, (_, i) => i), ...d.perm.map((p) => p + lead)],
  }
}

export const transpose: KernelBinding<'Transpose'> = {
  op: 'Transpose',
  calls: () => [{ kernel: 'tf_transpose_s8', calls: 1 }],
  scratchBytes: () => 0,
  call: (node) => ({ runtime: ['tf_transpose_s8'], constants: [], params: { type: 'tf_transpose_params', value: transpose4(node.opData) },
    invocations: [{ fn: 'tf_transpose_s8', args: [PARAMS, INPUT0, OUTPUT] }] }),
}
