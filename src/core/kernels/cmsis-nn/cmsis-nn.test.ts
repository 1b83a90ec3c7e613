import { describe, expect, it } from 'vitest'
import type { Attrs, Shape } from '../../ir/types.ts'
import type { KernelIsa } from '../../targets/cores.ts'
import { site } from '../../testing/kernel-sites.ts'
import { bindingOf } from '../registry.ts'

const conv = (kh: number, kw: number, stride: number, padding: string, dilation = 1): Attrs => ({
  kernelH: kh, kernelW: kw, strideH: stride, strideW: stride, dilationH: dilation, dilationW: dilation, padding,
})
const all = (op: string, attrs: Attrs, input: Shape, output: Shape) => {
  const s = site(op, 's8', attrs, [input], output)
  return Object.fromEntries((['c', 'dsp', 'mve'] as KernelIsa[]).map((isa) => [isa, bindingOf('cmsis-nn', op)!.scratchBytes(s, isa)]))
}

describe('cmsis-nn bindings: the kernels each op calls', () => {
  it('names the CMSIS-NN kernels, one concatenation per input, and none for aliases (portable fallback)', () => {
    const calls = (op: string, attrs: Attrs, inputs: Shape[], output: Shape) => bindingOf('cmsis-nn', op)!.calls(site(op, 's8', attrs, inputs, output))
    expect(calls('Conv2D', {}, [[1, 4, 4, 3]], [1, 4, 4, 8])).toEqual([{ kernel: 'arm_convolve_wrapper_s8', calls: 1 }])
    expect(calls('Concat', { inputs: 3 }, [[1, 2, 2, 1], [1, 2, 2, 1], [1, 2, 2, 1]], [1, 2, 2, 3])).toEqual([{ kernel: 'arm_concatenation_s8_x', calls: 3 }])
    expect(calls('Flatten', {}, [[1, 2, 2, 3]], [1, 12])).toEqual([])
    expect(calls('ReLU6', {}, [[1, 2, 2, 3]], [1, 2, 2, 3])).toEqual([{ kernel: 'tinyforge_relu_s8', calls: 1 }])
    expect(bindingOf('cmsis-nn', 'GRU')).toBeUndefined()
  })
})

describe('cmsis-nn s8 scratch (arm_*_get_buffer_size, CMSIS-NN v7.0.0, GCC)', () => {
  it('Conv2D: 1×1 unpadded needs none; the general kernel needs its im2col columns', () => {
    expect(all('Conv2D', conv(1, 1, 1, 'same'), [1, 12, 12, 16], [1, 12, 12, 32])).toEqual({ c: 0, dsp: 0, mve: 0 })
    expect(all('Conv2D', conv(1, 1, 2, 'valid'), [1, 12, 12, 16], [1, 6, 6, 32])).toEqual({ c: 0, dsp: 0, mve: 0 })
    // 3×3×10 = 90 columns: non-MVE 2·align4(90)·2 = 2·92·2 = 368; MVE 4·⌈90/16⌉·16 = 384.
    expect(all('Conv2D', conv(3, 3, 1, 'same'), [1, 12, 12, 10], [1, 12, 12, 8])).toEqual({ c: 368, dsp: 368, mve: 384 })
    // Dilated 1×1 is not the 1×1 kernel: 2·align4(16)·2 = 64; MVE 4·1·16 = 64.
    expect(all('Conv2D', conv(1, 1, 1, 'same', 2), [1, 12, 12, 16], [1, 12, 12, 8])).toEqual({ c: 64, dsp: 64, mve: 64 })
  })

  it('Conv2D 1×n (H = 1): the MVE formula of arm_convolve_1_x_n_s8', () => {
    // 1×16×4 input, 1×3 kernel, 'same' (pad left 1, right 1): max(3·4 + 1·4, 2·4 + 1·4) = 16; DSP 2·align4(12)·2 = 48.
    expect(all('Conv2D', conv(1, 3, 1, 'same'), [1, 1, 16, 4], [1, 1, 16, 8])).toEqual({ c: 48, dsp: 48, mve: 16 })
    // strideW·C = 3 is not a multiple of 4: the general kernel (MVE 4·⌈9/16⌉·16 = 64).
    expect(all('Conv2D', conv(1, 3, 1, 'same'), [1, 1, 16, 3], [1, 1, 16, 8])).toEqual({ c: 48, dsp: 48, mve: 64 })
  })

  it('DepthwiseConv2D: 3×3 (pad ≤ 1) kernel, the _opt kernel, the generic kernel, one input channel on MVE', () => {
    expect(all('DepthwiseConv2D', conv(3, 3, 1, 'same'), [1, 12, 12, 16], [1, 12, 12, 16])).toEqual({ c: 0, dsp: 0, mve: 4464 })
    // 5×5 'same' pads 2: arm_depthwise_conv_s8_opt, DSP 16·25·2 = 800, MVE 4·124·25 = 12400.
    expect(all('DepthwiseConv2D', conv(5, 5, 1, 'same'), [1, 12, 12, 16], [1, 12, 12, 16])).toEqual({ c: 0, dsp: 800, mve: 12400 })
    // Depth multiplier 2 (C ≠ outC) or dilation 2: arm_depthwise_conv_s8, no buffer.
    expect(all('DepthwiseConv2D', conv(3, 3, 1, 'same'), [1, 12, 12, 16], [1, 12, 12, 32])).toEqual({ c: 0, dsp: 0, mve: 0 })
    expect(all('DepthwiseConv2D', conv(3, 3, 1, 'same', 2), [1, 12, 12, 16], [1, 12, 12, 16])).toEqual({ c: 0, dsp: 0, mve: 0 })
    // C = 1, 8 outputs on MVE: convolution of [8, 3, 3, 1] (4·⌈9/16⌉·16 = 64) + 8·3·3 = 136.
    expect(all('DepthwiseConv2D', conv(3, 3, 1, 'same'), [1, 12, 12, 1], [1, 12, 12, 8])).toEqual({ c: 0, dsp: 0, mve: 136 })
  })

  it('FullyConnected (MVE kernel sums), average pooling (DSP int32 row), nothing for the rest', () => {
    expect(all('FullyConnected', {}, [1, 1, 1, 256], [1, 10])).toEqual({ c: 0, dsp: 0, mve: 40 })
    expect(all('AvgPool2D', conv(2, 2, 2, 'valid'), [1, 8, 8, 24], [1, 4, 4, 24])).toEqual({ c: 0, dsp: 96, mve: 0 })
    expect(all('GlobalAveragePool', {}, [1, 8, 8, 24], [1, 1, 1, 24])).toEqual({ c: 0, dsp: 96, mve: 0 })
    for (const op of ['MaxPool2D', 'Add', 'Softmax', 'Concat', 'Pad', 'ReLU', 'Reshape', 'Input']) {
      expect(all(op, conv(2, 2, 2, 'valid'), [1, 8, 8, 24], [1, 4, 4, 24])).toEqual({ c: 0, dsp: 0, mve: 0 })
    }
  })
})
