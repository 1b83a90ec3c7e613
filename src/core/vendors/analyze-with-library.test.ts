import { describe, expect, it } from 'vitest'
import { analyzeGraph } from '../analysis/analyze-graph.ts'
import type { Attrs, Graph, GraphNode } from '../ir/types.ts'
import { getLibrary } from './registry.ts'

const node = (id: string, op: string, attrs: Attrs): GraphNode => ({ id, op, name: id, attrs, position: { x: 0, y: 0 } })

/** Input 6×6×4 → MaxPool2D 3×2 (stride 1) → Pad → Softmax. */
const graph: Graph = {
  seed: 1,
  nodes: [
    node('in', 'Input', { shape: [6, 6, 4], mean: [0], scale: 1 / 128 }),
    node('pool', 'MaxPool2D', { poolH: 3, poolW: 2, strideH: 1, strideW: 1, padding: 'valid', activation: 'none' }),
    node('pad', 'Pad', { top: 1, bottom: 1, left: 0, right: 0 }),
    node('sm', 'Softmax', { beta: 1 }),
  ],
  edges: [
    { id: 'e1', source: 'in', target: 'pool', targetPort: 0 },
    { id: 'e2', source: 'pool', target: 'pad', targetPort: 0 },
    { id: 'e3', source: 'pad', target: 'sm', targetPort: 0 },
  ],
}

describe('analyzeGraph against a vendor library', () => {
  it('reports pow2-q7 limits on the nodes that break them', () => {
    const a = analyzeGraph(graph, getLibrary('pow2-q7'))
    expect(a.nodes.get('pool')!.output!.shape).toEqual([1, 4, 5, 4])
    expect(a.byNode.get('pool')).toEqual([{
      severity: 'error', code: 'constraint', nodeId: 'pool',
      message: 'pow2-q7 pooling kernels take square windows only (arm_maxpool_q7_HWC, arm_avepool_q7_HWC)',
    }])
    expect(a.byNode.get('pad')).toEqual([{
      severity: 'error', code: 'unsupported-op', nodeId: 'pad', message: 'pow2-q7 has no kernel for Pad',
    }])
    expect(a.nodes.get('pad')!.supported).toBe(false)
    expect(a.byNode.get('in')).toBeUndefined()
    expect(a.byNode.get('sm')).toBeUndefined()
    expect(a.ok).toBe(false)
  })

  it('clears them when the library is switched to cmsis-nn', () => {
    const a = analyzeGraph(graph, getLibrary('cmsis-nn'))
    expect(a.diagnostics).toEqual([])
    expect(a.nodes.get('sm')!.output!.shape).toEqual([1, 6, 5, 4])
    expect([...a.nodes.values()].every((n) => n.supported)).toBe(true)
    expect(a.ok).toBe(true)
  })

  it('flags a non-power-of-two Input scale under pow2-q7 only', () => {
    const g: Graph = { ...graph, nodes: [node('in', 'Input', { shape: [6, 6, 4], mean: [128], scale: 1 / 127.5 }),
      ...graph.nodes.slice(1)] }
    const message = 'pow2-q7 preprocesses input with an arithmetic shift, so the Input scale must be a power of two (e.g. 1/128, 1/64, 1)'
    expect(analyzeGraph(g, getLibrary('pow2-q7')).byNode.get('in')).toEqual([
      { severity: 'error', code: 'constraint', nodeId: 'in', message },
    ])
    expect(analyzeGraph(g, getLibrary('cmsis-nn')).byNode.get('in')).toBeUndefined()
  })
})
