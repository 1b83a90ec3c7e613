import { describe, expect, it } from 'vitest'
import type { Graph } from '../../core/ir/types.ts'
import { connectionVerdict, wireEnds } from './connection-verdict.ts'
import { portOfHandle } from './flow-elements.ts'

describe('wireEnds', () => {
  it('orders the ends output → input whichever handle the drag started from', () => {
    const out = { nodeId: 'a', id: 'out', type: 'source' as const }
    const inp = { nodeId: 'b', id: 'in-1', type: 'target' as const }
    expect(wireEnds(out, inp, portOfHandle)).toEqual({ source: 'a', target: 'b', port: 1 })
    expect(wireEnds(inp, out, portOfHandle)).toEqual({ source: 'a', target: 'b', port: 1 })
  })
  it('explains why two outputs or two inputs cannot be joined', () => {
    expect(wireEnds({ nodeId: 'a', id: 'out', type: 'source' }, { nodeId: 'b', id: 'out', type: 'source' }, portOfHandle))
      .toBe('join an output to an input, not two outputs')
    expect(wireEnds({ nodeId: 'a', id: 'in-0', type: 'target' }, { nodeId: 'b', id: 'in-0', type: 'target' }, portOfHandle))
      .toBe('join an output to an input, not two inputs')
  })
})

describe('connectionVerdict', () => {
  const graph: Graph = {
    seed: 1,
    nodes: [
      { id: 'in', op: 'Input', name: 'in', attrs: { shape: [4, 4, 1] }, position: { x: 0, y: 0 } },
      { id: 'r', op: 'ReLU', name: 'r', attrs: {}, position: { x: 0, y: 0 } },
    ],
    edges: [{ id: 'e1', source: 'in', target: 'r', targetPort: 0 }],
  }
  it('answers from the cache for the same graph and recomputes after an edit', () => {
    const first = connectionVerdict(graph, 'cmsis-nn', 'r', 'in', 0)
    expect(first).toEqual({ ok: false, reason: 'this connection would create a cycle' })
    expect(connectionVerdict(graph, 'cmsis-nn', 'r', 'in', 0)).toBe(first)
    const edited: Graph = { ...graph, edges: [] }
    expect(connectionVerdict(edited, 'cmsis-nn', 'in', 'r', 0).ok).toBe(true)
  })
})
