/**
 * AvgPool2D on the portable runtime: tf_avgpool_s8 (TFLite rounding) / tf_avgpool_q7 (CMSIS q7 rounding), tf_avgpool_s16
 * at int16. No scratch.
 */
import type { KernelBinding } from '../types.ts'
import { poolCall } from './pool-call.ts'

const kernelOf = (scheme: string, int16: boolean) => (int16 ? 'tf_avgpool_s16' : scheme === 's8' ? 'tf_avgpool_s8' : 'tf_avgpool_q7')

export const avgPool2d: KernelBinding<'AvgPool2D'> = {
  op: 'AvgPool2D',
  calls: (site) => [{ kernel: kernelOf(site.scheme, site.output.dtype === 'int16'), calls: 1 }],
  scratchBytes: () => 0,
  call: (node) => poolCall(kernelOf(node.opData.scheme, node.opData.int16 === true), node.opData),
}
