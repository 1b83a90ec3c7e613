/**
 * precisionChanges on adjacent int16 layers: marking a layer whose producer (or consumer) is already int16 reuses the
 * int16 tensor — the boundary Quantize between them is removed instead of an int16 → int8 → int16 pair being left — in
 * either marking order; clearing a mark puts back exactly the boundaries the neighbours need; every step analyzes
 * without errors, quantizes, and runs in the int8 engine.
 */
import { describe, expect, it } from 'vitest'
import { analyzeGraph } from '../../analysis/analyze-graph.ts'
import { INT16_BOUNDARY, precisionChanges } from '../../analysis/precision-changes.ts'
import { runInt8 } from '../../engine/int8-engine.ts'
import { applyChanges } from '../../ir/changes.ts'
import type { Edge, Graph, GraphNode } from '../../ir/types.ts'
import { quantized } from '../../testing/c-fixtures.ts'
import { CMSIS_NN } from '../../vendors/cmsis-nn/index.ts'

const node = (id: string, op: string, attrs: GraphNode['attrs'], extra: Partial<GraphNode> = {}): GraphNode =>
  ({ id, op, name: id, attrs, position: { x: 0, y: 0 }, ...extra })
const edge = (source: string, target: string, targetPort = 0): Edge => ({ id: `${source}-${target}-${targetPort}`, source, target, targetPort })

/** in → a Conv2D → b DepthwiseConv2D → c Conv2D → flat → fc, all int8. */
const NET: Graph = {
  seed: 5,
  nodes: [
    node('in', 'Input', { shape: [6, 6, 2], mean: [0], scale: 1 / 64 }),
    node('a', 'Conv2D', { filters: 4, kernelH: 3, kernelW: 3, padding: 'same', activation: 'relu' }),
    node('b', 'DepthwiseConv2D', { depthMultiplier: 1, kernelH: 3, kernelW: 3, padding: 'same', activation: 'none' }),
    node('c', 'Conv2D', { filters: 2, kernelH: 1, kernelW: 1, padding: 'valid', activation: 'none' }),
    node('flat', 'Flatten', {}),
    node('fc', 'FullyConnected', { units: 3, activation: 'none' }),
  ],
  edges: [edge('in', 'a'), edge('a', 'b'), edge('b', 'c'), edge('c', 'flat'), edge('flat', 'fc')],
}

const mark = (g: Graph, id: string, p: 'int16' | undefined) => applyChanges(g, precisionChanges(g, id, p)).graph
/** The chain from the Input, as node names with the int16 ones starred. */
function chain(g: Graph): string[] {
  const out: string[] = []
  for (let id: string | undefined = 'in'; id; id = g.edges.find((e) => e.source === id)?.target) {
    const n = g.nodes.find((x) => x.id === id)!
    out.push(`${n.name}${analyzeGraph(g).nodes.get(n.id)!.output!.dtype === 'int16' ? '*' : ''}`)
  }
  return out
}
function usable(g: Graph): void {
  expect(analyzeGraph(g, CMSIS_NN).diagnostics.filter((d) => d.severity === 'error')).toEqual([])
  const q = quantized(g, 's8')
  const y = runInt8(q, { in: Int8Array.from({ length: 72 }, (_, i) => ((i * 29) % 256) - 128) }).outputs.get('fc')!
  expect(y.length).toBe(3)
}

describe('int16 boundaries between adjacent layers', () => {
  const ab = mark(mark(NET, 'a', 'int16'), 'b', 'int16')
  const ba = mark(mark(NET, 'b', 'int16'), 'a', 'int16')

  it('marking a layer next to an int16 one shares the int16 tensor (no int16 → int8 → int16 pair), in either order', () => {
    const expected = ['in', 'a int16 in*', 'a*', 'b*', 'b int8 out', 'c', 'flat', 'fc']
    expect(chain(ab)).toEqual(expected)
    expect(chain(ba)).toEqual(expected)
    expect(ab.nodes.filter((n) => n.source?.op === INT16_BOUNDARY).map((n) => n.id)).toEqual(['a_to16_0', 'b_to8_c'])
    expect(ba.nodes.filter((n) => n.source?.op === INT16_BOUNDARY).map((n) => n.id)).toEqual(['b_to8_c', 'a_to16_0'])
    usable(ab)
    usable(ba)
    // Three in a row: one boundary at each end.
    expect(chain(mark(ab, 'c', 'int16'))).toEqual(['in', 'a int16 in*', 'a*', 'b*', 'c*', 'c int8 out', 'flat', 'fc'])
  })

  it('clearing one of two adjacent int16 layers puts the boundary its neighbour needs back; clearing both restores the graph', () => {
    const onlyB = mark(ab, 'a', undefined)
    expect(chain(onlyB)).toEqual(['in', 'a', 'b int16 in*', 'b*', 'b int8 out', 'c', 'flat', 'fc'])
    usable(onlyB)
    const onlyA = mark(ab, 'b', undefined)
    expect(chain(onlyA)).toEqual(['in', 'a int16 in*', 'a*', 'a int8 out', 'b', 'c', 'flat', 'fc'])
    usable(onlyA)
    for (const g of [mark(onlyB, 'b', undefined), mark(onlyA, 'a', undefined)]) {
      expect(chain(g)).toEqual(['in', 'a', 'b', 'c', 'flat', 'fc'])
      expect(g.nodes.map((n) => n.id)).toEqual(NET.nodes.map((n) => n.id))
    }
    // Marking again after clearing reuses the int16 tensor as before.
    expect(chain(mark(onlyB, 'a', 'int16'))).toEqual(chain(ab))
  })

  it('a layer before an int16-only Sigmoid reads it directly once marked, and gets its boundary back when cleared', () => {
    // in → fc1 → (Quantize int8 → int16, a boundary as the importer and the inspector write it) → sig → q8 → fc2
    const g: Graph = {
      seed: 6,
      nodes: [node('in', 'Input', { shape: [8], mean: [0], scale: 1 / 64 }), node('fc1', 'FullyConnected', { units: 6, activation: 'none' }),
        node('q16', 'Quantize', {}, { activations: 'int16', source: { format: 'tinyforge', op: INT16_BOUNDARY } }),
        node('sig', 'Sigmoid', {}), node('q8', 'Quantize', {}, { source: { format: 'tinyforge', op: INT16_BOUNDARY } }),
        node('fc', 'FullyConnected', { units: 3, activation: 'none' })],
      edges: [edge('in', 'fc1'), edge('fc1', 'q16'), edge('q16', 'sig'), edge('sig', 'q8'), edge('q8', 'fc')],
    }
    const marked = mark(g, 'fc1', 'int16')
    expect(chain(marked)).toEqual(['in', 'fc1 int16 in*', 'fc1*', 'sig*', 'q8', 'fc'])
    expect(analyzeGraph(marked, CMSIS_NN).diagnostics.filter((d) => d.severity === 'error')).toEqual([])
    const cleared = mark(marked, 'fc1', undefined)
    expect(chain(cleared)).toEqual(['in', 'fc1', 'sig int16 in*', 'sig*', 'q8', 'fc'])
    expect(analyzeGraph(cleared, CMSIS_NN).diagnostics.filter((d) => d.severity === 'error')).toEqual([])
  })
})
