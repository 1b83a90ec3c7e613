/**
 * Keeping a layer at 16 bits as ONE edit: `precisionChanges(graph, nodeId, 'int16')` marks the node int16 and inserts a
 * Quantize (int8 → int16) before it for every int8 producer, and a Quantize (int16 → int8) after it for every consumer
 * that is not marked int16 itself and does not take an int16 input as it is (takesInt16Unmarked), or after it when it is
 * a graph output;
 * `precisionChanges(graph, nodeId, undefined)` clears the mark and removes the Quantize nodes that marking inserted (`source.op` INT16_BOUNDARY), reconnecting their edges. The result is a list of
 * GraphChange (one undo step). Conversions stay explicit nodes, so the graph, the engines, the planner and the C package
 * all see them (ops/activation-dtype.ts).
 */
import type { GraphChange } from '../ir/changes.ts'
import type { Edge, Graph, GraphNode } from '../ir/types.ts'
import { getOp } from '../ops/registry.ts'
import { analyzeGraph } from './analyze-graph.ts'

/** `source.op` of the Quantize nodes marking inserts. */
export const INT16_BOUNDARY = 'int16 boundary'

function freshId(taken: Set<string>, base: string): string {
  let id = base
  for (let k = 2; taken.has(id); k++) id = `${base}_${k}`
  taken.add(id)
  return id
}

/**
 * Whether a consumer that is not marked int16 takes an int16 input as it is: an alias (Reshape, Flatten), an op with an
 * int16 → int8 form (Quantize) or with no int8 form at all (Sigmoid, Tanh). An int8 layer that merely has an int16 form
 * (Conv2D, FullyConnected, Add, …) would silently become int16 (ops/activation-dtype.ts), so it gets a Quantize instead.
 */
function takesInt16Unmarked(def: NonNullable<ReturnType<typeof getOp>>): boolean {
  if (!def.dtypes.some((c) => c.input === 'int16')) return false
  return Boolean(def.aliasesInput) || def.dtypes.some((c) => c.input === 'int16' && c.output === 'int8')
    || !def.dtypes.some((c) => c.input === 'int8' && c.output === 'int8')
}

export function precisionChanges(graph: Graph, nodeId: string, precision: 'int16' | undefined): GraphChange[] {
  const node = graph.nodes.find((n) => n.id === nodeId)
  if (!node) throw new Error(`unknown node id '${nodeId}'`)
  const changes: GraphChange[] = [{ type: 'updateNode', id: nodeId, set: { activations: precision } }]
  const byId = new Map(graph.nodes.map((n) => [n.id, n]))
  const isBoundary = (n: GraphNode | undefined) => n?.op === 'Quantize' && n.source?.op === INT16_BOUNDARY
  if (precision === undefined) {
    for (const e of graph.edges) {
      const before = e.target === nodeId && isBoundary(byId.get(e.source)) ? byId.get(e.source)! : undefined
      const after = e.source === nodeId && isBoundary(byId.get(e.target)) ? byId.get(e.target)! : undefined
      const q = before ?? after
      if (!q) continue
      const into = graph.edges.find((x) => x.target === q.id)
      changes.push({ type: 'removeNode', id: q.id })
      const outs = graph.edges.filter((x) => x.source === q.id)
      if (into) for (const o of outs) changes.push({ type: 'addEdge', edge: { ...o, id: `${o.id}_r`, source: into.source } })
    }
    return changes
  }
  if (node.activations === 'int16') return []
  if (node.precision?.weights === 'int4') {
    throw new Error(`${node.name} has int4 weights, and the _s16 kernels read int8 weights; set its weights back to int8 first`)
  }
  const analysis = analyzeGraph(graph)
  const taken = new Set(graph.nodes.map((n) => n.id))
  const edgeIds = new Set(graph.edges.map((e) => e.id))
  const quantizeNode = (id: string, name: string, at: GraphNode, toInt16: boolean): GraphNode => ({
    id, op: 'Quantize', name, attrs: {}, position: { x: at.position.x, y: at.position.y + (toInt16 ? -60 : 60) },
    ...(toInt16 ? { activations: 'int16' as const } : {}), source: { format: 'tinyforge', op: INT16_BOUNDARY },
  })
  const edge = (source: string, target: string, targetPort: number): Edge => ({
    id: freshId(edgeIds, `${source}-${target}-${targetPort}`), source, target, targetPort })
  for (const e of graph.edges.filter((x) => x.target === nodeId)) {
    if (analysis.nodes.get(e.source)?.output?.dtype === 'int16') continue
    const id = freshId(taken, `${nodeId}_to16_${e.targetPort}`)
    changes.push({ type: 'removeEdge', id: e.id },
      { type: 'addNode', node: quantizeNode(id, `${node.name} int16 in`, node, true) },
      { type: 'addEdge', edge: edge(e.source, id, 0) }, { type: 'addEdge', edge: edge(id, nodeId, e.targetPort) })
  }
  for (const e of graph.edges.filter((x) => x.source === nodeId)) {
    const consumer = byId.get(e.target)!
    const def = getOp(consumer.op)
    if (consumer.activations === 'int16' || !def || takesInt16Unmarked(def)) continue
    const id = freshId(taken, `${nodeId}_to8_${e.target}`)
    changes.push({ type: 'removeEdge', id: e.id },
      { type: 'addNode', node: quantizeNode(id, `${node.name} int8 out`, node, false) },
      { type: 'addEdge', edge: edge(nodeId, id, 0) }, { type: 'addEdge', edge: edge(id, e.target, e.targetPort) })
  }
  // A graph output (e.g. the final Softmax) ends with a Quantize back to int8: the C package's _invoke returns int8.
  if (!graph.edges.some((x) => x.source === nodeId)) {
    const id = freshId(taken, `${nodeId}_to8_out`)
    changes.push({ type: 'addNode', node: quantizeNode(id, `${node.name} int8 out`, node, false) },
      { type: 'addEdge', edge: edge(nodeId, id, 0) })
  }
  return changes
}
