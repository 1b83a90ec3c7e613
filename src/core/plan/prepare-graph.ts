/**
 * The prepared plan: "prepare once, run blindly". `prepareGraph` freezes every node's OpData with the op's
 * `prepare` facet (cached per graph object and scheme). The int8 engine runs it, the C generator and the ONNX QDQ
 * exporter read it, so the TS engine, the C runtime and the exported models compute from the same frozen numbers.
 *
 * Contract: the graph is quantized (every node has `quant.output` and int8/int32 constants — see pipelines/ptq.ts,
 * or an int8 TFLite import); a node that cannot run in int8 throws an Error naming the node and the reason.
 */
import type { GraphAnalysis } from '../analysis/analyze-graph.ts'
import { analyzeGraph } from '../analysis/analyze-graph.ts'
import { exitIds, graphOutputs } from '../analysis/execution-order.ts'
import { resolveNodeWeights } from '../analysis/node-weights.ts'
import type { Graph, QuantParams, Shape, TensorInfo } from '../ir/types.ts'
import type { Int8Weights, OpData } from '../ops/op-def.ts'
import type { Rounding } from '../quant/fixed-point.ts'
import type { QuantScheme } from '../quant/scheme.ts'
import type { AttrsOf, OpDataOf, OpType } from '../ops/registry.ts'
import { getOp } from '../ops/registry.ts'
import { QuantError } from '../quant/kernel-params.ts'
import type { StoredEncoding } from '../quant/weight-encoding.ts'
import { storedEncoding } from '../quant/weight-encoding.ts'

interface PreparedBase {
  id: string
  name: string
  /** Producers of the data inputs, in port order. */
  inputIds: string[]
  weights: Int8Weights
  /** Device storage of the 'weights' constant when it is palettized or sparse (its tensor's valid encoding). */
  encoding?: StoredEncoding
  /** The node's analysed tensors (with their quantization): what kernel bindings choose their code path by. */
  inputs: readonly TensorInfo[]
  output: TensorInfo
  outputShape: Shape
  outputQuant: QuantParams
}

/** A prepared node of operator T: its OpData is typed, so consumers narrow on `op` instead of casting. */
export type PreparedNodeOf<T extends OpType> = PreparedBase & {
  op: T
  /** Attrs with defaults filled in. */
  attrs: AttrsOf<T>
  opData: OpDataOf<T>
}

/** A prepared node of any registered operator (discriminated by `op`). */
export type PreparedNode = { [T in OpType]: PreparedNodeOf<T> }[OpType]

export interface PreparedGraph {
  scheme: QuantScheme
  /** Requantization rounding of the s8 kernels (what the C package's CMSIS_NN_USE_SINGLE_ROUNDING says). */
  rounding: Rounding
  /** Execution order (node ids). */
  order: string[]
  nodes: Map<string, PreparedNode>
  /** Ids of the Input nodes, in execution order. */
  inputIds: string[]
  /** Ids of the nodes nobody consumes (the graph's outputs): main outputs, then the exits (analysis/execution-order.ts). */
  outputIds: string[]
  /** Ids of the Exit nodes in execution order: exit k decides after order.indexOf(exitIds[k]). */
  exitIds: string[]
}

const CACHE = new WeakMap<Graph, Map<string, PreparedGraph>>()

/**
 * Prepares (or returns the cached preparation of) every node of a quantized graph for `scheme` and the s8
 * requantization `rounding` (default 'double', the TFLite reference; 'single': CMSIS_NN_USE_SINGLE_ROUNDING).
 */
export function prepareGraph(graph: Graph, scheme: QuantScheme = 's8', analysis?: GraphAnalysis, rounding: Rounding = 'double'): PreparedGraph {
  const key = `${scheme}/${rounding}`
  const cached = CACHE.get(graph)?.get(key)
  if (cached) return cached
  const a = analysis ?? analyzeGraph(graph)
  const errors = a.diagnostics.filter((d) => d.severity === 'error')
  const nodeById = new Map(graph.nodes.map((n) => [n.id, n]))
  if (errors.length > 0) {
    const lines = errors.slice(0, 5).map((d) => {
      const node = d.nodeId ? nodeById.get(d.nodeId) : undefined
      return node ? `${node.name} (${node.op}): ${d.message}` : d.message
    })
    throw new Error(`The graph cannot run until its errors are fixed: ${lines.join('; ')}`)
  }
  const sources = new Map<string, string[]>()
  for (const e of [...graph.edges].sort((x, y) => x.targetPort - y.targetPort)) {
    sources.set(e.target, [...(sources.get(e.target) ?? []), e.source])
  }
  const nodes = new Map<string, PreparedNode>()
  for (const id of a.order) {
    const node = nodeById.get(id)!
    const info = a.nodes.get(id)!
    const def = getOp(node.op)!
    const where = `${node.name} (${node.op})`
    if (!def.prepare || !def.evalInt8) throw new QuantError(`${where} has no int8 kernel`)
    if (!def.schemes.includes(scheme)) {
      throw new QuantError(`${where}: it has ${def.schemes.join(' and ')} kernels only, none for the ${scheme} scheme`)
    }
    const output = info.output!
    if (!output.quant) throw new QuantError(`${where} has no output quantization; quantize the graph first`)
    const { weights } = resolveNodeWeights(def, node, info.attrs, info.inputs, graph.seed)
    let opData: OpData
    try {
      opData = def.prepare({ scheme, attrs: info.attrs, inputs: info.inputs, output, weights, stateQuant: node.quant?.state, rounding })
    } catch (err) {
      if (err instanceof QuantError) throw new QuantError(`${where}: ${err.message}`)
      throw err
    }
    const intWeights: Record<string, Int8Array | Int16Array | Int32Array> = {}
    for (const [name, t] of Object.entries(weights)) {
      if (t.data instanceof Int8Array || t.data instanceof Int16Array || t.data instanceof Int32Array) intWeights[name] = t.data
    }
    // The registry erases OpData types; `prepare` of op `node.op` made this opData, which is what PreparedNode states.
    const encoding = storedEncoding(weights.weights)
    nodes.set(id, { id, name: node.name, op: node.op, inputIds: sources.get(id) ?? [], opData,
      weights: Object.freeze(intWeights), ...(encoding ? { encoding } : {}), attrs: info.attrs, inputs: info.inputs, output,
      outputShape: output.shape, outputQuant: output.quant } as unknown as PreparedNode)
  }
  const prepared: PreparedGraph = {
    scheme, rounding, order: a.order, nodes,
    inputIds: a.order.filter((id) => nodeById.get(id)!.op === 'Input'),
    outputIds: graphOutputs(graph, a.order),
    exitIds: exitIds(graph, a.order),
  }
  const perScheme = CACHE.get(graph) ?? new Map<string, PreparedGraph>()
  perScheme.set(key, prepared)
  CACHE.set(graph, perScheme)
  return prepared
}
