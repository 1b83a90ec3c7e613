/**
 * Keeping a layer at 16 bits as ONE edit: `precisionChanges(graph, nodeId, 'int16')` marks the node int16 and inserts a
 * Quantize (int8 → int16) before it for every int8 producer, and a Quantize (int16 → int8) after it for every consumer
 * that does not take an int16 input as it is (takesInt16), or after it when it is a graph output;
 * `precisionChanges(graph, nodeId, undefined)` clears the mark and removes the Quantize nodes that marking inserted (`source.op` INT16_BOUNDARY), reconnecting their edges. The result is a list of
 * GraphChange (one undo step). Conversions stay explicit nodes, so the graph, the engines, the planner and the C package
 * all see them (ops/activation-dtype.ts).
 * Adjacent int16 layers share their int16 tensor: marking a node whose producer reaches it through a boundary int16 → int8
 * Quantize (the producer's "int8 out"), or whose consumer is a boundary int8 → int16 Quantize (the consumer's "int16 in"),
 * removes that Quantize and connects the two layers directly — no int16 → int8 → int16 double requantization. Clearing
 * the mark puts the boundaries back where a neighbour still needs them: a Quantize int16 → int8 after an int16 producer,
 * and a Quantize int8 → int16 before a consumer that is marked int16 or has int16 kernels only.
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
 * Whether consumer `n` takes an int16 input as it is: it is marked int16, or an op with an int16 → int8 form (Quantize)
 * or with no int8 form at all (Sigmoid, Tanh), or an alias (Reshape, Flatten) whose own consumers all do. An int8 layer
 * that merely has an int16 form (Conv2D, FullyConnected, Add, …) would silently become int16 (ops/activation-dtype.ts),
 * and so would one behind an alias, so it gets a Quantize instead; so does an alias ending the graph (outputs are int8).
 */
function takesInt16(graph: Graph, n: GraphNode): boolean {
  const def = getOp(n.op)
  if (n.activations === 'int16' || !def) return true
  if (!def.dtypes.some((c) => c.input === 'int16')) return false
  if (def.aliasesInput) {
    const next = graph.edges.filter((e) => e.source === n.id).map((e) => graph.nodes.find((x) => x.id === e.target)!)
    return next.length > 0 && next.every((m) => takesInt16(graph, m))
  }
  return def.dtypes.some((c) => c.input === 'int16' && c.output === 'int8') || !def.dtypes.some((c) => c.input === 'int8' && c.output === 'int8')
}

export function precisionChanges(graph: Graph, nodeId: string, precision: 'int16' | undefined): GraphChange[] {
  const node = graph.nodes.find((n) => n.id === nodeId)
  if (!node) throw new Error(`unknown node id '${nodeId}'`)
  const changes: GraphChange[] = [{ type: 'updateNode', id: nodeId, set: { activations: precision } }]
  const byId = new Map(graph.nodes.map((n) => [n.id, n]))
  const isBoundary = (n: GraphNode | undefined) => n?.op === 'Quantize' && n.source?.op === INT16_BOUNDARY
  const analysis = analyzeGraph(graph)
  const dtypeOf = (id: string) => analysis.nodes.get(id)?.output?.dtype
  const taken = new Set(graph.nodes.map((n) => n.id))
  const edgeIds = new Set(graph.edges.map((e) => e.id))
  const quantizeNode = (id: string, name: string, at: GraphNode, toInt16: boolean): GraphNode => ({
    id, op: 'Quantize', name, attrs: {}, position: { x: at.position.x, y: at.position.y + (toInt16 ? -60 : 60) },
    ...(toInt16 ? { activations: 'int16' as const } : {}), source: { format: 'tinyforge', op: INT16_BOUNDARY },
  })
  const edge = (source: string, target: string, targetPort: number): Edge => ({
    id: freshId(edgeIds, `${source}-${target}-${targetPort}`), source, target, targetPort })
  const insert = (e: Edge, at: GraphNode, toInt16: boolean) => {
    const id = freshId(taken, toInt16 ? `${at.id}_to16_${e.targetPort}` : `${at.id}_to8_${e.target}`)
    changes.push({ type: 'removeEdge', id: e.id },
      { type: 'addNode', node: quantizeNode(id, `${at.name} ${toInt16 ? 'int16 in' : 'int8 out'}`, at, toInt16) },
      { type: 'addEdge', edge: edge(e.source, id, 0) }, { type: 'addEdge', edge: edge(id, e.target, e.targetPort) })
  }
  /** Removes boundary Quantize `q`, connecting its input's producer to each of its consumers. */
  const bypass = (q: GraphNode) => {
    const into = graph.edges.find((x) => x.target === q.id)
    changes.push({ type: 'removeNode', id: q.id })
    if (into) for (const o of graph.edges.filter((x) => x.source === q.id)) changes.push({ type: 'addEdge', edge: edge(into.source, o.target, o.targetPort) })
  }
  if (precision === undefined) {
    for (const e of graph.edges.filter((x) => x.target === nodeId)) {
      const p = byId.get(e.source)!
      // This node's own "int16 in"; an int16 producer that fed it directly (an adjacent int16 layer, Sigmoid, Tanh) now
      // needs an "int8 out".
      if (isBoundary(p) && p.activations === 'int16') bypass(p)
      else if (dtypeOf(p.id) === 'int16') insert(e, p, false)
    }
    for (const e of graph.edges.filter((x) => x.source === nodeId)) {
      const c = byId.get(e.target)!
      if (isBoundary(c) && c.activations !== 'int16') bypass(c)
      else if (needsInt16(c)) insert(e, c, true)
    }
    return changes
  }
  if (node.activations === 'int16') return []
  if (node.precision?.weights === 'int4') {
    throw new Error(`${node.name} has int4 weights, and the _s16 kernels read int8 weights; set its weights back to int8 first`)
  }
  for (const e of graph.edges.filter((x) => x.target === nodeId)) {
    const p = byId.get(e.source)!
    if (dtypeOf(p.id) === 'int16') continue
    // An int16 producer's "int8 out" boundary: read the int16 tensor before it (and drop the boundary when this node
    // was its only reader).
    const pin = graph.edges.find((x) => x.target === p.id)
    if (isBoundary(p) && p.activations !== 'int16' && pin && dtypeOf(pin.source) === 'int16') {
      if (graph.edges.filter((x) => x.source === p.id).length === 1) bypass(p)
      else changes.push({ type: 'removeEdge', id: e.id }, { type: 'addEdge', edge: edge(pin.source, nodeId, e.targetPort) })
    } else {
      insert(e, node, true)
    }
  }
  for (const e of graph.edges.filter((x) => x.source === nodeId)) {
    const consumer = byId.get(e.target)!
    // An int16 consumer's "int16 in" boundary: feed it this node's int16 tensor directly.
    if (isBoundary(consumer) && consumer.activations === 'int16') bypass(consumer)
    else if (!takesInt16(graph, consumer)) insert(e, node, false)
  }
  // A graph output (e.g. the final Softmax) ends with a Quantize back to int8: the C package's _invoke returns int8.
  if (!graph.edges.some((x) => x.source === nodeId)) {
    const id = freshId(taken, `${nodeId}_to8_out`)
    changes.push({ type: 'addNode', node: quantizeNode(id, `${node.name} int8 out`, node, false) },
      { type: 'addEdge', edge: edge(nodeId, id, 0) })
  }
  return changes
}

/** Whether `n` cannot read an int8 tensor: it is marked int16 without an int8 → int16 form, or has int16 kernels only. */
function needsInt16(n: GraphNode): boolean {
  const def = getOp(n.op)
  if (!def) return false
  return n.activations === 'int16' ? !def.dtypes.some((d) => d.input === 'int8' && d.output === 'int16') : !def.dtypes.some((d) => d.input === 'int8')
}
