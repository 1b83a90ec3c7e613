/**
 * Exit on the portable runtime (no vendor library has an early-exit kernel; every library runs this one):
 *   margin   tf_exit_margin(logits, size, threshold, out)
 *   softmax  the scheme's softmax kernel on the logits into the exit's output (tf_softmax_s8 with β = 1, or
 *            tf_softmax_q7), then tf_exit_probability(logits, size, offset, multiplier, threshold, out)
 * The last call copies the logits to the exit's output and returns the decision (a `decision` invocation).
 */
import type { KernelBinding } from '../types.ts'
import { INPUT0, OUTPUT, PARAMS, int } from '../c-call.ts'
import type { KernelInvocation } from '../call-plan.ts'

const softmaxKernel = (scheme: string): string => (scheme === 's8' ? 'tf_softmax_s8' : 'tf_softmax_q7')

export const exit: KernelBinding<'Exit'> = {
  op: 'Exit',
  calls: (site) => (site.attrs.rule === 'margin'
    ? [{ kernel: 'tf_exit_margin', calls: 1 }]
    : [{ kernel: softmaxKernel(site.scheme), calls: 1 }, { kernel: 'tf_exit_probability', calls: 1 }]),
  scratchBytes: () => 0,
  call(node) {
    const d = node.opData
    if (d.rule === 'margin') {
      return { runtime: ['tf_exit_margin'], constants: [], invocations: [
        { fn: 'tf_exit_margin', args: [INPUT0, int(d.size), int(d.threshold), OUTPUT], decision: true }] }
    }
    // p = (max + 128)·1 for s8 (zero point −128, scale 1/256), (max + 0)·2 for Q0.7: the probability in 1/256 units.
    const [offset, multiplier] = d.scheme === 's8' ? [128, 1] : [0, 2]
    const decide: KernelInvocation = { fn: 'tf_exit_probability',
      args: [INPUT0, int(d.size), int(offset), int(multiplier), int(d.threshold), OUTPUT], decision: true }
    if (d.scheme === 'pow2') {
      return { runtime: ['tf_softmax_q7', 'tf_exit_probability'], constants: [], invocations: [
        { fn: 'tf_softmax_q7', args: [INPUT0, int(1), int(d.size), OUTPUT] }, decide] }
    }
    return { runtime: ['tf_softmax_s8', 'tf_exit_probability'], constants: [],
      params: { type: 'tf_softmax_s8_params', value: { rows: 1, row_size: d.size, multiplier: d.multiplier, shift: d.shift, diff_min: d.diffMin } },
      invocations: [{ fn: 'tf_softmax_s8', args: [PARAMS, INPUT0, OUTPUT] }, decide] }
  },
}
