/**
 * Per-layer int4 weights: TFLite's int4 rule (quantizeWeightsInt4), PTQ honouring a layer's `precision`, the changes
 * that set an already-int8 layer to int4 (requantized from its int8 values) or back, the refusals, and the estimate
 * before and after (packed bytes).
 */
import { describe, expect, it } from 'vitest'
import { M4_TARGET } from '../../../../bench/c-package.ts'
import { syntheticSamples } from '../../data/calibration-data.ts'
import { estimate } from '../../estimate/estimate.ts'
import { applyChanges } from '../../ir/changes.ts'
import type { Graph } from '../../ir/types.ts'
import { QuantError } from '../../quant/kernel-params.ts'
import { encodingProblem, packInt4, storedEncoding, unpackInt4 } from '../../quant/weight-encoding.ts'
import { quantizeWeightsInt4 } from '../../quant/weight-quant.ts'
import { templateById } from '../../templates/index.ts'
import { CMSIS_NN } from '../../vendors/cmsis-nn/index.ts'
import { POW2_Q7 } from '../../vendors/pow2-q7/index.ts'
import { quantizeGraph } from '../ptq.ts'
import { PrecisionError, setWeightPrecision, weightPrecisionOf } from './weight-precision.ts'

const digitsFloat = (): Graph => templateById('digits-cnn')!.build().graph
const byName = (g: Graph, name: string) => g.nodes.find((n) => n.name === name)!
const ptq = (g: Graph) => quantizeGraph(g, { scheme: 's8', samples: syntheticSamples(g, 4, 1) })

describe('int4 weights', () => {
  it("quantize by TFLite's int4 rule: scale max|w| / 7 per channel, half away from zero, [−7, 7]", () => {
    const t = quantizeWeightsInt4(Float32Array.from([0.875, -0.4375, 0.0625, 0.3, -0.15, 0.1]), [2, 3], 0, 'trained')
    expect(t.quant!.scale).toEqual([0.125, Math.fround(0.3 / 7)])
    expect(Array.from(t.data)).toEqual([7, -4, 1, 7, -4, 2]) // −3.5 → −4, 0.5 → 1 (halves away from zero)
    expect(t.encoding).toEqual({ kind: 'int4' })
  })

  it('pack two per byte, low nibble first, as CMSIS-NN s4 (odd counts leave a zero high nibble)', () => {
    expect(Array.from(packInt4([1, -1, -8, 7, 3]))).toEqual([0xf1, 0x78, 0x03])
    expect(Array.from(unpackInt4(packInt4([1, -1, -8, 7, 3]), 5))).toEqual([1, -1, -8, 7, 3])
    expect(() => packInt4([8])).toThrow(/outside \[-8, 7\]/)
    const bad = { dtype: 'int8' as const, shape: [2], data: Int8Array.from([3, 9]), origin: 'trained' as const, encoding: { kind: 'int4' as const } }
    expect(encodingProblem(bad)).toBe('its weight 1 is 9, outside the int4 range [-8, 7]; set the layer to int4 again')
    expect(storedEncoding(bad)).toBeUndefined()
  })

  it('PTQ quantizes the layers set to int4 (per channel for Conv2D, per tensor for FullyConnected) and the rest to int8', () => {
    const float = digitsFloat()
    const set = setWeightPrecision(float, CMSIS_NN, ['conv2', 'logits'], 'int4')
    expect(set.layers.map((l) => [l.name, l.action, l.bytesBefore, l.bytesAfter])).toEqual([
      ['conv2', 'recorded', 1152, 576], ['logits', 'recorded', 7840, 3920]])
    const g = ptq(applyChanges(float, set.changes).graph)
    const conv2 = byName(g, 'conv2').weights!.weights
    const logits = byName(g, 'logits').weights!.weights
    const conv1 = byName(g, 'conv1').weights!.weights
    expect(conv2.encoding).toEqual({ kind: 'int4' })
    expect(conv2.quant!.scale).toHaveLength(16)
    expect(Math.max(...Array.from(conv2.data, Math.abs))).toBe(7)
    expect(logits.quant!.scale).toHaveLength(1)
    expect(Math.max(...Array.from(logits.data, Math.abs))).toBe(7)
    expect(conv1.encoding).toBeUndefined()
    expect(Math.max(...Array.from(conv1.data, Math.abs))).toBe(127)
    // The bias follows the int4 scales: bias scale = float(in_scale · w_scale).
    const bias = byName(g, 'conv2').weights!.bias
    const inScale = byName(g, 'pool1').quant!.output.scale[0]
    expect(bias.quant!.scale).toEqual(conv2.quant!.scale.map((s) => Math.fround(inScale * s)))
  })

  it('PTQ refuses int4 in the pow2 scheme and on an op without an int4 kernel, in one sentence', () => {
    const g = applyChanges(digitsFloat(), setWeightPrecision(digitsFloat(), CMSIS_NN, ['conv1'], 'int4').changes).graph
    expect(() => quantizeGraph(g, { scheme: 'pow2', samples: syntheticSamples(g, 2, 1) })).toThrow(QuantError)
    expect(() => quantizeGraph(g, { scheme: 'pow2', samples: syntheticSamples(g, 2, 1) }))
      .toThrow("conv1 is set to int4 weights, which need the s8 scheme (CMSIS-NN's _s4 kernels); pow2-q7 has no s4 kernels — set it to int8")
    const pool = { ...g, nodes: g.nodes.map((n) => (n.name === 'pool1' ? { ...n, precision: { weights: 'int4' as const } } : n)) }
    expect(() => ptq(pool)).toThrow('pool1 (MaxPool2D) has no int4 weight kernel; int4 weights are for Conv2D, DepthwiseConv2D and FullyConnected — set it to int8')
  })

  it('sets an int8 layer to int4 from its int8 values (scales and bias requantized), and back to int8 keeping the values', () => {
    const g = ptq(digitsFloat())
    const before = byName(g, 'conv2').weights!
    const r = setWeightPrecision(g, CMSIS_NN, ['conv2'], 'int4')
    expect(r.layers[0]).toMatchObject({ action: 'requantized', bytesBefore: 1152, bytesAfter: 576 })
    const after = applyChanges(g, r.changes).graph
    const w = byName(after, 'conv2').weights!.weights
    expect(weightPrecisionOf(byName(after, 'conv2'))).toBe('int4')
    expect(w.encoding).toEqual({ kind: 'int4' })
    // Channel 0 by hand: real = code · scale, new scale = max|real| / 7, value = round(real / new scale).
    const k = 3 * 3 * 8
    const real = Array.from(before.weights.data.slice(0, k), (c) => c * before.weights.quant!.scale[0])
    const scale0 = Math.fround(Math.max(...real.map(Math.abs)) / 7)
    expect(w.quant!.scale[0]).toBe(scale0)
    expect(Array.from(w.data.slice(0, k))).toEqual(real.map((x) => { const v = Math.round(Math.abs(x / scale0)); return x < 0 && v !== 0 ? -v : v }))
    const b = byName(after, 'conv2').weights!.bias
    expect(b.data[0]).toBe(Math.round(before.bias.data[0] * before.bias.quant!.scale[0] / b.quant!.scale[0]))
    expect(byName(after, 'conv1')).toEqual(byName(g, 'conv1'))
    // Undo restores the int8 layer exactly.
    expect(applyChanges(after, applyChanges(g, r.changes).inverse).graph).toEqual(g)
    // Back to int8: the int4 values stay, the mark goes.
    const back = setWeightPrecision(after, CMSIS_NN, ['conv2'], 'int8')
    expect(back.layers[0]).toMatchObject({ action: 'kept-values', bytesBefore: 576, bytesAfter: 1152 })
    const b8 = byName(applyChanges(after, back.changes).graph, 'conv2')
    expect(b8.precision).toBeUndefined()
    expect(b8.weights!.weights.encoding).toBeUndefined()
    expect(b8.weights!.weights.data).toEqual(w.data)
  })

  it('refuses unknown layers, ops without an int4 kernel, pow2-q7 and palettized layers, changing nothing', () => {
    const g = digitsFloat()
    expect(() => setWeightPrecision(g, CMSIS_NN, ['nope'], 'int4')).toThrow(PrecisionError)
    expect(() => setWeightPrecision(g, CMSIS_NN, ['nope'], 'int4')).toThrow("no layer 'nope'")
    expect(() => setWeightPrecision(g, CMSIS_NN, ['pool1'], 'int4'))
      .toThrow("layer 'pool1': MaxPool2D has no int4 weight kernel in CMSIS-NN; int4 weights are for Conv2D, DepthwiseConv2D and FullyConnected")
    expect(() => setWeightPrecision(g, POW2_Q7, ['conv1'], 'int4')).toThrow(/has no int4 \(packed s4\) weight kernels/)
    const q8 = ptq(g)
    const pal = { ...q8, nodes: q8.nodes.map((n) => (n.name === 'conv1'
      ? { ...n, weights: { ...n.weights, weights: { ...n.weights!.weights, encoding: { kind: 'palette' as const, clusters: 16 as const } } } } : n)) }
    expect(() => setWeightPrecision(pal, CMSIS_NN, ['conv1'], 'int4')).toThrow(/palettized weights \(16 clusters\); a tensor takes one encoding/)
  })

  it('the estimate prices an int4 layer as packed bytes before and after quantization, alike', () => {
    const float = digitsFloat()
    const set = applyChanges(float, setWeightPrecision(float, CMSIS_NN, ['logits'], 'int4').changes).graph
    const flash = (g: Graph) => estimate(g, CMSIS_NN, [M4_TARGET]).targets[0].flashBytes
    const layer = (g: Graph) => estimate(g, CMSIS_NN, [M4_TARGET]).layers.find((l) => l.name === 'logits')!
    expect(layer(float).weightBytes - layer(set).weightBytes).toBe(3920)
    expect(layer(set).encoding).toEqual({ kind: 'int4' })
    expect(layer(set).kernels).toEqual(['arm_fully_connected_s4'])
    expect(flash(float) - flash(set)).toBeGreaterThan(3000)
    const q = ptq(set)
    expect(layer(q).weightBytes).toBe(layer(set).weightBytes)
    expect(estimate(q, CMSIS_NN, [M4_TARGET], { runtime: 'portable' }).layers.find((l) => l.name === 'logits')!.kernels)
      .toEqual(['tf_fully_connected_s4', 'tf_fully_connected_s8_pal', 'tf_fully_connected_s8', 'tf_palette_decode'])
  })
})
