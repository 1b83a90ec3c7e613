/**
 * Float Sigmoid / Tanh after import. Their kernels are int16 only (TFLite's 16x8 LOGISTIC / TANH, CMSIS-NN
 * arm_nn_activation_s16; ops/s16-activation.ts says why there is no int8 form), so in a float model — an ONNX Sigmoid,
 * a float TFLite LOGISTIC — each one is kept at int16 as a minimal island: a Quantize int8 → int16 before it (unless its
 * input is int16 already) and one Quantize int16 → int8 after it feeding every consumer that is not itself int16-only or
 * marked int16, or ending the graph (the C package's I/O is int8). A consumer with an int16 form (FullyConnected) thus
 * stays int8 unless the user marks it. The Quantize nodes carry `source.op` INT16_BOUNDARY, as the inspector's
 * (analysis/precision-changes.ts). The graph then validates and quantizes with those layers in the 16x8 scheme; the report entry says so.
 * Integer models are left as the file has them (their int16 tensors carry the scheme already).
 */
import { analyzeGraph } from '../../analysis/analyze-graph.ts'
import { INT16_BOUNDARY } from '../../analysis/precision-changes.ts'
import { applyChanges } from '../../ir/changes.ts'
import type { GraphChange } from '../../ir/changes.ts'
import type { Graph, GraphNode } from '../../ir/types.ts'
import { getOp } from '../../ops/registry.ts'
import type { ImportEntry } from './import-types.ts'

const int16Only = (op: string) => {
  const def = getOp(op)
  return def !== undefined && def.dtypes.length > 0 && def.dtypes.every((c) => c.output === 'int16' && c.input === 'int16')
}

export function keepS16ActivationsAtInt16(graph: Graph, entries: ImportEntry[]): Graph {
  let g = graph
  for (const id of graph.nodes.filter((n) => int16Only(n.op) && !n.quant).map((n) => n.id)) {
    const analysis = analyzeGraph(g)
    const node = g.nodes.find((n) => n.id === id)!
    const byId = new Map(g.nodes.map((n) => [n.id, n]))
    const changes: GraphChange[] = []
    const added: GraphNode[] = []
    const quantize = (qid: string, name: string, toInt16: boolean) => {
      const q: GraphNode = { id: qid, op: 'Quantize', name, attrs: {}, position: { x: node.position.x, y: node.position.y + (toInt16 ? -60 : 60) },
        ...(toInt16 ? { activations: 'int16' as const } : {}), source: { format: 'tinyforge', op: INT16_BOUNDARY } }
      added.push(q)
      changes.push({ type: 'addNode', node: q })
      return qid
    }
    for (const e of g.edges.filter((x) => x.target === id)) {
      if (analysis.nodes.get(e.source)?.output?.dtype === 'int16') continue
      const q = quantize(`${id}_to16_${e.targetPort}`, `${node.name} int16 in`, true)
      changes.push({ type: 'removeEdge', id: e.id }, { type: 'addEdge', edge: { id: `${e.id}_to16`, source: e.source, target: q, targetPort: 0 } },
        { type: 'addEdge', edge: { id: `${e.id}_16`, source: q, target: id, targetPort: e.targetPort } })
    }
    const outs = g.edges.filter((x) => x.source === id && !int16Only(byId.get(x.target)!.op) && byId.get(x.target)!.activations !== 'int16')
    if (outs.length > 0 || !g.edges.some((x) => x.source === id)) {
      const q = quantize(`${id}_to8`, `${node.name} int8 out`, false)
      changes.push({ type: 'addEdge', edge: { id: `${id}-${q}-0`, source: id, target: q, targetPort: 0 } })
      for (const e of outs) changes.push({ type: 'removeEdge', id: e.id }, { type: 'addEdge', edge: { ...e, id: `${e.id}_8`, source: q } })
    }
    if (added.length === 0) continue
    g = applyChanges(g, changes).graph
    const entry = entries.find((e) => e.becameNodes.includes(id))
    if (!entry) continue
    entry.becameNodes.push(...added.map((n) => n.id))
    entry.irOps.push(...added.map((n) => n.op))
    entry.reason = `${node.op} has int16 kernels only (16x8 scheme, arm_nn_activation_s16): kept at int16 between Quantize nodes ` +
      `(${added.map((n) => n.name).join(', ')})`
  }
  return g
}
