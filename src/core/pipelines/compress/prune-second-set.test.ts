/**
 * Structured pruning over the second operator set's `channels` facets: Mul / Maximum / Minimum join their operands'
 * channels (as Add), a Transpose that keeps the last axis passes them, TransposeConv2D produces its filters and reads
 * its input's along axis 3 of OHWI; SVDF, LSTM and BatchMatMul block (their rank-3 inputs come from no producer but
 * FullyConnected → SVDF, checked here). Exactness check: the pruned float graph computes
 * what the original computes with the removed filters (and biases) zeroed — zero channels stay zero through Mul,
 * Maximum, Minimum (of two zeros), Transpose, and add nothing in the next layer.
 */
import { describe, expect, it } from 'vitest'
import { analyzeGraph } from '../../analysis/analyze-graph.ts'
import { resolveNodeWeights } from '../../analysis/node-weights.ts'
import { runFloat } from '../../engine/float-engine.ts'
import { tensorToFloat } from '../../engine/tensor-to-float.ts'
import type { Attrs, Edge, Graph, GraphNode, Tensor } from '../../ir/types.ts'
import { getOp } from '../../ops/registry.ts'
import { SVDF_STREAM_NET } from '../../testing/fixture-graphs-seq.ts'
import { CMSIS_NN } from '../../vendors/cmsis-nn/index.ts'
import { channelGroups } from './channel-groups.ts'
import { pruneChannels } from './structured-prune.ts'

const node = (id: string, op: string, attrs: Attrs = {}): GraphNode => ({ id, op, name: id, attrs, position: { x: 0, y: 0 } })
const edge = (source: string, target: string, targetPort = 0): Edge => ({ id: `${source}-${target}-${targetPort}`, source, target, targetPort })
const conv = (filters: number, k = 3) => ({ filters, kernelH: k, kernelW: k, padding: 'same', activation: 'relu' })

/** in 6×6×3 → {a, b, c: Conv2D 8} → a·b → max(·, c) → min(·, c) → Transpose (H↔W) → TransposeConv2D 8 → Conv2D 4 → FC 3. */
const GATED_NET: Graph = {
  seed: 3,
  nodes: [
    node('in', 'Input', { shape: [6, 6, 3], mean: [0], scale: 1 / 64 }),
    node('a', 'Conv2D', conv(8)), node('b', 'Conv2D', conv(8, 1)), node('c', 'Conv2D', conv(8)),
    node('prod', 'Mul', {}), node('hi', 'Maximum', {}), node('lo', 'Minimum', {}),
    node('swap', 'Transpose', { perm: [0, 2, 1, 3] }),
    node('up', 'TransposeConv2D', { filters: 8, kernelH: 2, kernelW: 2, strideH: 2, strideW: 2, padding: 'valid', activation: 'relu' }),
    node('head', 'Conv2D', { ...conv(4), strideH: 2, strideW: 2 }),
    node('flat', 'Flatten', {}), node('fc', 'FullyConnected', { units: 3 }),
  ],
  edges: [edge('in', 'a'), edge('in', 'b'), edge('in', 'c'), edge('a', 'prod', 0), edge('b', 'prod', 1), edge('prod', 'hi', 0),
    edge('c', 'hi', 1), edge('hi', 'lo', 0), edge('c', 'lo', 1), edge('lo', 'swap'), edge('swap', 'up'), edge('up', 'head'),
    edge('head', 'flat'), edge('flat', 'fc')],
}

/** The graph with every producer's removed output channels zeroed (weights and bias), all constants stored. */
function zeroed(graph: Graph, removed: Map<string, number[]>): Graph {
  const analysis = analyzeGraph(graph, CMSIS_NN)
  return { ...graph, nodes: graph.nodes.map((n) => {
    const def = getOp(n.op)!
    const info = analysis.nodes.get(n.id)!
    const { weights } = resolveNodeWeights(def, n, info.attrs, info.inputs, graph.seed)
    const drop = removed.get(n.id)
    if (!drop || !def.weightQuant) return Object.keys(weights).length ? { ...n, weights } : n
    const out: Record<string, Tensor> = {}
    for (const [k, t] of Object.entries(weights)) {
      const data = tensorToFloat(t, k).slice()
      const per = data.length / t.shape[0]
      for (const ch of drop) data.fill(0, ch * per, (ch + 1) * per)
      out[k] = { ...t, dtype: 'float32', data }
    }
    return { ...n, weights: out }
  }) }
}

describe('structured pruning of the second operator set', () => {
  it('joins Mul / Maximum / Minimum operands and a channel-keeping Transpose into one group; TransposeConv2D produces its own', () => {
    const groups = channelGroups(GATED_NET, analyzeGraph(GATED_NET, CMSIS_NN))
    const gated = groups.find((g) => g.producers.includes('a'))!
    expect(gated.producers).toEqual(['a', 'b', 'c'])
    expect(gated.members).toEqual(['a', 'b', 'c', 'prod', 'hi', 'lo', 'swap'])
    expect(gated.blocked).toBeUndefined()
    expect(groups.find((g) => g.producers.includes('up'))!.blocked).toBeUndefined()
  })

  it('prunes them exactly: the pruned graph computes the original with the removed filters zeroed', () => {
    const r = pruneChannels(GATED_NET, CMSIS_NN, { ratio: 0.5 })
    expect(r.groups.map((g) => [g.layers.join(), g.before, g.after])).toEqual([['a,b,c', 8, 4], ['up', 8, 4], ['head', 4, 4]].filter((g) => g[1] !== g[2]))
    expect(analyzeGraph(r.graph, CMSIS_NN).diagnostics.filter((d) => d.severity === 'error')).toEqual([])
    const removed = new Map<string, number[]>()
    for (const g of r.groups) {
      const drop = Array.from({ length: g.before }, (_, i) => i).filter((i) => !g.kept.includes(i))
      const byName = new Map(GATED_NET.nodes.map((n) => [n.name, n.id]))
      for (const layer of g.layers) removed.set(byName.get(layer)!, drop)
    }
    const x = { in: Float32Array.from({ length: 108 }, (_, i) => ((i * 37) % 101) - 50) }
    const want = runFloat(zeroed(GATED_NET, removed), x).outputs.get('fc')!
    const got = runFloat(r.graph, x).outputs.get('fc')!
    expect(Array.from(want).some((v) => v !== 0)).toBe(true)
    got.forEach((v, i) => expect(v).toBeCloseTo(want[i], 4))
  })

  it('blocks a channel-moving Transpose, a broadcast along the channels and an SVDF input, with the reason', () => {
    const moved: Graph = { ...GATED_NET, nodes: GATED_NET.nodes.map((n) => (n.id === 'swap' ? { ...n, attrs: { perm: [0, 3, 1, 2] } } : n)) }
    const blockedBy = (g: Graph, producer: string) =>
      channelGroups(g, analyzeGraph(g, CMSIS_NN)).find((x) => x.producers.includes(producer))!.blocked
    expect(blockedBy(moved, 'a')).toBe("swap reads lo's channels in a way pruning cannot rewrite (blocks)")
    const broadcast: Graph = { ...GATED_NET, nodes: GATED_NET.nodes.map((n) => (n.id === 'b' ? { ...n, attrs: conv(1, 1) } : n)) }
    expect(blockedBy(broadcast, 'a')).toBe('b has 1 channels where a has 8: an operand is broadcast along the channels')
    expect(blockedBy(SVDF_STREAM_NET, 'fc1')).toBe("svdf2 reads fc1's channels in a way pruning cannot rewrite (blocks)")
    const r = pruneChannels(SVDF_STREAM_NET, CMSIS_NN, { ratio: 0.5 })
    expect(r.groups).toEqual([])
    expect(r.blocked.map((b) => b.layers.join())).toEqual(['fc1', 'fc2']) // fc2 feeds the Softmax output
  })
})
