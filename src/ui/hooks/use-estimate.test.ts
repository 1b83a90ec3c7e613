import { describe, expect, it } from 'vitest'
import { EMPTY_GRAPH } from '../../core/ir/types.ts'
import { CATALOG_TARGETS } from '../../core/targets/catalog.ts'
import type { Target } from '../../core/targets/types.ts'
import { TEMPLATES } from '../../core/templates/index.ts'
import { estimateOf } from './use-estimate.ts'

describe('estimateOf', () => {
  const graph = TEMPLATES[0].build().graph
  const targets = CATALOG_TARGETS.slice(0, 3)

  it('estimates once per graph, library and target list (by identity)', () => {
    const a = estimateOf(graph, 'cmsis-nn', targets)
    expect(a.error).toBeNull()
    expect(a.report?.targets.map((t) => t.id)).toEqual(targets.map((t) => t.id))
    expect(a.report?.memory.arenaBytes).toBe(7840)
    expect(estimateOf(graph, 'cmsis-nn', targets)).toBe(a)
    const b = estimateOf(graph, 'pow2-q7', targets)
    expect(b).not.toBe(a)
    expect(b.report?.library).toBe('pow2-q7')
  })

  it('estimates an empty graph and a graph with an unknown operator without failing', () => {
    expect(estimateOf(EMPTY_GRAPH, 'cmsis-nn', targets).report?.memory.buffers).toEqual([])
    const odd = { ...graph, nodes: graph.nodes.map((n) => (n.name === 'flatten' ? { ...n, op: 'CustomFlatten' } : n)) }
    const state = estimateOf(odd, 'cmsis-nn', targets)
    expect(state.error).toBeNull()
    expect(state.report?.complete).toBe(false)
    expect(state.report?.layers.filter((l) => !l.estimated).map((l) => l.name)).toEqual(['flatten', 'logits', 'probabilities'])
  })

  it('turns an estimator failure into one line instead of throwing', () => {
    const broken = { ...CATALOG_TARGETS[0], core: 'cortex-m9' } as unknown as Target
    const state = estimateOf(graph, 'cmsis-nn', [broken])
    expect(state.report).toBeNull()
    expect(state.error).toMatch(/\S/)
    expect(state.error).not.toContain('\n')
  })
})
