import { describe, expect, it } from 'vitest'
import { resolveNodeWeights } from '../analysis/node-weights.ts'
import { analyzeGraph } from '../analysis/analyze-graph.ts'
import type { Graph } from '../ir/types.ts'
import { getOp } from '../ops/registry.ts'
import { syntheticSamples } from '../data/calibration-data.ts'
import { MIXED_NET as NET } from '../testing/fixture-graphs.ts'
import { QuantError } from '../quant/kernel-params.ts'
import { quantizeGraph } from './ptq.ts'

const SAMPLES = syntheticSamples(NET, 6, 11)
const quantOf = (g: Graph, id: string) => g.nodes.find((n) => n.id === id)!.quant!.output
const weightsOf = (g: Graph, id: string) => g.nodes.find((n) => n.id === id)!.weights!

describe('quantizeGraph', () => {
  it('returns a new graph and leaves the input untouched', () => {
    const before = JSON.stringify(NET)
    const q = quantizeGraph(NET, { scheme: 's8', samples: SAMPLES })
    expect(JSON.stringify(NET)).toBe(before)
    expect(q).not.toBe(NET)
    expect(q.nodes.map((n) => n.id)).toEqual(NET.nodes.map((n) => n.id))
    expect(q.edges).toBe(NET.edges)
    expect(analyzeGraph(q).ok).toBe(true)
  })

  it('s8: per-channel int8 weights, int32 bias at in·w scales, shared and fixed activation quantization', () => {
    const q = quantizeGraph(NET, { scheme: 's8', samples: SAMPLES })
    for (const n of q.nodes) expect(n.quant?.output.scale).toHaveLength(1)
    // pooling keeps its input's parameters; concat inputs and output share one
    expect(quantOf(q, 'pool')).toEqual(quantOf(q, 'conv'))
    expect(quantOf(q, 'dw')).toEqual(quantOf(q, 'cat'))
    expect(quantOf(q, 'pw')).toEqual(quantOf(q, 'cat'))
    expect(quantOf(q, 'flat')).toEqual(quantOf(q, 'sum'))
    expect(quantOf(q, 'prob')).toEqual({ scale: [1 / 256], zeroPoint: [-128] })
    // ReLU output has a zero point at −128 (its range starts at 0)
    expect(quantOf(q, 'conv').zeroPoint).toEqual([-128])

    const w = weightsOf(q, 'conv').weights
    expect(w.dtype).toBe('int8')
    expect(w.quant!.axis).toBe(0)
    expect(w.quant!.scale).toHaveLength(4)
    const def = getOp('Conv2D')!
    const a = analyzeGraph(NET).nodes.get('conv')!
    const real = resolveNodeWeights(def, NET.nodes[1], a.attrs, a.inputs, NET.seed).weights.weights.data as Float32Array
    for (let c = 0; c < 4; c++) {
      const slice = Array.from(real.subarray(c * 9, c * 9 + 9))
      const max = Math.max(...slice.map(Math.abs))
      expect(w.quant!.scale[c]).toBe(Math.fround(max / 127))
      expect(Math.max(...Array.from((w.data as Int8Array).subarray(c * 9, c * 9 + 9), Math.abs))).toBe(127)
    }
    const b = weightsOf(q, 'conv').bias
    expect(b.dtype).toBe('int32')
    expect(b.quant!.scale).toEqual(w.quant!.scale.map((s) => Math.fround(quantOf(q, 'in').scale[0] * s)))
    expect(weightsOf(q, 'dw').weights.quant!.axis).toBe(3)
    expect(weightsOf(q, 'fc').weights.quant!.scale).toHaveLength(1)
    const perChannelFc = quantizeGraph(NET, { scheme: 's8', samples: SAMPLES, denseWeights: 'per-channel' })
    expect(weightsOf(perChannelFc, 'fc').weights.quant!.scale).toHaveLength(10)
  })

  it('s8: the Input range is the observed range of the preprocessed samples', () => {
    const q = quantizeGraph(NET, { scheme: 's8', samples: SAMPLES })
    const values = SAMPLES.in.flatMap((s) => Array.from(s, (v) => v / 64))
    const lo = Math.min(0, ...values)
    const hi = Math.max(0, ...values)
    const scale = Math.fround((hi - lo) / 255)
    expect(quantOf(q, 'in').scale).toEqual([scale])
  })

  it('pow2: power-of-two scales, zero points 0, shared formats for Add and ReLU6, shifts that fit the q7 kernels', () => {
    const q = quantizeGraph(NET, { scheme: 'pow2', method: 'mse', samples: SAMPLES })
    const frac = (id: string) => -Math.log2(quantOf(q, id).scale[0])
    for (const n of q.nodes) {
      expect(Number.isInteger(frac(n.id))).toBe(true)
      expect(n.quant!.output.zeroPoint).toEqual([0])
    }
    expect(frac('r6')).toBe(frac('cat'))
    expect(frac('sum')).toBe(frac('cat'))
    expect(frac('prob')).toBe(7)
    for (const [id, src] of [['conv', 'in'], ['dw', 'pool'], ['pw', 'pool'], ['fc', 'flat']]) {
      const w = weightsOf(q, id)
      const wFrac = -Math.log2(w.weights.quant!.scale[0])
      expect(w.weights.quant!.scale).toHaveLength(1)
      expect(w.bias.dtype).toBe('int8')
      const acc = frac(src) + wFrac
      expect(frac(id)).toBeLessThanOrEqual(acc)
      expect(acc - -Math.log2(w.bias.quant!.scale[0])).toBeGreaterThanOrEqual(0)
    }
  })

  it('is deterministic for every method', () => {
    for (const method of ['minmax', 'percentile', 'mse'] as const) {
      expect(quantizeGraph(NET, { scheme: 's8', method, samples: SAMPLES })).toEqual(quantizeGraph(NET, { scheme: 's8', method, samples: SAMPLES }))
    }
  })

  it('refuses bad calibration data and unquantizable graphs with one sentence', () => {
    const bad = (f: () => unknown): string => {
      try { f() } catch (e) { expect(e).toBeInstanceOf(QuantError); return (e as Error).message }
      return 'no error'
    }
    expect(bad(() => quantizeGraph(NET, { scheme: 's8', samples: {} }))).toBe("No calibration samples for input 'in'")
    expect(bad(() => quantizeGraph(NET, { scheme: 's8', samples: { in: [new Float32Array(35)] } }))).toBe(
      "Calibration sample 1 for input 'in' has 35 values; the input 1×6×6×1 needs 36")
    expect(bad(() => quantizeGraph(NET, { scheme: 's8', samples: { ...SAMPLES, x: [] } }))).toBe(
      "Calibration samples given for 'x', which is not an Input node of the graph")
    const tenth = { ...NET, nodes: NET.nodes.map((n) => (n.id === 'in' ? { ...n, attrs: { ...n.attrs, scale: 0.1 } } : n)) }
    expect(bad(() => quantizeGraph(tenth, { scheme: 'pow2', samples: SAMPLES }))).toBe(
      "Input 'in': the pow2 scheme preprocesses with a shift, so its scale must be a power of two")
    const broken = { ...NET, edges: NET.edges.filter((e) => e.target !== 'fc') }
    expect(bad(() => quantizeGraph(broken, { scheme: 's8', samples: SAMPLES }))).toBe(
      'The graph cannot be quantized until its errors are fixed: input 1 is not connected')
  })
})
