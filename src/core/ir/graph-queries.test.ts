import { describe, expect, it } from 'vitest'
import { freshId, incomingEdges, outputNodes, topologicalOrder, wouldCreateCycle } from './graph-queries.ts'
import type { Graph } from './types.ts'

const n = (id: string) => ({ id, op: 'ReLU', name: id, attrs: {}, position: { x: 0, y: 0 } })
// Diamond: a → b → d, a → c → d, listed out of execution order.
const diamond: Graph = {
  seed: 1,
  nodes: [n('d'), n('c'), n('b'), n('a')],
  edges: [
    { id: 'e1', source: 'a', target: 'b', targetPort: 0 },
    { id: 'e2', source: 'a', target: 'c', targetPort: 0 },
    { id: 'e3', source: 'c', target: 'd', targetPort: 1 },
    { id: 'e4', source: 'b', target: 'd', targetPort: 0 },
  ],
}

describe('graph queries', () => {
  it('orders topologically with ties broken by node order', () => {
    expect(topologicalOrder(diamond)).toEqual({ order: ['a', 'c', 'b', 'd'], cyclic: [] })
  })

  it('reports nodes on a cycle', () => {
    const g: Graph = { ...diamond, edges: [...diamond.edges, { id: 'e5', source: 'd', target: 'a', targetPort: 0 }] }
    expect(topologicalOrder(g)).toEqual({ order: [], cyclic: ['d', 'c', 'b', 'a'] })
  })

  it('detects a connection that would close a cycle', () => {
    expect(wouldCreateCycle(diamond, 'd', 'a')).toBe(true)
    expect(wouldCreateCycle(diamond, 'b', 'b')).toBe(true)
    expect(wouldCreateCycle(diamond, 'b', 'c')).toBe(false)
  })

  it('lists incoming edges by port and outputs', () => {
    expect(incomingEdges(diamond, 'd').map((e) => e.id)).toEqual(['e4', 'e3'])
    expect(outputNodes(diamond).map((x) => x.id)).toEqual(['d'])
  })

  it('makes fresh ids unused by nodes and edges', () => {
    expect(freshId(diamond, 'e')).toBe('e5')
    expect(freshId(diamond, 'n')).toBe('n1')
  })
})
