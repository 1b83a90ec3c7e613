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

  it('estimates with the library\'s kernels by default, and again when the runtime changes', () => {
    const byDefault = estimateOf(graph, 'cmsis-nn', targets)
    expect(byDefault.report?.runtime).toBe('cmsis-nn')
    expect(estimateOf(graph, 'cmsis-nn', targets, 'cmsis-nn')).toBe(byDefault)
    const portable = estimateOf(graph, 'cmsis-nn', targets, 'portable')
    expect(portable).not.toBe(byDefault)
    expect(portable.report?.runtime).toBe('portable')
    // NUCLEO-F446RE (Cortex-M4): the portable package's code is smaller and its latency scaled from the CMSIS-NN fit.
    const l4 = (s: typeof portable) => s.report?.targets.find((t) => t.id === 'nucleo-f446re')
    expect(l4(byDefault)?.figures.latency.source).toBe('fit')
    expect(l4(portable)?.figures.latency.source).toBe('scaled')
    expect([l4(byDefault)?.flashBytes, l4(portable)?.flashBytes]).toEqual([24602, 14796])
    expect([l4(byDefault)?.ramBytes, l4(portable)?.ramBytes]).toEqual([8128, 8132])
    expect(l4(portable)?.ram).toMatchObject({ arenaBytes: 7840, scratchBytes: 288, overheadBytes: 4 })
    expect(estimateOf(graph, 'pow2-q7', targets).report?.runtime).toBe('portable')
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
