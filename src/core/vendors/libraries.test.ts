import { describe, expect, it } from 'vitest'
import type { Attrs, Shape, TensorInfo } from '../ir/types.ts'
import { getOp } from '../ops/registry.ts'
import { checkOpSupport } from './check.ts'
import { CMSIS_NN } from './cmsis-nn/index.ts'
import { POW2_Q7 } from './pow2-q7/index.ts'
import { DEFAULT_LIBRARY_ID, LIBRARIES, getLibrary } from './registry.ts'
import type { VendorLibrary } from './types.ts'

const ALL_OPS = ['Input', 'Conv2D', 'DepthwiseConv2D', 'FullyConnected', 'MaxPool2D', 'AvgPool2D', 'GlobalAveragePool',
  'Add', 'Concat', 'Reshape', 'Flatten', 'ReLU', 'ReLU6', 'Softmax', 'Pad',
  'Mul', 'Maximum', 'Minimum', 'TransposeConv2D', 'BatchMatMul', 'Transpose', 'SVDF', 'LSTM', 'Exit', 'Sigmoid', 'Tanh', 'Quantize']
/** What CMSIS_5 5.9.0's q7 API lacks among them (the int16 ops: the pow2 scheme has no int16 form). */
const NO_Q7 = ['Pad', 'Maximum', 'Minimum', 'TransposeConv2D', 'BatchMatMul', 'Transpose', 'SVDF', 'LSTM', 'Sigmoid', 'Tanh', 'Quantize']

const t = (...shape: number[]): TensorInfo => ({ shape, dtype: 'float32' })

function check(lib: VendorLibrary, op: string, attrs: Attrs, inputs: TensorInfo[], output?: Shape) {
  return checkOpSupport(lib, op, attrs, inputs, output)
}

describe('library registry', () => {
  it('lists cmsis-nn then pow2-q7 and finds them by id', () => {
    expect(LIBRARIES.map((l) => l.id)).toEqual(['cmsis-nn', 'pow2-q7'])
    expect(getLibrary('cmsis-nn')).toBe(CMSIS_NN)
    expect(getLibrary('pow2-q7')).toBe(POW2_Q7)
    expect(getLibrary('esp-nn')).toBeUndefined()
    expect(DEFAULT_LIBRARY_ID).toBe('cmsis-nn')
    expect(getLibrary(DEFAULT_LIBRARY_ID)).toBe(CMSIS_NN)
  })

  it('cmsis-nn offers all 27 operators; Conv2D, DepthwiseConv2D, FullyConnected, Add, Mul, BatchMatMul, LSTM, the pools, Sigmoid, Tanh, Quantize, Reshape, Flatten and Softmax also at int16', () => {
    expect(Object.keys(CMSIS_NN.ops).filter((op) => CMSIS_NN.ops[op].int16).sort())
      .toEqual(['Add', 'AvgPool2D', 'BatchMatMul', 'Conv2D', 'DepthwiseConv2D', 'Flatten', 'FullyConnected', 'LSTM', 'MaxPool2D', 'Mul', 'Quantize', 'Reshape', 'Sigmoid', 'Softmax', 'Tanh'])
    expect(Object.keys(CMSIS_NN.ops).sort()).toEqual([...ALL_OPS].sort())
    expect(CMSIS_NN.scheme).toBe('s8')
    expect(CMSIS_NN.dtypes).toEqual({ activations: 'int8', weights: 'int8', bias: 'int32' })
  })

  it('pow2-q7 offers what the q7 API has (Mul through arm_nn_mult_q7) and says what it lacks', () => {
    expect(Object.keys(POW2_Q7.ops).sort()).toEqual(ALL_OPS.filter((op) => !NO_Q7.includes(op)).sort())
    for (const op of NO_Q7) expect(POW2_Q7.description).toContain(op)
    expect(POW2_Q7.scheme).toBe('pow2')
    expect(POW2_Q7.dtypes).toEqual({ activations: 'int8', weights: 'int8', bias: 'int8' })
  })

  it('names only registered operators and their real attributes; each reason names the library', () => {
    for (const lib of LIBRARIES) {
      expect(lib.provenance).toMatch(/commit [0-9a-f]{12}/)
      for (const [type, support] of Object.entries(lib.ops)) {
        const def = getOp(type)
        expect(def, `${lib.id}/${type}`).toBeDefined()
        expect(support.kernel.length).toBeGreaterThan(0)
        for (const c of support.constraints) {
          expect(c.reason.startsWith(`${lib.name} `), c.reason).toBe(true)
          const attrs = 'attr' in c ? [c.attr] : 'attrs' in c ? c.attrs : 'window' in c ? [...c.window, ...c.stride] : []
          for (const a of attrs) expect(Object.keys(def!.attrs), `${lib.id}/${type}.${a}`).toContain(a)
        }
      }
    }
  })

  it('is plain JSON data', () => {
    expect(JSON.parse(JSON.stringify(LIBRARIES))).toEqual(LIBRARIES)
  })
})

describe('pow2-q7 constraints', () => {
  const pool = { poolH: 2, poolW: 2, strideH: 2, strideW: 2, padding: 'valid', activation: 'none' }

  it('accepts square pooling and refuses non-square windows, strides and inputs', () => {
    expect(check(POW2_Q7, 'MaxPool2D', pool, [t(1, 8, 8, 4)])).toEqual({ supported: true, problems: [] })
    expect(check(POW2_Q7, 'MaxPool2D', { ...pool, poolH: 3 }, [t(1, 8, 8, 4)]).problems).toEqual([
      'pow2-q7 pooling kernels take square windows only (arm_maxpool_q7_HWC, arm_avepool_q7_HWC)',
    ])
    expect(check(POW2_Q7, 'AvgPool2D', { ...pool, strideW: 1 }, [t(1, 8, 6, 4)]).problems).toEqual([
      'pow2-q7 pooling kernels take a single stride for both axes (arm_maxpool_q7_HWC, arm_avepool_q7_HWC)',
      'pow2-q7 pooling kernels take square inputs only (height = width; arm_maxpool_q7_HWC, arm_avepool_q7_HWC)',
    ])
    expect(check(POW2_Q7, 'GlobalAveragePool', {}, [t(1, 5, 5, 8)]).problems).toEqual([])
    expect(check(POW2_Q7, 'GlobalAveragePool', {}, [t(1, 5, 4, 8)]).problems).toEqual([
      'pow2-q7 global average pooling runs arm_avepool_q7_HWC over the whole input, which must be square (height = width)',
    ])
  })

  it("refuses 'same' padding that reaches the stride, which in-place DSP pooling gets wrong", () => {
    const reason = "pow2-q7 pooling works in place on DSP cores (e.g. Cortex-M4/M7/M33), so 'same' padding must add less "
      + 'top/left padding than the stride, e.g. a 3×3 window needs stride 2 (arm_maxpool_q7_HWC, arm_avepool_q7_HWC)'
    const same3 = { ...pool, poolH: 3, poolW: 3, padding: 'same' }
    // 3×3 stride 1 'same' pads 1 on top/left: refused. Stride 2 pads 0 (even input) or 1 (odd input): fine.
    expect(check(POW2_Q7, 'MaxPool2D', { ...same3, strideH: 1, strideW: 1 }, [t(1, 8, 8, 4)]).problems).toEqual([reason])
    expect(check(POW2_Q7, 'AvgPool2D', { ...same3, strideH: 1, strideW: 1, padding: 'valid' }, [t(1, 8, 8, 4)]).problems)
      .toEqual([])
    expect(check(POW2_Q7, 'AvgPool2D', same3, [t(1, 8, 8, 4)]).problems).toEqual([])
    expect(check(POW2_Q7, 'AvgPool2D', same3, [t(1, 7, 7, 4)]).problems).toEqual([])
    // 5×5 stride 2 'same' on 7×7 pads 2 before: refused; on 8×8 it pads 1: fine. 2×2 stride 1 'same' pads 0.
    expect(check(POW2_Q7, 'MaxPool2D', { ...same3, poolH: 5, poolW: 5 }, [t(1, 7, 7, 4)]).problems).toEqual([reason])
    expect(check(POW2_Q7, 'MaxPool2D', { ...same3, poolH: 5, poolW: 5 }, [t(1, 8, 8, 4)]).problems).toEqual([])
    expect(check(POW2_Q7, 'MaxPool2D', { ...pool, strideH: 1, strideW: 1, padding: 'same' }, [t(1, 8, 8, 4)]).problems)
      .toEqual([])
  })

  it('refuses dilation and depth multipliers other than 1, and odd depthwise channel counts', () => {
    const conv = { filters: 8, kernelH: 3, kernelW: 1, strideH: 1, strideW: 2, dilationH: 1, dilationW: 1 }
    expect(check(POW2_Q7, 'Conv2D', conv, [t(1, 10, 7, 3)]).problems).toEqual([])
    expect(check(POW2_Q7, 'Conv2D', { ...conv, dilationW: 2 }, [t(1, 10, 7, 3)]).problems).toEqual([
      'pow2-q7 convolution kernels have no dilation: dilation width must be 1 (arm_convolve_HWC_q7_*)',
    ])
    const dw = { depthMultiplier: 1, kernelH: 3, kernelW: 3, strideH: 1, strideW: 1, dilationH: 1, dilationW: 1 }
    expect(check(POW2_Q7, 'DepthwiseConv2D', dw, [t(1, 8, 8, 16)]).problems).toEqual([])
    expect(check(POW2_Q7, 'DepthwiseConv2D', { ...dw, depthMultiplier: 2, dilationH: 2 }, [t(1, 8, 8, 3)]).problems)
      .toEqual([
        'pow2-q7 depthwise convolution needs as many output as input channels: depth multiplier 1 (arm_depthwise_separable_conv_HWC_q7)',
        'pow2-q7 depthwise convolution takes an even number of channels (arm_depthwise_separable_conv_HWC_q7)',
        'pow2-q7 convolution kernels have no dilation: dilation height must be 1 (arm_convolve_HWC_q7_*)',
      ])
  })

  it('needs a power-of-two Input scale', () => {
    for (const scale of [1 / 128, 1 / 64, 1, 4]) {
      expect(check(POW2_Q7, 'Input', { shape: [8, 8, 1], mean: [0], scale }, []).problems).toEqual([])
    }
    for (const scale of [1 / 127.5, 0.0039, 3]) {
      expect(check(POW2_Q7, 'Input', { shape: [8, 8, 1], mean: [128], scale }, []).problems).toEqual([
        'pow2-q7 preprocesses input with an arithmetic shift, so the Input scale must be a power of two (e.g. 1/128, 1/64, 1)',
      ])
    }
  })

  it('bounds fully-connected inputs and softmax rows by the kernels\' 16-bit arguments', () => {
    expect(check(POW2_Q7, 'FullyConnected', { units: 10 }, [t(1, 255, 257)]).problems).toEqual([])
    expect(check(POW2_Q7, 'FullyConnected', { units: 10 }, [t(1, 64, 64, 16)]).problems).toEqual([
      'pow2-q7 fully-connected takes at most 65535 inputs (16-bit dim_vec of arm_fully_connected_q7)',
    ])
    expect(check(POW2_Q7, 'Softmax', { beta: 1 }, [t(1, 32767)]).problems).toEqual([])
    expect(check(POW2_Q7, 'Softmax', { beta: 1 }, [t(1, 32768)]).problems).toEqual([
      'pow2-q7 softmax rows hold at most 32767 values (16-bit signed index in arm_softmax_q7)',
    ])
  })

  it('has no Pad kernel', () => {
    expect(check(POW2_Q7, 'Pad', { top: 1, bottom: 1, left: 1, right: 1 }, [t(1, 4, 4, 2)])).toEqual({
      supported: false, problems: [],
    })
  })
})

describe('cmsis-nn constraints', () => {
  it('takes what the s8 wrappers take: non-square pools, dilation, depth multipliers, padding', () => {
    const pool = { poolH: 3, poolW: 2, strideH: 2, strideW: 1, padding: 'same', activation: 'relu6' }
    expect(check(CMSIS_NN, 'MaxPool2D', pool, [t(1, 9, 7, 3)])).toEqual({ supported: true, problems: [] })
    expect(check(CMSIS_NN, 'AvgPool2D', pool, [t(1, 9, 7, 3)]).problems).toEqual([])
    const dw = { depthMultiplier: 3, kernelH: 5, kernelW: 3, strideH: 2, strideW: 1, dilationH: 2, dilationW: 3 }
    expect(check(CMSIS_NN, 'DepthwiseConv2D', dw, [t(1, 20, 20, 5)]).problems).toEqual([])
    expect(check(CMSIS_NN, 'Conv2D', { filters: 7, dilationH: 4, dilationW: 1 }, [t(1, 30, 30, 3)]).problems).toEqual([])
    expect(check(CMSIS_NN, 'Pad', { top: 0, bottom: 2, left: 1, right: 0 }, [t(1, 4, 4, 2)])).toEqual({
      supported: true, problems: [],
    })
    expect(check(CMSIS_NN, 'Input', { shape: [8, 8, 3], mean: [128], scale: 1 / 127.5 }, []).problems).toEqual([])
    expect(check(CMSIS_NN, 'Softmax', { beta: 0.5 }, [t(1, 40000)]).problems).toEqual([])
  })

  it('bounds concatenated channels by the 16-bit arguments of arm_concatenation_s8_x', () => {
    expect(check(CMSIS_NN, 'Concat', { inputs: 2 }, [t(1, 2, 2, 65000), t(1, 2, 2, 535)], [1, 2, 2, 65535]).problems)
      .toEqual([])
    expect(check(CMSIS_NN, 'Concat', { inputs: 2 }, [t(1, 2, 2, 65000), t(1, 2, 2, 536)], [1, 2, 2, 65536]).problems)
      .toEqual(['CMSIS-NN concatenation takes channel counts as 16-bit values: at most 65535 output channels (arm_concatenation_s8_x)'])
  })
})
