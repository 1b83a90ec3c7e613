/** Read-only questions about a graph's structure (no shapes, no operators). */
import type { Edge, Graph, GraphNode } from './types.ts'

export function nodeById(graph: Graph, id: string): GraphNode | undefined {
  return graph.nodes.find((n) => n.id === id)
}

/** Edges into `nodeId`, ordered by port. */
export function incomingEdges(graph: Graph, nodeId: string): Edge[] {
  return graph.edges.filter((e) => e.target === nodeId).sort((a, b) => a.targetPort - b.targetPort)
}

/** Data inputs of every node (source node ids), in port order. */
export function inputSources(graph: Graph): Map<string, string[]> {
  const sources = new Map<string, string[]>()
  for (const e of [...graph.edges].sort((a, b) => a.targetPort - b.targetPort)) {
    sources.set(e.target, [...(sources.get(e.target) ?? []), e.source])
  }
  return sources
}

export function outgoingEdges(graph: Graph, nodeId: string): Edge[] {
  return graph.edges.filter((e) => e.source === nodeId)
}

/** Nodes with no consumers: the graph's outputs, in node order. */
export function outputNodes(graph: Graph): GraphNode[] {
  const consumed = new Set(graph.edges.map((e) => e.source))
  return graph.nodes.filter((n) => !consumed.has(n.id))
}

/**
 * Topological execution order (Kahn's algorithm, ties broken by node order so it is deterministic).
 * `cyclic` holds the ids of nodes that sit on or behind a cycle.
 */
export function topologicalOrder(graph: Graph): { order: string[]; cyclic: string[] } {
  const indegree = new Map<string, number>()
  const successors = new Map<string, string[]>()
  for (const n of graph.nodes) { indegree.set(n.id, 0); successors.set(n.id, []) }
  for (const e of graph.edges) {
    if (!indegree.has(e.source) || !indegree.has(e.target)) continue
    indegree.set(e.target, indegree.get(e.target)! + 1)
    successors.get(e.source)!.push(e.target)
  }
  const position = new Map(graph.nodes.map((n, i) => [n.id, i]))
  const ready = graph.nodes.filter((n) => indegree.get(n.id) === 0).map((n) => n.id)
  const order: string[] = []
  while (ready.length > 0) {
    ready.sort((a, b) => position.get(a)! - position.get(b)!)
    const id = ready.shift()!
    order.push(id)
    for (const s of successors.get(id)!) {
      const d = indegree.get(s)! - 1
      indegree.set(s, d)
      if (d === 0) ready.push(s)
    }
  }
  const done = new Set(order)
  return { order, cyclic: graph.nodes.filter((n) => !done.has(n.id)).map((n) => n.id) }
}

/** True when adding an edge source → target would close a cycle (target already reaches source). */
export function wouldCreateCycle(graph: Graph, source: string, target: string): boolean {
  if (source === target) return true
  const stack = [target]
  const seen = new Set<string>()
  while (stack.length > 0) {
    const id = stack.pop()!
    if (id === source) return true
    if (seen.has(id)) continue
    seen.add(id)
    for (const e of graph.edges) if (e.source === id) stack.push(e.target)
  }
  return false
}

/** A fresh id with the given prefix that no node or edge uses yet. */
export function freshId(graph: Graph, prefix: string): string {
  const used = new Set([...graph.nodes.map((n) => n.id), ...graph.edges.map((e) => e.id)])
  let i = 1
  while (used.has(`${prefix}${i}`)) i++
  return `${prefix}${i}`
}
