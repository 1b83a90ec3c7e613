/**
 * Everything the package's files are written from, computed once: the refusal check (an unsupported,
 * unquantized or broken graph never exports, and the error lists every reason), the prepared graph (frozen
 * OpData, as the int8 engine runs it), the arena plan (planner offsets), one C symbol per node, the I/O layout
 * of `<prefix>_invoke`, and each node's emitted kernel code.
 */
import type { GraphAnalysis } from '../../analysis/analyze-graph.ts'
import { analyzeGraph } from '../../analysis/analyze-graph.ts'
import type { PreparedGraph, PreparedNode } from '../../plan/prepare-graph.ts'
import { prepareGraph } from '../../plan/prepare-graph.ts'
import type { Graph, QuantParams } from '../../ir/types.ts'
import { shapeSize } from '../../ir/types.ts'
import { getOp } from '../../ops/registry.ts'
import type { GraphMemoryPlan } from '../../plan/plan-graph.ts'
import { planGraphMemory } from '../../plan/plan-graph.ts'
import { QuantError } from '../../quant/kernel-params.ts'
import { encodedWeightBytes } from '../../quant/weight-encoding.ts'
import type { Rounding } from '../../quant/fixed-point.ts'
import type { QuantScheme } from '../../quant/scheme.ts'
import type { VendorLibrary } from '../../vendors/types.ts'
import { CodegenError } from '../../kernels/c-call.ts'
import { cIdentifier } from '../../kernels/c-syntax.ts'
import type { BoundNode } from '../../kernels/types.ts'
import { planNodeOf } from '../../kernels/plan-node.ts'
import type { IsaScratch, NodeCode } from './node-code.ts'
import { NO_ISA_SCRATCH, maxIsaScratch, nodeCode } from './node-code.ts'

/** The graph cannot be exported; `reasons` holds one sentence per problem. */
export class ExportRefusedError extends Error {
  readonly reasons: string[]
  constructor(reasons: string[]) {
    super(`the C package cannot be generated${reasons.length === 1 ? `: ${reasons[0]}` : ` (${reasons.length} problems): ${reasons.join('; ')}`}`)
    this.reasons = reasons
  }
}

/** One tensor of `<prefix>_invoke`'s `in` or `out` buffer. */
export interface IoTensor {
  nodeId: string
  name: string
  /** For an exit's output: the exit's index (execution order); undefined for a main output. */
  exit?: number
  /** Byte offset within `in` / `out` (the tensors are concatenated in this order). */
  offset: number
  size: number
  shape: number[]
  quant: QuantParams
  /** Offset of the node's buffer in the arena. */
  arenaOffset: number
}

export interface ScheduledNode {
  prepared: PreparedNode
  index: number
  symbol: string
  arenaOffset: number
  code: NodeCode
}

export interface PackageModel {
  prepared: PreparedGraph
  plan: GraphMemoryPlan
  library: VendorLibrary
  inputs: IoTensor[]
  outputs: IoTensor[]
  /** Nodes in execution order (Inputs included, with empty code). */
  nodes: ScheduledNode[]
  /** Integer preprocessing of each Input (raw int32 in, the Input's int8 tensor out). */
  preprocess: NodeCode[]
  /** Runtime kernels used (file stems). */
  kernels: string[]
  scratchBytes: number
  /** True when a node keeps state between invocations (the package then has `<prefix>_reset()` work to do). */
  stateful: boolean
  /** Scratch of the CMSIS-NN build per CMSIS-NN code path (s8 packages), undefined for pow2. */
  cmsisScratch?: IsaScratch
  inputBytes: number
  outputBytes: number
}

/** Every reason the graph cannot be exported with `library` (empty when it can); `analysis` = analyzeGraph(graph, library). */
export function exportProblems(graph: Graph, library: VendorLibrary, analysis: GraphAnalysis = analyzeGraph(graph, library)): string[] {
  const byId = new Map(graph.nodes.map((n) => [n.id, n]))
  const where = (id?: string) => {
    const node = id ? byId.get(id) : undefined
    return node ? `${node.name} (${node.op}): ` : ''
  }
  const reasons = analysis.diagnostics.filter((d) => d.severity === 'error').map((d) => `${where(d.nodeId)}${d.message}`)
  if (graph.nodes.length === 0) reasons.push('the graph is empty')
  else if (!graph.nodes.some((n) => n.op === 'Input')) reasons.push('the graph has no Input node')
  for (const node of graph.nodes) {
    const def = getOp(node.op)
    if (!def) continue
    if (!def.prepare || !def.evalInt8) reasons.push(`${where(node.id)}has no int8 kernel`)
    if (!node.quant?.output) reasons.push(`${where(node.id)}is not quantized (no output quantization); quantize the graph first`)
    for (const [name, t] of Object.entries(node.weights ?? {})) {
      if (t.dtype === 'float32') reasons.push(`${where(node.id)}constant '${name}' is float32; quantize the graph first`)
    }
  }
  return [...new Set(reasons)]
}

function ioTensor(p: PreparedNode, offset: number, arenaOffset: number): IoTensor {
  return { nodeId: p.id, name: p.name, offset, size: shapeSize(p.outputShape), shape: [...p.outputShape], quant: p.outputQuant, arenaOffset }
}

/**
 * Builds the package model for the s8 requantization `rounding` (default 'double'; 'single': the package defines
 * CMSIS_NN_USE_SINGLE_ROUNDING); throws ExportRefusedError with every reason when the graph cannot be exported.
 */
export function buildPackageModel(graph: Graph, library: VendorLibrary, rounding: Rounding = 'double'): PackageModel {
  const analysis = analyzeGraph(graph, library) // once: the refusal check, the preparation and the plan share it
  const problems = exportProblems(graph, library, analysis)
  if (problems.length > 0) throw new ExportRefusedError(problems)
  let prepared: PreparedGraph
  try {
    prepared = prepareGraph(graph, library.scheme, analysis, library.scheme === 's8' ? rounding : 'double')
  } catch (err) {
    if (err instanceof QuantError) throw new ExportRefusedError([err.message])
    throw err
  }
  const plan = planGraphMemory(graph, library, { analysis })
  if (plan.order.join() !== prepared.order.join()) throw new CodegenError('the memory plan and the schedule disagree on the order')
  const offsetOf = new Map(plan.buffers.map((b) => [b.nodeId, b.offset]))
  const arena = (id: string) => {
    const offset = offsetOf.get(id)
    if (offset === undefined) throw new CodegenError(`no arena buffer was planned for node ${id}`)
    return `arena + ${offset}`
  }
  const nodes: ScheduledNode[] = []
  const kernels = new Set<string>()
  let scratchBytes = 0
  let cmsisScratch: IsaScratch = NO_ISA_SCRATCH
  // s8 packages also compile the vendor's kernels under TINYFORGE_USE_CMSIS_NN; pow2 ones only the portable kernels.
  const vendor = library.scheme === 's8' ? library.kernelRuntime : undefined
  const empty: NodeCode = { runtime: [], constants: [], portable: { declarations: [], statements: [] }, kernels: [],
    scratch: { portable: 0, cmsis: NO_ISA_SCRATCH }, reset: [] }
  const stateOf = (id: string) => plan.states.filter((s) => s.nodeId === id).map((s) => `arena + ${s.offset}`)
  prepared.order.forEach((id, index) => {
    const p = prepared.nodes.get(id)!
    const symbol = `n${index}_${cIdentifier(p.name, 20)}`
    const state = stateOf(id)
    const io = { inputs: p.inputIds.map(arena), output: arena(id), ...(state.length > 0 ? { state } : {}) }
    const code = p.op === 'Input' ? empty : nodeCode(boundNode(p, prepared.scheme, symbol), io, vendor)
    code.runtime.forEach((k) => kernels.add(k))
    scratchBytes = Math.max(scratchBytes, code.scratch.portable)
    cmsisScratch = maxIsaScratch(cmsisScratch, code.scratch.cmsis)
    nodes.push({ prepared: p, index, symbol, arenaOffset: offsetOf.get(id)!, code })
  })
  let inOffset = 0
  const inputs = prepared.inputIds.map((id) => {
    const t = ioTensor(prepared.nodes.get(id)!, inOffset, offsetOf.get(id)!)
    inOffset += t.size
    return t
  })
  let outOffset = 0
  const outputs = prepared.outputIds.map((id) => {
    const t = ioTensor(prepared.nodes.get(id)!, outOffset, offsetOf.get(id)!)
    const exit = prepared.exitIds.indexOf(id)
    if (exit >= 0) t.exit = exit
    outOffset += t.size
    return t
  })
  let rawOffset = 0
  const preprocess = inputs.map((t, i) => {
    const p = prepared.nodes.get(t.nodeId)!
    const code = nodeCode(boundNode(p, prepared.scheme, `input${i}_pre`),
      { inputs: [rawOffset === 0 ? 'raw' : `raw + ${rawOffset}`], output: t.offset === 0 ? 'in' : `in + ${t.offset}` })
    rawOffset += t.size
    code.runtime.forEach((k) => kernels.add(k))
    return code
  })
  return {
    prepared, plan, library, inputs, outputs, nodes, preprocess, kernels: [...kernels].sort(), scratchBytes, stateful: plan.states.length > 0,
    cmsisScratch: library.scheme === 's8' ? cmsisScratch : undefined, inputBytes: inOffset, outputBytes: outOffset,
  }
}

/** A prepared node as its kernel bindings see it. */
export function boundNode(p: PreparedNode, scheme: QuantScheme, symbol: string): BoundNode {
  return { ...planNodeOf(p, scheme), symbol }
}

/**
 * Bytes of the package's constant arrays: weights (int8, or as stored: packed indices + codebook, bitmap + non-zero
 * values) and biases of every node, and the per-channel requantization multipliers and shifts (two int32 each) of s8
 * kernels. The one figure for README, CLI summary and Export dialog.
 */
export function packageConstantBytes(model: PackageModel): number {
  let bytes = 0
  for (const n of model.nodes) {
    for (const [name, t] of Object.entries(n.prepared.weights)) {
      bytes += name === 'weights' ? encodedWeightBytes(t.length, n.prepared.encoding) : t.byteLength
    }
    const d = n.prepared.opData
    if (n.prepared.op !== 'Input' && d.scheme === 's8' && 'multipliers' in d) bytes += d.multipliers.length * 8
  }
  return bytes
}
