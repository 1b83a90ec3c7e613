import { describe, expect, it } from 'vitest'
import type { Attrs, Shape } from '../ir/types.ts'
import type { KernelIsa } from './scratch-model.ts'
import { kernelIsaOf, layerScratchBytes } from './scratch-model.ts'

const conv = (kh: number, kw: number, stride: number, padding: string, dilation = 1): Attrs => ({
  kernelH: kh, kernelW: kw, strideH: stride, strideW: stride, dilationH: dilation, dilationW: dilation, padding,
})
const t = (shape: Shape) => [{ shape, dtype: 'float32' as const }]
const all = (scheme: 's8' | 'pow2', op: string, attrs: Attrs, input: Shape, output: Shape) =>
  Object.fromEntries((['c', 'dsp', 'mve'] as KernelIsa[]).map((isa) => [isa, layerScratchBytes(scheme, isa, op, attrs, t(input), output)]))

describe('kernelIsaOf', () => {
  it('maps cores to the CMSIS-NN code path they compile', () => {
    expect(['cortex-m0plus', 'cortex-m3', 'cortex-m4', 'cortex-m7', 'cortex-m33', 'cortex-m55', 'cortex-m85', 'esp32-s3', 'riscv32']
      .map((c) => kernelIsaOf(c as never))).toEqual(['c', 'c', 'dsp', 'dsp', 'dsp', 'mve', 'mve', 'c', 'c'])
  })
})

describe('cmsis-nn s8 scratch (arm_*_get_buffer_size, CMSIS-NN v7.0.0, GCC)', () => {
  it('Conv2D: 1×1 unpadded needs none; the general kernel needs its im2col columns', () => {
    expect(all('s8', 'Conv2D', conv(1, 1, 1, 'same'), [1, 12, 12, 16], [1, 12, 12, 32])).toEqual({ c: 0, dsp: 0, mve: 0 })
    expect(all('s8', 'Conv2D', conv(1, 1, 2, 'valid'), [1, 12, 12, 16], [1, 6, 6, 32])).toEqual({ c: 0, dsp: 0, mve: 0 })
    // 3×3×10 = 90 columns: non-MVE 2·align4(90)·2 = 2·92·2 = 368; MVE 4·⌈90/16⌉·16 = 384.
    expect(all('s8', 'Conv2D', conv(3, 3, 1, 'same'), [1, 12, 12, 10], [1, 12, 12, 8])).toEqual({ c: 368, dsp: 368, mve: 384 })
    // Dilated 1×1 is not the 1×1 kernel: 2·align4(16)·2 = 64; MVE 4·1·16 = 64.
    expect(all('s8', 'Conv2D', conv(1, 1, 1, 'same', 2), [1, 12, 12, 16], [1, 12, 12, 8])).toEqual({ c: 64, dsp: 64, mve: 64 })
  })

  it('Conv2D 1×n (H = 1): the MVE formula of arm_convolve_1_x_n_s8', () => {
    // 1×16×4 input, 1×3 kernel, 'same' (pad left 1, right 1): max(3·4 + 1·4, 2·4 + 1·4) = 16; DSP 2·align4(12)·2 = 48.
    expect(all('s8', 'Conv2D', conv(1, 3, 1, 'same'), [1, 1, 16, 4], [1, 1, 16, 8])).toEqual({ c: 48, dsp: 48, mve: 16 })
    // strideW·C = 3 is not a multiple of 4: the general kernel (MVE 4·⌈9/16⌉·16 = 64).
    expect(all('s8', 'Conv2D', conv(1, 3, 1, 'same'), [1, 1, 16, 3], [1, 1, 16, 8])).toEqual({ c: 48, dsp: 48, mve: 64 })
  })

  it('DepthwiseConv2D: 3×3 (pad ≤ 1) kernel, the _opt kernel, the generic kernel, one input channel on MVE', () => {
    expect(all('s8', 'DepthwiseConv2D', conv(3, 3, 1, 'same'), [1, 12, 12, 16], [1, 12, 12, 16])).toEqual({ c: 0, dsp: 0, mve: 4464 })
    // 5×5 'same' pads 2: arm_depthwise_conv_s8_opt, DSP 16·25·2 = 800, MVE 4·124·25 = 12400.
    expect(all('s8', 'DepthwiseConv2D', conv(5, 5, 1, 'same'), [1, 12, 12, 16], [1, 12, 12, 16])).toEqual({ c: 0, dsp: 800, mve: 12400 })
    // Depth multiplier 2 (C ≠ outC) or dilation 2: arm_depthwise_conv_s8, no buffer.
    expect(all('s8', 'DepthwiseConv2D', conv(3, 3, 1, 'same'), [1, 12, 12, 16], [1, 12, 12, 32])).toEqual({ c: 0, dsp: 0, mve: 0 })
    expect(all('s8', 'DepthwiseConv2D', conv(3, 3, 1, 'same', 2), [1, 12, 12, 16], [1, 12, 12, 16])).toEqual({ c: 0, dsp: 0, mve: 0 })
    // C = 1, 8 outputs on MVE: convolution of [8, 3, 3, 1] (4·⌈9/16⌉·16 = 64) + 8·3·3 = 136.
    expect(all('s8', 'DepthwiseConv2D', conv(3, 3, 1, 'same'), [1, 12, 12, 1], [1, 12, 12, 8])).toEqual({ c: 0, dsp: 0, mve: 136 })
  })

  it('FullyConnected (MVE kernel sums), average pooling (DSP int32 row), nothing for the rest', () => {
    expect(all('s8', 'FullyConnected', {}, [1, 1, 1, 256], [1, 10])).toEqual({ c: 0, dsp: 0, mve: 40 })
    expect(all('s8', 'AvgPool2D', conv(2, 2, 2, 'valid'), [1, 8, 8, 24], [1, 4, 4, 24])).toEqual({ c: 0, dsp: 96, mve: 0 })
    expect(all('s8', 'GlobalAveragePool', {}, [1, 8, 8, 24], [1, 1, 1, 24])).toEqual({ c: 0, dsp: 96, mve: 0 })
    for (const op of ['MaxPool2D', 'Add', 'Softmax', 'Concat', 'Pad', 'ReLU', 'Reshape', 'Input']) {
      expect(all('s8', op, conv(2, 2, 2, 'valid'), [1, 8, 8, 24], [1, 4, 4, 24])).toEqual({ c: 0, dsp: 0, mve: 0 })
    }
  })
})

describe('pow2-q7 scratch (CMSIS_5 5.9.0 bufferA / vec_buffer, DSP path only)', () => {
  it('sizes the legacy buffers on DSP cores and nothing elsewhere', () => {
    expect(all('pow2', 'Conv2D', conv(3, 3, 1, 'same'), [1, 12, 12, 10], [1, 12, 12, 8])).toEqual({ c: 0, dsp: 360, mve: 0 })
    expect(all('pow2', 'DepthwiseConv2D', conv(3, 3, 1, 'same'), [1, 12, 12, 16], [1, 12, 12, 16])).toEqual({ c: 0, dsp: 576, mve: 0 })
    expect(all('pow2', 'FullyConnected', {}, [1, 4, 4, 16], [1, 10])).toEqual({ c: 0, dsp: 512, mve: 0 })
    expect(all('pow2', 'AvgPool2D', conv(2, 2, 2, 'valid'), [1, 8, 8, 24], [1, 4, 4, 24])).toEqual({ c: 0, dsp: 192, mve: 0 })
    expect(all('pow2', 'GlobalAveragePool', {}, [1, 8, 8, 24], [1, 1, 1, 24])).toEqual({ c: 0, dsp: 48, mve: 0 })
    expect(all('pow2', 'MaxPool2D', conv(2, 2, 2, 'valid'), [1, 8, 8, 24], [1, 4, 4, 24])).toEqual({ c: 0, dsp: 0, mve: 0 })
  })
})
