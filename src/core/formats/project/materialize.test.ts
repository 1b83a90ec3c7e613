import { describe, expect, it } from 'vitest'
import type { ProjectDoc } from '../../ir/project.ts'
import { seededTensor } from '../../ir/seeded-init.ts'
import type { GraphNode, Tensor } from '../../ir/types.ts'
import { materializeSeededWeights, parseProject, serializeProject } from './index.ts'

const at = { x: 0, y: 0 }

function doc(fcWeights?: Record<string, Tensor>, extra: GraphNode[] = []): ProjectDoc {
  return {
    name: 'm', library: 'cmsis-nn', targets: [],
    graph: {
      seed: 3,
      nodes: [
        { id: 'in', op: 'Input', name: 'in', attrs: { shape: [4], mean: [0], scale: 1 }, position: at },
        { id: 'fc', op: 'FullyConnected', name: 'fc', attrs: { units: 2, useBias: true, activation: 'none' }, position: at,
          ...(fcWeights ? { weights: fcWeights } : {}) },
        ...extra,
      ],
      edges: [{ id: 'e1', source: 'in', target: 'fc', targetPort: 0 }],
    },
  }
}

describe('materializeSeededWeights', () => {
  it('stores the seeded tensors a layer runs with', () => {
    const out = materializeSeededWeights(doc())
    const w = out.graph.nodes[1].weights!
    expect(Object.keys(w)).toEqual(['weights', 'bias'])
    expect(w.weights).toEqual(seededTensor(3, 'fc', 'weights', [2, 4], 4, 'he-uniform', 2))
    expect(w.bias).toEqual(seededTensor(3, 'fc', 'bias', [2], 4, 'zeros', 2))
    expect(out.graph.nodes[0].weights).toBeUndefined()
  })

  it('keeps stored tensors of the right shape, replaces stale seeded ones, keeps wrong-shaped imports', () => {
    const trained: Tensor = { dtype: 'float32', shape: [2, 4], data: new Float32Array(8).fill(0.5), origin: 'trained' }
    const staleBias: Tensor = { dtype: 'float32', shape: [3], data: new Float32Array(3).fill(9), origin: 'seeded' }
    const out = materializeSeededWeights(doc({ weights: trained, bias: staleBias }))
    expect(out.graph.nodes[1].weights!.weights).toBe(trained)
    expect(out.graph.nodes[1].weights!.bias).toEqual(seededTensor(3, 'fc', 'bias', [2], 4, 'zeros', 2))

    const wrongImport: Tensor = { dtype: 'float32', shape: [5, 4], data: new Float32Array(20), origin: 'imported' }
    const kept = materializeSeededWeights(doc({ weights: wrongImport }))
    expect(kept.graph.nodes[1].weights!.weights).toBe(wrongImport)
  })

  it('returns the same doc when every tensor is already stored, and leaves unknown or unconnected ops alone', () => {
    const once = materializeSeededWeights(doc())
    expect(materializeSeededWeights(once)).toBe(once)
    const orphan: GraphNode = { id: 'c', op: 'Conv2D', name: 'c', attrs: {}, position: at }
    const alien: GraphNode = { id: 'x', op: 'Alien', name: 'x', attrs: {}, position: at }
    const out = materializeSeededWeights(doc(undefined, [orphan, alien]))
    expect(out.graph.nodes[2]).toBe(orphan)
    expect(out.graph.nodes[3]).toBe(alien)
  })

  it('serializeProject materializes by default; the file then carries origin "seeded" tensors', () => {
    const back = parseProject(serializeProject(doc()))
    expect(back).toEqual(materializeSeededWeights(doc()))
    expect(back.graph.nodes[1].weights!.weights.origin).toBe('seeded')
    expect(parseProject(serializeProject(doc(), { materializeWeights: (d) => d })).graph.nodes[1].weights).toBeUndefined()
  })
})
