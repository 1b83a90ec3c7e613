/**
 * The execution order of a graph, and its outputs, with early exits (ops/exit.ts).
 *
 * Without Exit nodes the order is the plain topological order (ir/graph-queries.ts: Kahn, ties by node order).
 * With exits, each exit's head runs as early as possible: exits are ranked by the number of nodes they depend on
 * (their ancestors, the exit included; ties by topological position), and the order takes, exit by exit, the
 * not-yet-scheduled ancestors of that exit (in topological order), then everything else. So the work done before
 * exit k decides is exactly the union of the ancestors of exits 1..k: no node of the main path beyond an exit's tap
 * runs before that exit, and an inference that stops at exit k has run nothing it did not need.
 *
 * Outputs: the nodes nobody consumes, main outputs (non-Exit) first, then the exits in execution order — so output 0
 * stays the main classifier and the C package's OUTPUT0 keeps its meaning.
 */
import { topologicalOrder } from '../ir/graph-queries.ts'
import type { Graph } from '../ir/types.ts'

export const EXIT_OP = 'Exit'

/** Topological order with every exit's head scheduled as early as possible; `cyclic` as topologicalOrder's. */
export function executionOrder(graph: Graph): { order: string[]; cyclic: string[] } {
  const base = topologicalOrder(graph)
  const exits = base.order.filter((id) => graph.nodes.find((n) => n.id === id)?.op === EXIT_OP)
  if (exits.length === 0) return base
  const parents = new Map<string, string[]>()
  for (const e of graph.edges) parents.set(e.target, [...(parents.get(e.target) ?? []), e.source])
  const position = new Map(base.order.map((id, i) => [id, i]))
  const ancestors = (id: string): Set<string> => {
    const seen = new Set<string>()
    const stack = [id]
    while (stack.length > 0) {
      const n = stack.pop()!
      if (seen.has(n) || !position.has(n)) continue
      seen.add(n)
      stack.push(...(parents.get(n) ?? []))
    }
    return seen
  }
  const closures = exits.map((id) => ({ id, nodes: ancestors(id) }))
    .sort((a, b) => a.nodes.size - b.nodes.size || position.get(a.id)! - position.get(b.id)!)
  const placed = new Set<string>()
  const order: string[] = []
  const take = (ids: Iterable<string>) => {
    for (const id of [...ids].sort((a, b) => position.get(a)! - position.get(b)!)) {
      if (!placed.has(id)) { placed.add(id); order.push(id) }
    }
  }
  for (const c of closures) take(c.nodes)
  take(base.order)
  return { order, cyclic: base.cyclic }
}

/** The graph's outputs in `order` (the nodes nobody consumes): main outputs first, then the exits. */
export function graphOutputs(graph: Graph, order: readonly string[]): string[] {
  const consumed = new Set(graph.edges.map((e) => e.source))
  const opOf = new Map(graph.nodes.map((n) => [n.id, n.op]))
  const sinks = order.filter((id) => !consumed.has(id))
  return [...sinks.filter((id) => opOf.get(id) !== EXIT_OP), ...sinks.filter((id) => opOf.get(id) === EXIT_OP)]
}

/** Exit node ids in execution order. */
export function exitIds(graph: Graph, order: readonly string[]): string[] {
  const opOf = new Map(graph.nodes.map((n) => [n.id, n.op]))
  return order.filter((id) => opOf.get(id) === EXIT_OP)
}
