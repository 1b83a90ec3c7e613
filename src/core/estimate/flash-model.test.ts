import { describe, expect, it } from 'vitest'
import type { GraphNode, Shape } from '../ir/types.ts'
import type { WeightSpec } from '../ops/op-def.ts'
import { CMSIS_NN } from '../vendors/cmsis-nn/index.ts'
import { POW2_Q7 } from '../vendors/pow2-q7/index.ts'
import sizes from './kernel-code-sizes.json' with { type: 'json' }
import { callSiteBytes, codeSizeCpuOf, kernelCallsOf, kernelCodeBytes, layerConstants, libcCodeBytes } from './flash-model.ts'

const spec = (name: string, shape: Shape): WeightSpec => ({ name, shape, dtype: 'float32', fanIn: 1, init: 'zeros' })
const node = (op: string, weights?: GraphNode['weights']): GraphNode => ({ id: 'n1', op, name: 'x', attrs: {}, position: { x: 0, y: 0 }, weights })
const t = (shape: Shape) => [{ shape, dtype: 'float32' as const }]

describe('layerConstants', () => {
  const convSpecs = [spec('weights', [8, 3, 3, 4]), spec('bias', [8])]

  it('cmsis-nn: int8 weights, int32 bias, per-channel multiplier + shift', () => {
    expect(layerConstants(CMSIS_NN, node('Conv2D'), convSpecs)).toEqual({ weightBytes: 288 + 32, biasBytes: 32, quantParamBytes: 64 })
    expect(layerConstants(CMSIS_NN, node('DepthwiseConv2D'), [spec('weights', [1, 3, 3, 12]), spec('bias', [12])]))
      .toEqual({ weightBytes: 108 + 48, biasBytes: 48, quantParamBytes: 96 })
    expect(layerConstants(CMSIS_NN, node('Add'), [])).toEqual({ weightBytes: 0, biasBytes: 0, quantParamBytes: 0 })
  })

  it('counts one pair for a stored int8 tensor quantized per tensor (imported TFLite FC)', () => {
    const stored = { weights: { dtype: 'int8' as const, shape: [10, 64], data: new Int8Array(640), quant: { scale: [0.1], zeroPoint: [0] },
      origin: 'imported' as const } }
    expect(layerConstants(CMSIS_NN, node('FullyConnected', stored), [spec('weights', [10, 64]), spec('bias', [10])]))
      .toEqual({ weightBytes: 640 + 40, biasBytes: 40, quantParamBytes: 8 })
  })

  it('pow2-q7: int8 bias, shifts are immediates', () => {
    expect(layerConstants(POW2_Q7, node('Conv2D'), convSpecs)).toEqual({ weightBytes: 288 + 8, biasBytes: 8, quantParamBytes: 0 })
  })
})

describe('kernelCallsOf', () => {
  it('names the kernels each op calls', () => {
    expect(kernelCallsOf('cmsis-nn', 'Conv2D', {}, t([1, 4, 4, 3]), [1, 4, 4, 8])).toEqual([{ kernel: 'arm_convolve_wrapper_s8', calls: 1 }])
    expect(kernelCallsOf('cmsis-nn', 'Concat', { inputs: 3 }, [...t([1, 2, 2, 1]), ...t([1, 2, 2, 1]), ...t([1, 2, 2, 1])], [1, 2, 2, 3]))
      .toEqual([{ kernel: 'arm_concatenation_s8_x', calls: 3 }])
    expect(kernelCallsOf('cmsis-nn', 'Flatten', {}, t([1, 2, 2, 3]), [1, 12])).toEqual([])
    expect(kernelCallsOf('cmsis-nn', 'LSTM', {}, [], [1, 2])).toBeUndefined()
    expect(kernelCallsOf('esp-nn', 'Conv2D', {}, [], [1, 2])).toBeUndefined()
    expect(kernelCallsOf('pow2-q7', 'Pad', {}, t([1, 2, 2, 3]), [1, 4, 4, 3])).toBeUndefined()
  })

  it('picks the legacy q7 convolution as the kernel’s own argument checks do', () => {
    const k = (attrs: object, cin: number, cout: number) => kernelCallsOf('pow2-q7', 'Conv2D', { strideH: 1, strideW: 1, ...attrs },
      t([1, 8, 8, cin]), [1, 8, 8, cout])![0].kernel
    expect(k({ kernelH: 3, kernelW: 3 }, 3, 8)).toBe('arm_convolve_HWC_q7_basic_nonsquare')
    expect(k({ kernelH: 3, kernelW: 3 }, 4, 7)).toBe('arm_convolve_HWC_q7_basic_nonsquare')
    expect(k({ kernelH: 3, kernelW: 3 }, 4, 8)).toBe('arm_convolve_HWC_q7_fast_nonsquare')
    expect(k({ kernelH: 1, kernelW: 1 }, 4, 8)).toBe('arm_convolve_1x1_HWC_q7_fast_nonsquare')
    expect(k({ kernelH: 1, kernelW: 1, strideH: 2, strideW: 2 }, 4, 8)).toBe('arm_convolve_HWC_q7_fast_nonsquare')
    expect(kernelCallsOf('pow2-q7', 'ReLU', {}, t([1, 300, 300, 1]), [1, 300, 300, 1])).toEqual([{ kernel: 'arm_relu_q7', calls: 2 }])
  })
})

describe('measured code sizes', () => {
  it('reads kernel and call-site bytes per core, with stand-ins for unmeasured CPUs', () => {
    expect(kernelCodeBytes('cmsis-nn', 'arm_convolve_wrapper_s8', 'cortex-m4')).toBe(sizes.kernels['cmsis-nn:arm_convolve_wrapper_s8']['cortex-m4'])
    expect(kernelCodeBytes('cmsis-nn', 'arm_convolve_wrapper_s8', 'cortex-m85')).toBe(sizes.kernels['cmsis-nn:arm_convolve_wrapper_s8']['cortex-m55'])
    expect(kernelCodeBytes('pow2-q7', 'arm_relu_q7', 'esp32-s3')).toBe(sizes.kernels['pow2-q7:arm_relu_q7']['cortex-m3'])
    expect(kernelCodeBytes('cmsis-nn', 'arm_nothing', 'cortex-m4')).toBeUndefined()
    expect(callSiteBytes('cmsis-nn', 'arm_softmax_s8', 'cortex-m7')).toBe(sizes.callSites['cmsis-nn:arm_softmax_s8']['cortex-m7'])
    expect(libcCodeBytes('riscv32')).toBe(sizes.libcBytes['cortex-m3'])
    expect(codeSizeCpuOf('cortex-m33')).toEqual({ cpu: 'cortex-m33' })
    expect(codeSizeCpuOf('riscv32').standIn).toContain('portable C')
  })

  it('has every kernel the rules name, on every measured CPU, and no build failures', () => {
    expect(sizes.failures).toEqual([])
    const cpus = Object.keys(sizes.cpuFlags)
    for (const [key, perCpu] of Object.entries(sizes.kernels)) {
      expect(Object.keys(perCpu), key).toEqual(cpus)
      expect(Object.keys((sizes.callSites as Record<string, object>)[key]), key).toEqual(cpus)
    }
  })
})
