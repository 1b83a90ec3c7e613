/**
 * The ONNX graph as the mapper needs it: constants (initializers and Constant nodes) decoded, data inputs
 * separated from weights, nodes in a verified topological order, and a consumer count per value.
 * A node reading a value that nothing defines, or a dependency loop, is an ImportError naming the node.
 */
import { ImportError, checkTensorShape } from '../import/import-error.ts'
import type { OnnxConst, OnnxGraphProto, OnnxModelProto, OnnxNodeProto, OnnxValueInfo } from './onnx-proto.ts'
import { tensorValues } from './onnx-proto.ts'

export interface OnnxGraph {
  model: OnnxModelProto
  graph: OnnxGraphProto
  /** Default-domain opset version (1 when absent). */
  opset: number
  consts: Map<string, OnnxConst>
  /** Graph inputs that are not initializers, with their declared dims (symbolic dims as strings). */
  dataInputs: { name: string; dims: (number | string)[]; elemType: number }[]
  /** Nodes in execution order. */
  nodes: OnnxNodeProto[]
  /** Number of node inputs plus graph outputs reading each value. */
  consumers: Map<string, number>
  /** Nodes reading each value (in execution order). */
  readers: Map<string, OnnxNodeProto[]>
  outputs: Set<string>
  /** Declared dims of values (graph inputs/outputs, value_info), when given. */
  declared: Map<string, (number | string)[]>
}

export function nodeLabel(n: OnnxNodeProto): string {
  return `${n.op_type ?? '?'} '${n.name || (n.output ?? [])[0] || '?'}'`
}

function declaredDims(v: OnnxValueInfo): (number | string)[] | undefined {
  const dims = v.type?.tensor_type?.shape?.dim
  if (!dims) return undefined
  return dims.map((d) => d.dim_value ?? d.dim_param ?? '?')
}

export function prepareOnnxGraph(model: OnnxModelProto): OnnxGraph {
  const graph = model.graph
  if (!graph || (graph.node ?? []).length === 0) {
    throw new ImportError('no-graph', 'the ONNX model has no graph nodes to import')
  }
  const defaultOpset = (model.opset_import ?? []).find((o) => !o.domain || o.domain === 'ai.onnx')
  const opset = defaultOpset?.version ?? 1

  const consts = new Map<string, OnnxConst>()
  for (const t of graph.initializer ?? []) {
    const name = t.name ?? ''
    consts.set(name, tensorValues(t, `initializer '${name}'`))
  }
  const declared = new Map<string, (number | string)[]>()
  for (const v of [...(graph.input ?? []), ...(graph.output ?? []), ...(graph.value_info ?? [])]) {
    const dims = declaredDims(v)
    if (dims) declared.set(v.name, dims)
  }
  const dataInputs: OnnxGraph['dataInputs'] = []
  for (const v of graph.input ?? []) {
    if (consts.has(v.name)) continue
    const dims = declared.get(v.name) ?? []
    checkTensorShape(`input '${v.name}'`, dims.map((d) => (typeof d === 'number' ? d : 1)))
    dataInputs.push({ name: v.name, dims, elemType: v.type?.tensor_type?.elem_type ?? 0 })
  }

  const nodes = topologicalNodes(graph.node ?? [], new Set([...consts.keys(), ...dataInputs.map((d) => d.name)]))
  const consumers = new Map<string, number>()
  const readers = new Map<string, OnnxNodeProto[]>()
  for (const n of nodes) {
    for (const name of n.input ?? []) {
      if (!name) continue
      consumers.set(name, (consumers.get(name) ?? 0) + 1)
      const list = readers.get(name)
      if (list) list.push(n)
      else readers.set(name, [n])
    }
  }
  const outputs = new Set((graph.output ?? []).map((v) => v.name))
  for (const name of outputs) {
    consumers.set(name, (consumers.get(name) ?? 0) + 1)
  }
  return { model, graph, opset, consts, dataInputs, nodes, consumers, readers, outputs, declared }
}

/**
 * Kahn's algorithm over value names, ties broken by file order. Throws 'missing-tensor' for a read of an
 * undefined value and 'cycle' when some nodes can never run.
 */
function topologicalNodes(nodes: readonly OnnxNodeProto[], available: Set<string>): OnnxNodeProto[] {
  const producer = new Map<string, number>()
  nodes.forEach((n, i) => {
    for (const out of n.output ?? []) if (out) producer.set(out, i)
  })
  const waiting = nodes.map(() => 0)
  const dependents = nodes.map(() => [] as number[])
  nodes.forEach((n, i) => {
    for (const name of n.input ?? []) {
      if (!name || available.has(name)) continue
      const p = producer.get(name)
      if (p === undefined) {
        throw new ImportError('missing-tensor',
          `${nodeLabel(n)} reads '${name}', which no initializer, graph input or node defines (a missing initializer?)`)
      }
      waiting[i]++
      dependents[p].push(i)
    }
  })
  const ready: number[] = []
  waiting.forEach((w, i) => { if (w === 0) ready.push(i) })
  const order: OnnxNodeProto[] = []
  const done = new Set<number>()
  while (ready.length > 0) {
    ready.sort((a, b) => a - b)
    const i = ready.shift()!
    order.push(nodes[i])
    done.add(i)
    for (const d of dependents[i]) if (--waiting[d] === 0) ready.push(d)
  }
  if (order.length < nodes.length) {
    const onCycle = nodeOnCycle(nodes, producer, done)
    throw new ImportError('cycle', `the graph has a cycle through ${nodeLabel(onCycle)}: it depends on its own output`)
  }
  return order
}

/** A node that lies on a cycle: walk from a blocked node to a blocked producer until one repeats. */
function nodeOnCycle(nodes: readonly OnnxNodeProto[], producer: Map<string, number>, done: Set<number>): OnnxNodeProto {
  let i = nodes.findIndex((_, k) => !done.has(k))
  const seen = new Set<number>()
  while (!seen.has(i)) {
    seen.add(i)
    const next = (nodes[i].input ?? []).map((name) => producer.get(name)).find((p) => p !== undefined && !done.has(p))
    if (next === undefined) break
    i = next
  }
  return nodes[i]
}
