import { describe, expect, it } from 'vitest'
import type { Attrs, Shape } from '../../ir/types.ts'
import type { KernelIsa } from '../../targets/cores.ts'
import { site } from '../../testing/kernel-sites.ts'
import { POW2_Q7 } from '../../vendors/pow2-q7/index.ts'
import { bindingOf, ownBindingOf } from '../registry.ts'

const conv = (kh: number, kw: number, stride: number, padding: string, dilation = 1): Attrs => ({
  kernelH: kh, kernelW: kw, strideH: stride, strideW: stride, dilationH: dilation, dilationW: dilation, padding,
})
const all = (op: string, attrs: Attrs, input: Shape, output: Shape) => {
  const s = site(op, 'pow2', attrs, [input], output)
  return Object.fromEntries((['c', 'dsp', 'mve'] as KernelIsa[]).map((isa) => [isa, bindingOf('cmsis5-q7', op)!.scratchBytes(s, isa)]))
}

describe('cmsis5-q7 bindings: the legacy kernels each op calls', () => {
  it('picks the legacy q7 convolution as the kernel’s own argument checks do', () => {
    const k = (attrs: Attrs, cin: number, cout: number) => bindingOf('cmsis5-q7', 'Conv2D').calls(
      site('Conv2D', 'pow2', { strideH: 1, strideW: 1, ...attrs }, [[1, 8, 8, cin]], [1, 8, 8, cout]) as never)[0].kernel
    expect(k({ kernelH: 3, kernelW: 3 }, 3, 8)).toBe('arm_convolve_HWC_q7_basic_nonsquare')
    expect(k({ kernelH: 3, kernelW: 3 }, 4, 7)).toBe('arm_convolve_HWC_q7_basic_nonsquare')
    expect(k({ kernelH: 3, kernelW: 3 }, 4, 8)).toBe('arm_convolve_HWC_q7_fast_nonsquare')
    expect(k({ kernelH: 1, kernelW: 1 }, 4, 8)).toBe('arm_convolve_1x1_HWC_q7_fast_nonsquare')
    expect(k({ kernelH: 1, kernelW: 1, strideH: 2, strideW: 2 }, 4, 8)).toBe('arm_convolve_HWC_q7_fast_nonsquare')
    expect(bindingOf('cmsis5-q7', 'ReLU').calls(site('ReLU', 'pow2', {}, [[1, 300, 300, 1]], [1, 300, 300, 1]) as never))
      .toEqual([{ kernel: 'arm_relu_q7', calls: 2 }])
  })

  it('has no Pad kernel, and the pow2-q7 library does not offer Pad', () => {
    expect(ownBindingOf('cmsis5-q7', 'Pad')).toBeUndefined()
    expect(POW2_Q7.ops.Pad).toBeUndefined()
  })
})

describe('cmsis5-q7 scratch (CMSIS_5 5.9.0 bufferA / vec_buffer, DSP path only)', () => {
  it('sizes the legacy buffers on DSP cores and nothing elsewhere', () => {
    expect(all('Conv2D', conv(3, 3, 1, 'same'), [1, 12, 12, 10], [1, 12, 12, 8])).toEqual({ c: 0, dsp: 360, mve: 0 })
    expect(all('DepthwiseConv2D', conv(3, 3, 1, 'same'), [1, 12, 12, 16], [1, 12, 12, 16])).toEqual({ c: 0, dsp: 576, mve: 0 })
    expect(all('FullyConnected', {}, [1, 4, 4, 16], [1, 10])).toEqual({ c: 0, dsp: 512, mve: 0 })
    expect(all('AvgPool2D', conv(2, 2, 2, 'valid'), [1, 8, 8, 24], [1, 4, 4, 24])).toEqual({ c: 0, dsp: 192, mve: 0 })
    expect(all('GlobalAveragePool', {}, [1, 8, 8, 24], [1, 1, 1, 24])).toEqual({ c: 0, dsp: 48, mve: 0 })
    expect(all('MaxPool2D', conv(2, 2, 2, 'valid'), [1, 8, 8, 24], [1, 4, 4, 24])).toEqual({ c: 0, dsp: 0, mve: 0 })
  })
})
