import { describe, expect, it } from 'vitest'
import { analyzeGraph } from '../analysis/analyze-graph.ts'
import type { GraphChange } from '../ir/changes.ts'
import { applyChanges } from '../ir/changes.ts'
import { seededTensor } from '../ir/seeded-init.ts'
import type { Attrs, Graph, GraphNode, Tensor } from '../ir/types.ts'
import { EMPTY_GRAPH } from '../ir/types.ts'
import { runFloat } from './float-engine.ts'

function node(id: string, op: string, attrs: Attrs, weights?: Record<string, Tensor>): GraphNode {
  return { id, op, name: id, attrs, position: { x: 0, y: 0 }, ...(weights ? { weights } : {}) }
}

function chain(nodes: GraphNode[]): Graph {
  const changes: GraphChange[] = nodes.map((n) => ({ type: 'addNode', node: n }))
  for (let i = 1; i < nodes.length; i++) {
    changes.push({ type: 'addEdge', edge: { id: `e${i}`, source: nodes[i - 1].id, target: nodes[i].id, targetPort: 0 } })
  }
  return applyChanges(EMPTY_GRAPH, changes).graph
}

function f32(shape: number[], values: number[]): Tensor {
  return { dtype: 'float32', shape, data: Float32Array.from(values), origin: 'trained' }
}

// Input 3×3×1 (mean 1, scale 0.5) → Conv2D 2 filters 2×2 valid → ReLU → Flatten → FC 2 → Softmax
// raw 1 3 5 … 17 → x = (raw − 1)·0.5 = 0 1 2 / 3 4 5 / 6 7 8
// f0 = [[1,0],[0,1]] bias 0 (x[r,c] + x[r+1,c+1]); f1 = [[−1,0],[0,0]] bias 1 (1 − x[r,c])
// conv (NHWC): (0,0) 4, 1 | (0,1) 6, 0 | (1,0) 10, −2 | (1,1) 12, −3 → ReLU 4 1 6 0 10 0 12 0
// FC: y0 = 0.5·v[0] = 2, y1 = 0.25·v[6] = 3 → softmax(2, 3) = (1, e)/(1 + e) = (0.26894142, 0.73105858)
const RAW = Float32Array.from([1, 3, 5, 7, 9, 11, 13, 15, 17])
const CONV_WEIGHTS = { weights: f32([2, 2, 2, 1], [1, 0, 0, 1, -1, 0, 0, 0]), bias: f32([2], [0, 1]) }
const FC_WEIGHTS = {
  weights: f32([2, 8], [0.5, 0, 0, 0, 0, 0, 0, 0, /* unit 1 */ 0, 0, 0, 0, 0, 0, 0.25, 0]),
  bias: f32([2], [0, 0]),
}

function smallNet(conv: Record<string, Tensor> | 'seeded' = CONV_WEIGHTS): Graph {
  return chain([
    node('in', 'Input', { shape: [3, 3, 1], mean: [1], scale: 0.5 }),
    node('conv', 'Conv2D', { filters: 2, kernelH: 2, kernelW: 2, padding: 'valid', activation: 'none' },
      conv === 'seeded' ? undefined : conv),
    node('relu', 'ReLU', {}),
    node('flat', 'Flatten', {}),
    node('fc', 'FullyConnected', { units: 2 }, FC_WEIGHTS),
    node('prob', 'Softmax', {}),
  ])
}

describe('runFloat', () => {
  it('runs Input→Conv2D→ReLU→Flatten→FC→Softmax and keeps every node’s output', () => {
    const result = runFloat(smallNet(), { in: RAW })
    expect(result.order).toEqual(['in', 'conv', 'relu', 'flat', 'fc', 'prob'])
    expect(Object.fromEntries(result.shapes)).toEqual({
      in: [1, 3, 3, 1], conv: [1, 2, 2, 2], relu: [1, 2, 2, 2], flat: [1, 8], fc: [1, 2], prob: [1, 2] })
    const out = (id: string): number[] => Array.from(result.outputs.get(id)!)
    expect(out('in')).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8])
    expect(out('conv')).toEqual([4, 1, 6, 0, 10, -2, 12, -3])
    expect(out('relu')).toEqual([4, 1, 6, 0, 10, 0, 12, 0])
    expect(out('flat')).toEqual([4, 1, 6, 0, 10, 0, 12, 0])
    expect(out('fc')).toEqual([2, 3])
    const [p0, p1] = out('prob')
    expect(p0).toBeCloseTo(0.2689414214, 7)
    expect(p1).toBeCloseTo(0.7310585786, 7)
  })

  it('dequantizes stored int8/int32 constants per channel', () => {
    // same real weights: f0 q (2,0,0,2)·0.5, f1 q (−4,0,0,0)·0.25; bias q (0, 4)·(0.5, 0.25) = (0, 1)
    const quantized: Record<string, Tensor> = {
      weights: { dtype: 'int8', shape: [2, 2, 2, 1], data: Int8Array.from([2, 0, 0, 2, -4, 0, 0, 0]), origin: 'imported',
        quant: { scale: [0.5, 0.25], zeroPoint: [0, 0], axis: 0 } },
      bias: { dtype: 'int32', shape: [2], data: Int32Array.from([0, 4]), origin: 'imported',
        quant: { scale: [0.5, 0.25], zeroPoint: [0, 0], axis: 0 } },
    }
    const result = runFloat(smallNet(quantized), { in: RAW })
    expect(Array.from(result.outputs.get('conv')!)).toEqual([4, 1, 6, 0, 10, -2, 12, -3])
  })

  it('is deterministic with seeded weights, and the seed matters', () => {
    const graph = smallNet('seeded')
    const a = runFloat(graph, { in: RAW })
    const b = runFloat(graph, { in: RAW })
    for (const id of a.order) expect(Array.from(b.outputs.get(id)!)).toEqual(Array.from(a.outputs.get(id)!))
    // seeded conv = the seeded OHWI tensor applied to x; check output (0,0) filter 0 by hand from the tensor
    const w = seededTensor(graph.seed, 'conv', 'weights', [2, 2, 2, 1], 4, 'he-uniform', 2).data
    const expected00 = Math.fround(0 * w[0] + 1 * w[1] + 3 * w[2] + 4 * w[3])
    expect(a.outputs.get('conv')![0]).toBeCloseTo(expected00, 6)
    const reseeded = applyChanges(graph, [{ type: 'setSeed', seed: graph.seed + 1 }]).graph
    const c = runFloat(reseeded, { in: RAW })
    expect(Array.from(c.outputs.get('conv')!)).not.toEqual(Array.from(a.outputs.get('conv')!))
  })

  it('reuses a given analysis and reports progress per node', () => {
    const graph = smallNet()
    const seen: string[] = []
    runFloat(graph, { in: RAW }, { analysis: analyzeGraph(graph), onNode: (id, _out, i, n) => seen.push(`${id}:${i}/${n}`) })
    expect(seen).toEqual(['in:0/6', 'conv:1/6', 'relu:2/6', 'flat:3/6', 'fc:4/6', 'prob:5/6'])
  })

  it('runs two-input ops with inputs in port order', () => {
    // two Inputs 1×1×2 feed Concat, 'in' on port 1 and 'neg' (mean 10) on port 0
    const g = applyChanges(EMPTY_GRAPH, [
      { type: 'addNode', node: node('in', 'Input', { shape: [1, 1, 2], mean: [0], scale: 1 }) },
      { type: 'addNode', node: node('neg', 'Input', { shape: [1, 1, 2], mean: [10], scale: 1 }) },
      { type: 'addNode', node: node('cat', 'Concat', { inputs: 2 }) },
      { type: 'addEdge', edge: { id: 'a', source: 'in', target: 'cat', targetPort: 1 } },
      { type: 'addEdge', edge: { id: 'b', source: 'neg', target: 'cat', targetPort: 0 } },
    ]).graph
    const r = runFloat(g, { in: Float32Array.from([1, 2]), neg: Float32Array.from([0, 0]) })
    // port 0 = neg → (−10, −10); port 1 = in → (1, 2)
    expect(Array.from(r.outputs.get('cat')!)).toEqual([-10, -10, 1, 2])
  })

  it('refuses graphs with errors and missing or mis-sized input data', () => {
    const broken = applyChanges(EMPTY_GRAPH, [{ type: 'addNode', node: node('c', 'Conv2D', {}) }]).graph
    expect(() => runFloat(broken, {})).toThrow('The graph cannot run until its errors are fixed: c (Conv2D): input 1 is not connected')
    expect(() => runFloat(smallNet(), {})).toThrow("No data given for input 'in' (1×3×3×1, 9 values)")
    expect(() => runFloat(smallNet(), { in: new Float32Array(4) })).toThrow("Input 'in' expects 9 values (1×3×3×1), got 4")
  })
})
