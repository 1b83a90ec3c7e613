/**
 * Edits are data. `applyChanges(graph, changes)` is pure: it returns the new graph and the inverse
 * changes, such that `applyChanges(result.graph, result.inverse).graph` deep-equals `graph`.
 * Canvas, menus, shortcuts, CLI, importers and tests all edit through this one function; undo/redo
 * replays inverses.
 *
 * Contract: a change that refers to an unknown id, or adds a duplicate id, is a programming error and
 * throws (the UI validates user intent before building changes). Removing a node also removes its edges;
 * the inverse restores them at their original positions.
 */
import type { Edge, Graph, GraphNode } from './types.ts'

type NodeFields = Pick<GraphNode, 'name' | 'attrs' | 'position' | 'weights' | 'quant' | 'op' | 'source' | 'precision' | 'activations'>

export type GraphChange =
  | { type: 'addNode'; node: GraphNode; index?: number }
  | { type: 'removeNode'; id: string }
  /** Replaces the listed fields whole (a key present with value undefined clears the field). */
  | { type: 'updateNode'; id: string; set: Partial<NodeFields> }
  | { type: 'addEdge'; edge: Edge; index?: number }
  | { type: 'removeEdge'; id: string }
  | { type: 'setSeed'; seed: number }

export interface ApplyResult {
  graph: Graph
  inverse: GraphChange[]
}

export class GraphChangeError extends Error {}

export function applyChanges(graph: Graph, changes: readonly GraphChange[]): ApplyResult {
  let g = graph
  const inverses: GraphChange[][] = []
  for (const change of changes) {
    const r = applyOne(g, change)
    g = r.graph
    inverses.push(r.inverse)
  }
  return { graph: g, inverse: inverses.reverse().flat() }
}

function applyOne(g: Graph, c: GraphChange): ApplyResult {
  switch (c.type) {
    case 'addNode': {
      if (g.nodes.some((n) => n.id === c.node.id)) throw new GraphChangeError(`node id '${c.node.id}' already exists`)
      const index = clampIndex(c.index, g.nodes.length)
      const nodes = [...g.nodes.slice(0, index), c.node, ...g.nodes.slice(index)]
      return { graph: { ...g, nodes }, inverse: [{ type: 'removeNode', id: c.node.id }] }
    }
    case 'removeNode': {
      const index = indexOrThrow(g.nodes, c.id, 'node')
      const node = g.nodes[index]
      const removedEdges: GraphChange[] = []
      g.edges.forEach((e, i) => {
        if (e.source === c.id || e.target === c.id) removedEdges.push({ type: 'addEdge', edge: e, index: i })
      })
      const nodes = g.nodes.filter((n) => n.id !== c.id)
      const edges = g.edges.filter((e) => e.source !== c.id && e.target !== c.id)
      // Restore the node first, then its edges in ascending original index so each lands where it was.
      return { graph: { ...g, nodes, edges }, inverse: [{ type: 'addNode', node, index }, ...removedEdges] }
    }
    case 'updateNode': {
      const index = indexOrThrow(g.nodes, c.id, 'node')
      const node = g.nodes[index]
      const previous: Partial<NodeFields> = {}
      const next: Record<string, unknown> = { ...node }
      for (const key of Object.keys(c.set) as (keyof NodeFields)[]) {
        ;(previous as Record<string, unknown>)[key] = node[key]
        const value = c.set[key]
        if (value === undefined) delete next[key]
        else next[key] = value
      }
      const nodes = g.nodes.slice()
      nodes[index] = next as unknown as GraphNode
      return { graph: { ...g, nodes }, inverse: [{ type: 'updateNode', id: c.id, set: previous }] }
    }
    case 'addEdge': {
      const e = c.edge
      if (g.edges.some((x) => x.id === e.id)) throw new GraphChangeError(`edge id '${e.id}' already exists`)
      indexOrThrow(g.nodes, e.source, 'node')
      indexOrThrow(g.nodes, e.target, 'node')
      const index = clampIndex(c.index, g.edges.length)
      const edges = [...g.edges.slice(0, index), e, ...g.edges.slice(index)]
      return { graph: { ...g, edges }, inverse: [{ type: 'removeEdge', id: e.id }] }
    }
    case 'removeEdge': {
      const index = indexOrThrow(g.edges, c.id, 'edge')
      const edge = g.edges[index]
      const edges = g.edges.filter((e) => e.id !== c.id)
      return { graph: { ...g, edges }, inverse: [{ type: 'addEdge', edge, index }] }
    }
    case 'setSeed':
      return { graph: { ...g, seed: c.seed }, inverse: [{ type: 'setSeed', seed: g.seed }] }
  }
}

function clampIndex(index: number | undefined, length: number): number {
  if (index === undefined) return length
  return Math.max(0, Math.min(length, index))
}

function indexOrThrow(items: readonly { id: string }[], id: string, what: string): number {
  const i = items.findIndex((x) => x.id === id)
  if (i < 0) throw new GraphChangeError(`unknown ${what} id '${id}'`)
  return i
}
