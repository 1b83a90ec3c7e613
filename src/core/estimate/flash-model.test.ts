import { describe, expect, it } from 'vitest'
import type { GraphNode, Shape } from '../ir/types.ts'
import type { WeightSpec } from '../ops/op-def.ts'
import { CMSIS_NN } from '../vendors/cmsis-nn/index.ts'
import { POW2_Q7 } from '../vendors/pow2-q7/index.ts'
import sizes from './kernel-code-sizes.json' with { type: 'json' }
import measured from './kernel-code-sizes.measured.json' with { type: 'json' }
import { C_RUNTIME_FILES } from '../codegen/c/runtime-files.generated.ts'
import {
  CODE_SIZE_ERROR_PCT, PORTABLE_CODE_ERROR_PCT, callSiteBytes, codeSizeTable, kernelCodeBytes, layerConstants, libcCodeBytes,
} from './flash-model.ts'

const spec = (name: string, shape: Shape): WeightSpec => ({ name, shape, dtype: 'float32', fanIn: 1, init: 'zeros' })
const node = (op: string, weights?: GraphNode['weights']): GraphNode => ({ id: 'n1', op, name: 'x', attrs: {}, position: { x: 0, y: 0 }, weights })

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

describe('measured code sizes', () => {
  it('reads kernel and call-site bytes per core, with stand-ins for unmeasured CPUs', () => {
    expect(kernelCodeBytes('cmsis-nn', 'arm_convolve_wrapper_s8', 'cortex-m4')).toBe(sizes.kernels['cmsis-nn:arm_convolve_wrapper_s8']['cortex-m4'])
    expect(kernelCodeBytes('cmsis-nn', 'arm_convolve_wrapper_s8', 'cortex-m85')).toBe(sizes.kernels['cmsis-nn:arm_convolve_wrapper_s8']['cortex-m55'])
    expect(kernelCodeBytes('pow2-q7', 'arm_relu_q7', 'esp32-s3')).toBe(sizes.kernels['pow2-q7:arm_relu_q7']['cortex-m3'])
    expect(kernelCodeBytes('cmsis-nn', 'arm_nothing', 'cortex-m4')).toBeUndefined()
    expect(callSiteBytes('cmsis-nn', 'arm_softmax_s8', 'cortex-m7')).toBe(sizes.callSites['cmsis-nn:arm_softmax_s8']['cortex-m7'])
    expect(libcCodeBytes('riscv32')).toBe(sizes.libcBytes['cortex-m3'])
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

describe('codeSizeTable', () => {
  it('portable: the C package\'s measured -O2 sizes per CPU, memcpy/memset left to the start-up code', () => {
    const m4 = codeSizeTable('portable', 'cortex-m4')
    expect([m4.cpu, m4.standIn, m4.source, m4.errorPct, m4.libcBytes(['tf_convolve_s8']), m4.fixedBytes]).toEqual(['cortex-m4', null,
      'measurement', PORTABLE_CODE_ERROR_PCT, 0, measured.portable.fixedBytes['cortex-m4']])
    expect(m4.kernelBytes('tf_convolve_s8')).toBe(measured.kernels.tf_convolve_s8['-O2']['cortex-m4'])
    expect(m4.callSiteBytes('tf_fully_connected_s8')).toBe(measured.portable.callSites.tf_fully_connected_s8['cortex-m4'])
    expect(m4.kernelBytes('arm_convolve_wrapper_s8')).toBeUndefined()
    // Cortex-M0+ calls libgcc for 64-bit multiply and division: each helper is charged once, however many kernels call it.
    const m0 = codeSizeTable('portable', 'cortex-m0plus')
    const helpers = measured.portable.helperBytes['cortex-m0plus'] as Record<string, number>
    const uses = measured.portable.kernelHelpers['cortex-m0plus'] as Record<string, string[]>
    expect(uses.tf_fully_connected_s8).toEqual(['__aeabi_lmul'])
    expect(m0.libcBytes(['tf_fully_connected_s8', 'tf_softmax_s8'])).toBe([...new Set([...uses.tf_fully_connected_s8,
      ...uses.tf_softmax_s8])].reduce((s, h) => s + helpers[h], 0))
    expect(m0.libcBytes(['tf_fully_connected_s8', 'tf_convolve_s8'])).toBe(helpers.__aeabi_lmul)
    const m85 = codeSizeTable('portable', 'cortex-m85')
    expect([m85.cpu, m85.source]).toEqual(['cortex-m55', 'assumption'])
    expect(m85.standIn).toContain('Helium')
  })

  it('cmsis-nn: the CMSIS stand-in sizes with memcpy/memset once', () => {
    const m7 = codeSizeTable('cmsis-nn', 'cortex-m7')
    expect([m7.cpu, m7.source, m7.errorPct, m7.libcBytes(['arm_softmax_s8']), m7.libcBytes([]), m7.fixedBytes]).toEqual(['cortex-m7',
      'assumption', CODE_SIZE_ERROR_PCT, sizes.libcBytes['cortex-m7'], 0, 0])
    expect(m7.kernelBytes('arm_softmax_s8')).toBe(sizes.kernels['cmsis-nn:arm_softmax_s8']['cortex-m7'])
    expect(m7.callSiteBytes('arm_softmax_s8')).toBe(sizes.callSites['cmsis-nn:arm_softmax_s8']['cortex-m7'])
  })

  it('has every runtime kernel of the package, at both levels, with a call site, on every measured CPU', () => {
    const cpus = Object.keys(measured.cpuFlags)
    const runtime = Object.keys(C_RUNTIME_FILES).filter((p) => /^runtime\/tf_.*\.c$/.test(p)).map((p) => p.slice(8, -2)).sort()
    expect(Object.keys(measured.kernels).sort()).toEqual(runtime)
    for (const k of runtime) {
      const kernel = (measured.kernels as Record<string, Record<string, Record<string, number>>>)[k]
      expect(Object.keys(kernel['-O2']), k).toEqual(cpus)
      expect(Object.keys(kernel['-Os']), k).toEqual(cpus)
      expect(Object.keys((measured.portable.callSites as Record<string, object>)[k]), k).toEqual(cpus)
    }
    expect(Object.keys(measured.portable.fixedBytes)).toEqual(cpus)
  })
})
