/**
 * The int8 interpreter (the TypeScript reference engine): `runInt8` runs the ops' `evalInt8` kernels over the
 * prepared plan (plan/prepare-graph.ts) in execution order. The C generator reads the same PreparedGraph, so the
 * TS engine and the C runtime compute the same bytes.
 *
 * Contract:
 * - The graph is quantized (see plan/prepare-graph.ts).
 * - `inputs` maps each Input node id to its int8 OUTPUT tensor (what the C `<prefix>_invoke` takes); use
 *   `prepareInputs` to obtain it from raw values through the Input's integer preprocessing.
 * - Stateful ops (SVDF, LSTM) read and update their state: `options.state` carries it from one run to the next
 *   (streaming: one frame per run); without it every run starts from the reset state (`createInt8State`), as the C
 *   package does after `<prefix>_reset()`.
 * - Deterministic; no floating point anywhere in the kernels' arithmetic.
 */
import type { GraphAnalysis } from '../analysis/analyze-graph.ts'
import { formatShape, shapeSize } from '../ir/types.ts'
import type { Graph } from '../ir/types.ts'
import { exitConfident } from '../ops/exit.ts'
import { preprocessRaw } from '../ops/input.ts'
import type { Int8State, IntTensor } from '../ops/op-def.ts'
import { int8 } from '../ops/op-def.ts'
import type { Rounding } from '../quant/fixed-point.ts'
import type { QuantScheme } from '../quant/scheme.ts'
import { getOp } from '../ops/registry.ts'
import type { PreparedGraph } from '../plan/prepare-graph.ts'
import { prepareGraph } from '../plan/prepare-graph.ts'
import type { ExitOutcome } from './early-exit.ts'
import { mainPath } from './early-exit.ts'

export { dequantizeTensor, quantizeTensor } from '../quant/tensor-quant.ts'

/** The integer state of every stateful node, by node id. */
export type Int8GraphState = Map<string, Int8State>

export interface Int8RunResult {
  /**
   * Output of every node run, by node id (with `earlyExit`, the nodes up to the exit that fired): Int8Array, or
   * Int16Array for a layer kept at int16 (ops/activation-dtype.ts).
   */
  outputs: Map<string, IntTensor>
  order: string[]
  prepared: PreparedGraph
  /** The first confident exit in execution order (the decision is the same whether or not the run stopped there). */
  exit: ExitOutcome
  /** The state after the run (the one passed in, updated, or a fresh one). */
  state: Int8GraphState
}

/** The reset state of every stateful node of a prepared graph (each op's `initState`). */
export function createInt8State(prepared: PreparedGraph): Int8GraphState {
  const state: Int8GraphState = new Map()
  for (const id of prepared.order) {
    const p = prepared.nodes.get(id)!
    const init = getOp(p.op)!.initState
    if (init) state.set(id, init(p.opData))
  }
  return state
}

export interface RunInt8Options {
  /** Quantization scheme of the kernels; default 's8'. */
  scheme?: QuantScheme
  /** Requantization rounding of the s8 kernels; default 'double' (quant/fixed-point.ts Rounding). */
  rounding?: Rounding
  /** A fresh analysis of this same graph, to skip recomputing it. */
  analysis?: GraphAnalysis
  /** Called after each node, e.g. for progress bars and per-layer capture. */
  onNode?: (nodeId: string, output: IntTensor, index: number, total: number) => void
  /** Stop after the first confident Exit (as the C package's invoke does); default false: run every node. */
  earlyExit?: boolean
  /** The stateful nodes' state, updated in place (default: a fresh reset state). */
  state?: Int8GraphState
}

/** Runs a quantized graph on int8 input tensors (one per Input node id); returns every node's int8 output. */
export function runInt8(graph: Graph, inputs: Record<string, Int8Array>, options: RunInt8Options = {}): Int8RunResult {
  const prepared = prepareGraph(graph, options.scheme ?? 's8', options.analysis, options.rounding)
  const state = options.state ?? createInt8State(prepared)
  const outputs = new Map<string, IntTensor>()
  const total = prepared.order.length
  let exit: ExitOutcome | undefined
  for (let index = 0; index < total; index++) {
    const id = prepared.order[index]
    const p = prepared.nodes.get(id)!
    const def = getOp(p.op)!
    let data: IntTensor[]
    if (p.op === 'Input') {
      const x = inputs[id]
      const need = shapeSize(p.outputShape)
      if (!x) throw new Error(`No data given for input '${p.name}' (${formatShape(p.outputShape)}, ${need} int8 values)`)
      if (x.length !== need) throw new Error(`Input '${p.name}' expects ${need} int8 values (${formatShape(p.outputShape)}), got ${x.length}`)
      data = [x]
    } else {
      data = p.inputIds.map((src) => outputs.get(src)!)
    }
    let nodeState = state.get(id)
    if (def.initState && !nodeState) {
      nodeState = def.initState(p.opData)
      state.set(id, nodeState)
    }
    const out = def.evalInt8!(p.opData, data, p.weights, nodeState)
    outputs.set(id, out)
    options.onNode?.(id, out, index, total)
    if (p.op === 'Exit' && exit === undefined && exitConfident(p.opData, int8(data[0]))) {
      exit = { index: prepared.exitIds.indexOf(id), nodeId: id, nodesRun: index + 1 }
      if (options.earlyExit) break
    }
  }
  return { outputs, order: prepared.order, prepared, exit: exit ?? mainPath(prepared), state }
}

/**
 * The int8 input tensors for raw values (row-major, each Input's shape) through each Input's integer
 * preprocessing (ops/input.ts `preprocessRaw`): whole-number raw values take the integer path of the C code.
 */
export function prepareInputs(graph: Graph, raw: Record<string, ArrayLike<number>>, scheme: QuantScheme = 's8',
  rounding: Rounding = 'double'): Record<string, Int8Array> {
  const prepared = prepareGraph(graph, scheme, undefined, rounding)
  const out: Record<string, Int8Array> = {}
  for (const id of prepared.inputIds) {
    const p = prepared.nodes.get(id)!
    if (p.op !== 'Input') throw new Error(`prepared input ${id} is a ${p.op}`)
    const values = raw[id]
    if (!values) throw new Error(`No data given for input '${p.name}' (${formatShape(p.outputShape)})`)
    out[id] = preprocessRaw(p.opData, values)
  }
  return out
}
