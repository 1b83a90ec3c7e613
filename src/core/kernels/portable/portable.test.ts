import { describe, expect, it } from 'vitest'
import type { Attrs, Shape } from '../../ir/types.ts'
import type { QuantScheme } from '../../quant/scheme.ts'
import type { SiteTensor } from '../../testing/kernel-sites.ts'
import { site } from '../../testing/kernel-sites.ts'
import { bindingOf } from '../registry.ts'

const q = (scale: number, zeroPoint: number) => ({ scale: [scale], zeroPoint: [zeroPoint] })
const calls = (scheme: QuantScheme, op: string, attrs: Attrs, inputs: (Shape | SiteTensor)[], output: Shape | SiteTensor) =>
  bindingOf('portable', op)!.calls(site(op, scheme, attrs, inputs, output))
const scratch = (scheme: QuantScheme, op: string, attrs: Attrs, input: Shape) =>
  bindingOf('portable', op)!.scratchBytes(site(op, scheme, attrs, [input], [1, 1]), 'dsp')

describe('portable bindings: the runtime kernel the generator emits for each op and scheme', () => {
  it('names the kernels', () => {
    const call = (scheme: QuantScheme, op: string) => calls(scheme, op, {}, [[1, 4, 4, 3]], [1, 4, 4, 8])
    expect(call('s8', 'Conv2D')).toEqual([{ kernel: 'tf_convolve_s8', calls: 1 }])
    expect(call('pow2', 'Conv2D')).toEqual([{ kernel: 'tf_convolve_q7', calls: 1 }])
    expect(call('s8', 'DepthwiseConv2D')).toEqual([{ kernel: 'tf_depthwise_conv_s8', calls: 1 }])
    expect(call('pow2', 'MaxPool2D')).toEqual([{ kernel: 'tf_max_pool_s8', calls: 1 }])
    expect(call('s8', 'ReLU6')).toEqual([{ kernel: 'tf_relu_s8', calls: 1 }])
    expect(call('pow2', 'Softmax')).toEqual([{ kernel: 'tf_softmax_q7', calls: 1 }])
    expect(call('s8', 'Flatten')).toEqual([])
    expect(bindingOf('portable', 'GRU')).toBeUndefined()
    expect(calls('s8', 'Concat', { inputs: 2 }, [[1, 2, 2, 1], [1, 2, 2, 1]], [1, 2, 2, 2])).toEqual([{ kernel: 'tf_concatenation_s8', calls: 2 }])
  })

  it('runs GlobalAveragePool as avgpool when it keeps its quantization (or it is unknown), else as TFLite MEAN', () => {
    const gap = (input: SiteTensor, output: SiteTensor) => calls('s8', 'GlobalAveragePool', {}, [input], output)[0].kernel
    expect(gap({ shape: [1, 4, 4, 8], quant: q(0.1, -3) }, { shape: [1, 1, 1, 8], quant: q(0.1, -3) })).toBe('tf_avgpool_s8')
    expect(gap({ shape: [1, 4, 4, 8], quant: q(0.1, -3) }, { shape: [1, 1, 1, 8], quant: q(0.05, -3) })).toBe('tf_mean_s8')
    expect(gap({ shape: [1, 4, 4, 8] }, { shape: [1, 1, 1, 8] })).toBe('tf_avgpool_s8')
    expect(calls('pow2', 'GlobalAveragePool', {}, [[1, 4, 4, 8]], [1, 1, 1, 8])[0].kernel).toBe('tf_avgpool_q7')
  })
})

describe('portable runtime scratch', () => {
  it('reserves im2col for Conv2D only: two int16 columns in both schemes (the DSP paths fill both)', () => {
    const conv = { kernelH: 3, kernelW: 5 }
    expect(scratch('s8', 'Conv2D', conv, [1, 8, 8, 7])).toBe(2 * 3 * 5 * 7 * 2)
    expect(scratch('pow2', 'Conv2D', conv, [1, 8, 8, 7])).toBe(2 * 3 * 5 * 7 * 2)
    expect(scratch('s8', 'Conv2D', { kernelH: 1, kernelW: 1 }, [1, 8, 8, 16])).toBe(64)
    expect(scratch('s8', 'DepthwiseConv2D', conv, [1, 8, 8, 7])).toBe(0)
    expect(scratch('s8', 'FullyConnected', {}, [1, 64])).toBe(0)
    expect(bindingOf('portable', 'Conv2D').scratchBytes(site('Conv2D', 's8', conv, [], [1, 1]) as never, 'dsp')).toBe(0)
  })
})
