/**
 * Float reference interpreter. Runs every node of a valid graph in execution order with the ops' float
 * reference kernels (ops/*.ts `evalFloat`) and returns every node's output.
 *
 * Contract:
 * - `inputs` maps each Input node id to its RAW values (row-major, the Input's shape); the Input node
 *   applies its own preprocessing (mean, scale).
 * - Shapes come from analyzeGraph; constants from resolveNodeWeights (stored or seeded), integer tensors
 *   dequantized with their quant params.
 * - A graph with error diagnostics, a missing input or an input of the wrong length throws an Error whose
 *   message says what to fix. Deterministic: the same graph and inputs give the same outputs.
 * - Stateful ops (SVDF, LSTM) keep float state; `options.state` carries it from run to run (default: zeros).
 * - A graph is immutable (edits make new graphs), so each node's real-valued constants are resolved once per graph
 *   object and reused by later runs (validation and calibration run the same graph over many samples).
 * - `options.kernels` (engine/float-wasm/: Conv2D, DepthwiseConv2D, FullyConnected compiled to WebAssembly) computes
 *   the nodes it takes instead of their `evalFloat`, with the same bits; every other node runs its `evalFloat`. With
 *   `reuseOutputs` their outputs may be views into the kernels' memory, overwritten by the next run with the same
 *   kernels: for callers that are done with a run's outputs before the next run (calibration, validation), which
 *   saves a copy in and out of the kernels per node and most of the garbage.
 */
import type { GraphAnalysis } from '../analysis/analyze-graph.ts'
import { analyzeGraph } from '../analysis/analyze-graph.ts'
import { resolveNodeWeights } from '../analysis/node-weights.ts'
import type { Attrs, Graph, GraphNode, Shape } from '../ir/types.ts'
import { formatShape, shapeSize } from '../ir/types.ts'
import type { FloatEvalArgs, FloatState } from '../ops/op-def.ts'
import { getOp } from '../ops/registry.ts'
import { tensorToFloat } from './tensor-to-float.ts'

/** The float state of every stateful node, by node id. */
export type FloatGraphState = Map<string, FloatState>

export interface RunFloatOptions {
  /** A fresh analysis of this same graph, to skip recomputing it. */
  analysis?: GraphAnalysis
  /** Called after each node, e.g. for progress bars and per-layer capture. */
  onNode?: (nodeId: string, output: Float32Array, index: number, total: number) => void
  /** The stateful nodes' state, updated in place (default: zeros, the reset state). */
  state?: FloatGraphState
  /** Calibration: internal values a node reports (e.g. an LSTM's cell state). */
  onObserve?: (nodeId: string, name: string, values: ArrayLike<number>) => void
  /** Faster kernels for some ops, equal bit for bit to their `evalFloat` (engine/float-wasm/); default none. */
  kernels?: FloatKernels
  /**
   * With `kernels`: their outputs may be views that the next run with the same kernels overwrites (default false:
   * every output is the caller's own array). Only for callers done with each run's outputs before the next run.
   */
  reuseOutputs?: boolean
}

/**
 * Faster float kernels for some ops. Contract: for a node they take, the output is exactly (every bit) what the op's
 * `evalFloat` returns for the same arguments; float-wasm-kernels.test.ts checks it on the templates and MLPerf models.
 */
export interface FloatKernels {
  /** For reports, e.g. "WebAssembly (SIMD128)". */
  readonly name: string
  /** runFloat calls it before a run's first node: the graph and whether outputs may be reused (`reuseOutputs`). */
  beginRun(graph: Graph, reuseOutputs: boolean): void
  /** The node's output, or undefined to leave the node to its `evalFloat`. `args.weights` is the same object per node. */
  evalNode(op: string, args: FloatEvalArgs<Attrs>): Float32Array | undefined
  /** runFloat calls it after a run's last node (not after a run that threw). */
  endRun(graph: Graph): void
  /**
   * Optional, for validation: adds int8 codes against their float reference into `sums` = [Σr², Σ(r−t)², Σr·t, Σt²,
   * max|r−t|] (t = table[code + 128], all in double) with exactly the operations and order of
   * pipelines/validation.ts, which does it in TypeScript otherwise.
   */
  accumulateCodes?(ref: Float32Array, codes: Int8Array, table: Float32Array, sums: Float64Array): void
}

export interface FloatRunResult {
  /** Output of every node, by node id. */
  outputs: Map<string, Float32Array>
  /** Output shape of every node, by node id. */
  shapes: Map<string, Shape>
  /** Execution order (node ids). */
  order: string[]
}

const FLOAT_WEIGHTS = new WeakMap<Graph, Map<string, Record<string, Float32Array>>>()

export function runFloat(
  graph: Graph, inputs: Record<string, Float32Array>, options: RunFloatOptions = {},
): FloatRunResult {
  const analysis = options.analysis ?? analyzeGraph(graph)
  const errors = analysis.diagnostics.filter((d) => d.severity === 'error')
  if (errors.length > 0) {
    const nodes = new Map(graph.nodes.map((n) => [n.id, n]))
    const lines = errors.slice(0, 5).map((d) => {
      const node = d.nodeId ? nodes.get(d.nodeId) : undefined
      return node ? `${node.name} (${node.op}): ${d.message}` : d.message
    })
    const more = errors.length > 5 ? ` (and ${errors.length - 5} more)` : ''
    throw new Error(`The graph cannot run until its errors are fixed: ${lines.join('; ')}${more}`)
  }

  const nodeById = new Map(graph.nodes.map((n) => [n.id, n]))
  const sources = new Map<string, string[]>()
  for (const e of [...graph.edges].sort((a, b) => a.targetPort - b.targetPort)) {
    const list = sources.get(e.target)
    if (list) list.push(e.source)
    else sources.set(e.target, [e.source])
  }

  const state = options.state ?? new Map<string, FloatState>()
  const outputs = new Map<string, Float32Array>()
  const shapes = new Map<string, Shape>()
  let cache = FLOAT_WEIGHTS.get(graph)
  if (!cache) {
    cache = new Map()
    FLOAT_WEIGHTS.set(graph, cache)
  }
  const total = analysis.order.length
  const kernels = options.kernels
  kernels?.beginRun(graph, options.reuseOutputs === true)
  analysis.order.forEach((id, index) => {
    const node = nodeById.get(id)!
    const info = analysis.nodes.get(id)!
    const def = getOp(node.op)!
    const outputShape = info.output!.shape
    let data: Float32Array[]
    let inputShapes: Shape[]
    if (node.op === 'Input') {
      data = [rawInput(node, inputs[id], outputShape)]
      inputShapes = [outputShape]
    } else {
      data = (sources.get(id) ?? []).map((src) => outputs.get(src)!)
      inputShapes = info.inputs.map((t) => t.shape)
    }
    let floatWeights = cache.get(id)
    if (!floatWeights) {
      const { weights } = resolveNodeWeights(def, node, info.attrs, info.inputs, graph.seed)
      floatWeights = {}
      for (const [name, tensor] of Object.entries(weights)) floatWeights[name] = tensorToFloat(tensor, `${node.name} ${name}`)
      cache.set(id, floatWeights)
    }
    let nodeState = state.get(id)
    if (def.stateSpecs && !nodeState) {
      nodeState = Object.fromEntries(def.stateSpecs(info.attrs, info.inputs).map((s) => [s.name, new Float32Array(shapeSize(s.shape))]))
      state.set(id, nodeState)
    }
    const observe = options.onObserve ? (name: string, values: ArrayLike<number>) => options.onObserve!(id, name, values) : undefined
    const args = { attrs: info.attrs, inputs: data, inputShapes, weights: floatWeights, outputShape, state: nodeState, observe }
    const out = kernels?.evalNode(node.op, args) ?? def.evalFloat(args)
    outputs.set(id, out)
    shapes.set(id, outputShape)
    options.onNode?.(id, out, index, total)
  })
  kernels?.endRun(graph)
  return { outputs, shapes, order: analysis.order }
}

function rawInput(node: GraphNode, raw: Float32Array | undefined, shape: Shape): Float32Array {
  const need = shapeSize(shape)
  if (!raw) throw new Error(`No data given for input '${node.name}' (${formatShape(shape)}, ${need} values)`)
  if (raw.length !== need) {
    throw new Error(`Input '${node.name}' expects ${need} values (${formatShape(shape)}), got ${raw.length}`)
  }
  return raw
}
