/**
 * Decides whether the user may connect `source`'s output to input `targetPort` of `target`. A refused
 * connection carries the sentence shown at the cursor: a cycle, an occupied or missing port, a shape
 * mismatch, or a library constraint the result would violate.
 */
import { applyChanges } from '../ir/changes.ts'
import { freshId, wouldCreateCycle } from '../ir/graph-queries.ts'
import type { Edge, Graph } from '../ir/types.ts'
import type { VendorLibrary } from '../vendors/types.ts'
import { analyzeGraph } from './analyze-graph.ts'

export type ConnectionVerdict = { ok: true; edge: Edge } | { ok: false; reason: string }

/** Codes whose appearance on the target after connecting means the connection itself is wrong. */
const REFUSING_CODES = new Set(['shape', 'invalid', 'constraint', 'extra-input'])

export function checkConnection(
  graph: Graph, source: string, target: string, targetPort: number, library?: VendorLibrary,
): ConnectionVerdict {
  if (source === target) return { ok: false, reason: 'a node cannot feed itself' }
  if (!graph.nodes.some((n) => n.id === source) || !graph.nodes.some((n) => n.id === target)) {
    return { ok: false, reason: 'both ends must be nodes of the graph' }
  }
  if (graph.edges.some((e) => e.target === target && e.targetPort === targetPort)) {
    return { ok: false, reason: `input ${targetPort + 1} is already connected; remove that connection first` }
  }
  if (wouldCreateCycle(graph, source, target)) {
    return { ok: false, reason: 'this connection would create a cycle' }
  }
  const edge: Edge = { id: freshId(graph, 'e'), source, target, targetPort }
  const before = analyzeGraph(graph, library).byNode.get(target) ?? []
  const after = analyzeGraph(applyChanges(graph, [{ type: 'addEdge', edge }]).graph, library).byNode.get(target) ?? []
  const known = new Set(before.map((d) => `${d.code}:${d.message}`))
  const introduced = after.find((d) => d.severity === 'error' && REFUSING_CODES.has(d.code) && !known.has(`${d.code}:${d.message}`))
  if (introduced) return { ok: false, reason: introduced.message }
  return { ok: true, edge }
}
