/**
 * The int8 interpreter: "prepare once, run blindly". `prepareGraph` freezes every node's OpData with the op's
 * `prepare` facet (cached per graph object and scheme); `runInt8` then runs the ops' `evalInt8` kernels in
 * execution order. The C generator reads the same PreparedGraph, so the TS engine and the C runtime compute
 * the same bytes.
 *
 * Contract:
 * - The graph is quantized: every node has `quant.output` and int8/int32 constants (see quant/ptq.ts, or an
 *   int8 TFLite import). A node that cannot run in int8 throws an Error naming the node and the reason.
 * - `inputs` maps each Input node id to its int8 OUTPUT tensor (what the C `<prefix>_invoke` takes); use
 *   `prepareInputs` to obtain it from raw values through the Input's integer preprocessing.
 * - Deterministic; no floating point anywhere in the kernels' arithmetic.
 */
import type { GraphAnalysis } from '../analysis/analyze-graph.ts'
import { analyzeGraph } from '../analysis/analyze-graph.ts'
import { resolveNodeWeights } from '../analysis/node-weights.ts'
import type { Graph, QuantParams, Shape } from '../ir/types.ts'
import { formatShape, shapeSize } from '../ir/types.ts'
import type { InputOpData } from '../ops/input.ts'
import { preprocessRaw } from '../ops/input.ts'
import type { Int8Weights, OpData, QuantScheme } from '../ops/op-def.ts'
import { getOp } from '../ops/registry.ts'
import { QuantError } from '../quant/kernel-params.ts'

export { dequantizeTensor, quantizeTensor } from '../quant/tensor-quant.ts'

export interface PreparedNode {
  id: string
  name: string
  op: string
  /** Producers of the data inputs, in port order. */
  inputIds: string[]
  opData: OpData
  weights: Int8Weights
  outputShape: Shape
  outputQuant: QuantParams
}

export interface PreparedGraph {
  scheme: QuantScheme
  /** Execution order (node ids). */
  order: string[]
  nodes: Map<string, PreparedNode>
  /** Ids of the Input nodes, in execution order. */
  inputIds: string[]
  /** Ids of the nodes nobody consumes (the graph's outputs), in execution order. */
  outputIds: string[]
}

export interface Int8RunResult {
  /** Output of every node, by node id. */
  outputs: Map<string, Int8Array>
  order: string[]
  prepared: PreparedGraph
}

export interface RunInt8Options {
  /** Quantization scheme of the kernels; default 's8'. */
  scheme?: QuantScheme
  /** A fresh analysis of this same graph, to skip recomputing it. */
  analysis?: GraphAnalysis
  /** Called after each node, e.g. for progress bars and per-layer capture. */
  onNode?: (nodeId: string, output: Int8Array, index: number, total: number) => void
}

const CACHE = new WeakMap<Graph, Map<QuantScheme, PreparedGraph>>()

/** Prepares (or returns the cached preparation of) every node of a quantized graph for `scheme`. */
export function prepareGraph(graph: Graph, scheme: QuantScheme = 's8', analysis?: GraphAnalysis): PreparedGraph {
  const cached = CACHE.get(graph)?.get(scheme)
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
  const consumed = new Set(graph.edges.map((e) => e.source))
  const nodes = new Map<string, PreparedNode>()
  for (const id of a.order) {
    const node = nodeById.get(id)!
    const info = a.nodes.get(id)!
    const def = getOp(node.op)!
    const where = `${node.name} (${node.op})`
    if (!def.prepare || !def.evalInt8) throw new QuantError(`${where} has no int8 kernel`)
    const output = info.output!
    if (!output.quant) throw new QuantError(`${where} has no output quantization; quantize the graph first`)
    const { weights } = resolveNodeWeights(def, node, info.attrs, info.inputs, graph.seed)
    let opData: OpData
    try {
      opData = def.prepare({ scheme, attrs: info.attrs, inputs: info.inputs, output, weights })
    } catch (err) {
      if (err instanceof QuantError) throw new QuantError(`${where}: ${err.message}`)
      throw err
    }
    const intWeights: Record<string, Int8Array | Int32Array> = {}
    for (const [name, t] of Object.entries(weights)) {
      if (t.data instanceof Int8Array || t.data instanceof Int32Array) intWeights[name] = t.data
    }
    nodes.set(id, { id, name: node.name, op: node.op, inputIds: sources.get(id) ?? [], opData,
      weights: Object.freeze(intWeights), outputShape: output.shape, outputQuant: output.quant })
  }
  const prepared: PreparedGraph = {
    scheme, order: a.order, nodes,
    inputIds: a.order.filter((id) => nodeById.get(id)!.op === 'Input'),
    outputIds: a.order.filter((id) => !consumed.has(id)),
  }
  const perScheme = CACHE.get(graph) ?? new Map<QuantScheme, PreparedGraph>()
  perScheme.set(scheme, prepared)
  CACHE.set(graph, perScheme)
  return prepared
}

/** Runs a quantized graph on int8 input tensors (one per Input node id); returns every node's int8 output. */
export function runInt8(graph: Graph, inputs: Record<string, Int8Array>, options: RunInt8Options = {}): Int8RunResult {
  const prepared = prepareGraph(graph, options.scheme ?? 's8', options.analysis)
  const outputs = new Map<string, Int8Array>()
  const total = prepared.order.length
  prepared.order.forEach((id, index) => {
    const p = prepared.nodes.get(id)!
    const def = getOp(p.op)!
    let data: Int8Array[]
    if (p.op === 'Input') {
      const x = inputs[id]
      const need = shapeSize(p.outputShape)
      if (!x) throw new Error(`No data given for input '${p.name}' (${formatShape(p.outputShape)}, ${need} int8 values)`)
      if (x.length !== need) throw new Error(`Input '${p.name}' expects ${need} int8 values (${formatShape(p.outputShape)}), got ${x.length}`)
      data = [x]
    } else {
      data = p.inputIds.map((src) => outputs.get(src)!)
    }
    const out = def.evalInt8!(p.opData, data, p.weights)
    outputs.set(id, out)
    options.onNode?.(id, out, index, total)
  })
  return { outputs, order: prepared.order, prepared }
}

/**
 * The int8 input tensors for raw values (row-major, each Input's shape) through each Input's integer
 * preprocessing (ops/input.ts `preprocessRaw`): whole-number raw values take the integer path of the C code.
 */
export function prepareInputs(graph: Graph, raw: Record<string, ArrayLike<number>>, scheme: QuantScheme = 's8'): Record<string, Int8Array> {
  const prepared = prepareGraph(graph, scheme)
  const out: Record<string, Int8Array> = {}
  for (const id of prepared.inputIds) {
    const p = prepared.nodes.get(id)!
    const values = raw[id]
    if (!values) throw new Error(`No data given for input '${p.name}' (${formatShape(p.outputShape)})`)
    out[id] = preprocessRaw(p.opData as InputOpData, values)
  }
  return out
}
