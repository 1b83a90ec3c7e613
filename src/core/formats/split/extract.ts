/**
 * Subgraph extraction for split computing: graph + cut → the head (what the device runs) and the tail (what the tier
 * runs), both ordinary quantized graphs the existing generators export unchanged.
 *
 * - head: nodes order[0..k] and the edges between them. Each crossing tensor must be a head output; one that a later
 *   head node also reads gets a pass-through Reshape (same shape and quantization, aliased, 0 cycles) so the C
 *   package returns it.
 * - tail: the remaining nodes, plus one Input per crossing tensor that takes the producer's id and name, the tensor's
 *   shape and its int8 quantization (mean 0, scale 1: its "raw" value is the real value, so the int8 engine and the
 *   QDQ model read the codes as they are). Edges out of the producer therefore feed the tail unchanged.
 * Running the head and feeding its outputs to the tail's Inputs computes exactly the whole graph's int8 result.
 */
import type { Edge, Graph, GraphNode } from '../../ir/types.ts'
import type { Cut } from './cuts.ts'

export class SplitError extends Error {}

export interface SplitGraphs {
  head: Graph
  tail: Graph
  /** Per crossing tensor (cut order): the producing node, the head node whose output carries it, the tail Input id. */
  links: { producer: string; headOutput: string; tailInput: string }[]
}

/** Splits `graph` at `cut` (a legal, not all-on-device cut of cutTable(graph, …)). */
export function extractSplit(graph: Graph, order: readonly string[], cut: Cut): SplitGraphs {
  if (cut.illegal) throw new SplitError(`cannot split after '${cut.afterName}': ${cut.illegal}`)
  if (cut.onDevice) throw new SplitError(`cannot split after '${cut.afterName}': it is the last node, nothing is left to run remotely`)
  const headIds = new Set(order.slice(0, cut.index + 1))
  const byId = new Map(graph.nodes.map((n) => [n.id, n]))
  const taken = new Set(graph.nodes.map((n) => n.id))
  const headNodes: GraphNode[] = graph.nodes.filter((n) => headIds.has(n.id))
  const headEdges: Edge[] = graph.edges.filter((e) => headIds.has(e.source) && headIds.has(e.target))
  const tailInputs: GraphNode[] = []
  const links: SplitGraphs['links'] = []
  for (const t of cut.tensors) {
    const producer = byId.get(t.node)
    if (!producer?.quant?.output) throw new SplitError(`cannot split after '${cut.afterName}': tensor '${t.name}' is not quantized`)
    const readInHead = headEdges.some((e) => e.source === t.node)
    let headOutput = t.node
    if (readInHead) {
      let id = `${t.node}_split_out`
      for (let i = 2; taken.has(id); i++) id = `${t.node}_split_out${i}`
      taken.add(id)
      headOutput = id
      headNodes.push({ id, op: 'Reshape', name: `${producer.name}/split_out`, attrs: { shape: t.shape.slice(1) },
        position: { x: producer.position.x + 40, y: producer.position.y + 40 }, quant: { output: clone(producer.quant.output) } })
      headEdges.push({ id: `${t.node}->${id}`, source: t.node, target: id, targetPort: 0 })
    }
    tailInputs.push({ id: t.node, op: 'Input', name: producer.name, attrs: { shape: t.shape.slice(1), mean: [0], scale: 1 },
      position: producer.position, quant: { output: clone(producer.quant.output) },
      source: { format: 'split', op: producer.op, name: producer.name } })
    links.push({ producer: t.node, headOutput, tailInput: t.node })
  }
  const remote = graph.nodes.filter((n) => !headIds.has(n.id))
  const remoteIds = new Set(remote.map((n) => n.id))
  const tailIds = new Set([...tailInputs.map((n) => n.id), ...remoteIds])
  // Edges into the remote nodes only: an edge between two head nodes that both cross stays in the head.
  const tailEdges = graph.edges.filter((e) => remoteIds.has(e.target) && tailIds.has(e.source))
  const tailNodes = [...tailInputs, ...remote]
  return {
    head: { nodes: headNodes, edges: headEdges, seed: graph.seed },
    tail: { nodes: tailNodes, edges: tailEdges, seed: graph.seed },
    links,
  }
}

function clone<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T
}
