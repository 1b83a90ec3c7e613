/**
 * Automatic top-to-bottom layout of a graph with dagre. Returns `updateNode` position changes (only for
 * nodes that move), so it applies — and undoes — through `applyChanges` like any other edit.
 * Deterministic: the same graph (node and edge order included) always gives the same positions.
 * Positions are the top-left corners of NODE_WIDTH × NODE_HEIGHT boxes, rounded to whole pixels, with
 * the layout's top-left box at (0, 0). Producers feeding one node sit left to right in input-port order
 * when they share a rank (dagre ordering constraints), so wires do not cross at the consumer.
 */
import dagre from '@dagrejs/dagre'
import type { GraphChange } from '../ir/changes.ts'
import type { Graph } from '../ir/types.ts'

export const NODE_WIDTH = 220
export const NODE_HEIGHT = 90
/** Horizontal gap between boxes of one rank and vertical gap between ranks. */
export const NODE_GAP = 40
export const RANK_GAP = 50

export function autoLayout(graph: Graph): GraphChange[] {
  if (graph.nodes.length === 0) return []
  const g = new dagre.graphlib.Graph({ multigraph: true })
  g.setGraph({ rankdir: 'TB', nodesep: NODE_GAP, ranksep: RANK_GAP, marginx: 0, marginy: 0 })
  g.setDefaultEdgeLabel(() => ({}))
  for (const node of graph.nodes) g.setNode(node.id, { width: NODE_WIDTH, height: NODE_HEIGHT })
  for (const edge of graph.edges) {
    if (g.hasNode(edge.source) && g.hasNode(edge.target)) g.setEdge(edge.source, edge.target, {}, edge.id)
  }
  dagre.layout(g, { constraints: portOrderConstraints(graph) })

  const placed = graph.nodes.map((node) => {
    const { x, y } = g.node(node.id) as { x: number; y: number }
    return { node, x: x - NODE_WIDTH / 2, y: y - NODE_HEIGHT / 2 }
  })
  const minX = placed.reduce((m, p) => Math.min(m, p.x), Infinity)
  const minY = placed.reduce((m, p) => Math.min(m, p.y), Infinity)
  const changes: GraphChange[] = []
  for (const { node, x, y } of placed) {
    const position = { x: Math.round(x - minX), y: Math.round(y - minY) }
    if (position.x === node.position.x && position.y === node.position.y) continue
    changes.push({ type: 'updateNode', id: node.id, set: { position } })
  }
  return changes
}

/** For every node with several producers: producer of port i left of producer of port i + 1. */
function portOrderConstraints(graph: Graph): { left: string; right: string }[] {
  const byTarget = new Map<string, { port: number; source: string }[]>()
  const ids = new Set(graph.nodes.map((n) => n.id))
  for (const e of graph.edges) {
    if (!ids.has(e.source) || !ids.has(e.target)) continue
    const list = byTarget.get(e.target) ?? []
    list.push({ port: e.targetPort, source: e.source })
    byTarget.set(e.target, list)
  }
  const seen = new Set<string>()
  const constraints: { left: string; right: string }[] = []
  for (const inputs of byTarget.values()) {
    inputs.sort((a, b) => a.port - b.port)
    for (let i = 1; i < inputs.length; i++) {
      const left = inputs[i - 1].source
      const right = inputs[i].source
      const key = `${left}\u0000${right}`
      if (left === right || seen.has(key)) continue
      seen.add(key)
      constraints.push({ left, right })
    }
  }
  return constraints
}
