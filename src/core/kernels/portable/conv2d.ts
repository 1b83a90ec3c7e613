/**
 * Conv2D on the portable runtime: tf_convolve_s8 (s8, per-channel requantization) or tf_convolve_q7 (pow2), NHWC
 * input, OHWI weights. Scratch: im2col, two columns of kh·kw·Cin int16 in both schemes (the DSP path of
 * Cortex-M4/M7/M33 fills both; the plain C path uses one column, int16 for s8 and int8 for pow2) — the package does not
 * know its core, so it reserves the DSP path's figure on every code path.
 */
import type { KernelBinding, KernelSite } from '../types.ts'
import { SCRATCH_S16, SCRATCH_S8, biasRef, clamp, convWindow, decl, dims, weightConstants } from '../c-call.ts'

/** Two int16 columns of kh·kw·Cin (4 bytes per window element); 0 when the input is not NHWC. */
export function convColumnBytes(site: KernelSite<'Conv2D'>): number {
  const input = site.inputs[0]?.shape
  if (!input || input.length !== 4) return 0
  const window = site.attrs.kernelH * site.attrs.kernelW * input[3]
  return Number.isFinite(window) ? window * 4 : 0
}

export const conv2d: KernelBinding<'Conv2D'> = {
  op: 'Conv2D',
  calls: (site) => [{ kernel: site.scheme === 's8' ? 'tf_convolve_s8' : 'tf_convolve_q7', calls: 1 }],
  scratchBytes: (site) => convColumnBytes(site),
  emit(node, io) {
    const d = node.opData
    const s = node.symbol
    const base = { input: dims(d.inputShape), output: dims(d.outputShape), window: convWindow(d) }
    if (d.scheme === 's8') {
      const params = { ...base, input_offset: d.inputOffset, output_offset: d.outputOffset, depth_multiplier: 1,
        act: clamp(d.actMin, d.actMax) }
      const args = [`&${s}_params`, `${s}_multipliers`, `${s}_shifts`, io.inputs[0], `${s}_weights`, biasRef(node), io.output, SCRATCH_S16]
      return { runtime: ['tf_convolve_s8'], constants: weightConstants(node, d),
        declarations: [decl('tf_conv_s8_params', `${s}_params`, params)], statements: [`tf_convolve_s8(${args.join(', ')});`] }
    }
    const params = { ...base, depth_multiplier: 1, bias_shift: d.biasShift, out_shift: d.outShift, act: clamp(d.actMin, d.actMax) }
    const args = [`&${s}_params`, io.inputs[0], `${s}_weights`, biasRef(node), io.output, SCRATCH_S8]
    return { runtime: ['tf_convolve_q7'], constants: weightConstants(node),
      declarations: [decl('tf_conv_q7_params', `${s}_params`, params)], statements: [`tf_convolve_q7(${args.join(', ')});`] }
  },
}
