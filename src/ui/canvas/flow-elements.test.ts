import { describe, expect, it } from 'vitest'
import { analyzeGraph } from '../../core/analysis/analyze-graph.ts'
import type { Graph } from '../../core/ir/types.ts'
import { getLibrary } from '../../core/vendors/registry.ts'
import { buildCardData, portOfHandle, toFlowEdges, toFlowNodes } from './flow-elements.ts'

const graph: Graph = {
  seed: 1,
  nodes: [
    { id: 'in', op: 'Input', name: 'image', attrs: { shape: [8, 8, 2] }, position: { x: 0, y: 0 } },
    { id: 'pad', op: 'Pad', name: 'pad', attrs: {}, position: { x: 0, y: 140 } },
    { id: 'cat', op: 'Concat', name: 'cat', attrs: { inputs: 3 }, position: { x: 0, y: 280 } },
    { id: 'odd', op: 'GRU', name: 'gru', attrs: {}, position: { x: 260, y: 0 } },
  ],
  edges: [
    { id: 'e1', source: 'in', target: 'pad', targetPort: 0 },
    { id: 'e2', source: 'in', target: 'cat', targetPort: 0 },
    { id: 'e3', source: 'in', target: 'odd', targetPort: 2 },
  ],
}

describe('buildCardData', () => {
  const pow2 = getLibrary('pow2-q7')!
  const cards = buildCardData(graph, analyzeGraph(graph, pow2), pow2)

  it('describes a registered op with its shape and library support', () => {
    expect(cards.get('in')).toMatchObject({ opLabel: 'Input', category: 'input', shape: '1×8×8×2', inputs: 0, problems: [], severity: null })
    expect(cards.get('pad')).toMatchObject({ op: 'Pad', shape: '1×10×10×2', unsupportedBy: 'pow2-q7', severity: 'error' })
    expect(cards.get('pad')!.problems).toContain('pow2-q7 has no kernel for Pad')
  })

  it('gives one handle per data input and lists the missing ones as problems', () => {
    expect(cards.get('cat')).toMatchObject({ inputs: 3, shape: undefined, severity: 'error' })
    expect(cards.get('cat')!.problems).toEqual(['input 2 is not connected', 'input 3 is not connected'])
  })

  it('falls back to a generic card for an unknown op, with handles for every wired port', () => {
    expect(cards.get('odd')).toMatchObject({ opLabel: 'GRU', category: undefined, inputs: 3, severity: 'error' })
    const nodes = toFlowNodes(graph, cards, { selected: new Set(['odd']), dragPositions: { odd: { x: 1, y: 2 } }, sizes: {} })
    expect(nodes.map((n) => [n.id, n.type, n.selected, n.position])).toEqual([
      ['in', 'op', false, { x: 0, y: 0 }],
      ['pad', 'op', false, { x: 0, y: 140 }],
      ['cat', 'op', false, { x: 0, y: 280 }],
      ['odd', 'generic', true, { x: 1, y: 2 }],
    ])
  })
})

describe('edges and handles', () => {
  it('wires output handle to the numbered input handle and labels the wire with names and shape', () => {
    const edges = toFlowEdges(graph, analyzeGraph(graph), new Set(['e2']))
    expect(edges[1]).toMatchObject({
      id: 'e2', source: 'in', target: 'cat', sourceHandle: 'out', targetHandle: 'in-0', selected: true, ariaLabel: 'image to cat: 1×8×8×2',
    })
    expect(portOfHandle('in-2')).toBe(2)
    expect(portOfHandle('out')).toBeUndefined()
    expect(portOfHandle(null)).toBeUndefined()
  })
})
