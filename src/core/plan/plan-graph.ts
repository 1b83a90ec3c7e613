/**
 * Activation-arena plan of a graph: one buffer per node output (the Input's included), live from the
 * producer's index in analyzeGraph's execution order to its last consumer's index (graph inputs from 0,
 * graph outputs to the end), sized for the deployed activations (1 byte per element unless told otherwise; 2 for a
 * layer kept at int16, ops/activation-dtype.ts). Outputs of ops that alias their input (the `aliasesInput` facet: Reshape, Flatten) share its buffer
 * and offset, lifetime extended.
 * Nodes whose output shape is unknown (analysis errors) get no buffer.
 * Stateful ops (SVDF, LSTM) also get one buffer per state (their `stateSpecs`, at the deployed element size), live for the
 * whole schedule: nothing else ever shares its bytes, so it keeps its values from one invocation to the next.
 *
 * `lowerBoundBytes` is the liveness bound over the aligned sizes, so 0 ≤ arenaBytes − lowerBoundBytes
 * is exactly what the planner loses to fragmentation.
 */
import type { GraphAnalysis } from '../analysis/analyze-graph.ts'
import { analyzeGraph } from '../analysis/analyze-graph.ts'
import type { Graph } from '../ir/types.ts'
import { shapeSize } from '../ir/types.ts'
import { getOp } from '../ops/registry.ts'
import type { VendorLibrary } from '../vendors/types.ts'
import { GreedyMemoryPlanner } from './greedy-planner.ts'
import type { ScheduleStep } from './lifetimes.ts'
import { scheduleBuffers } from './lifetimes.ts'
import { livenessLowerBound } from './liveness.ts'
import type { BasePlanner } from './memory-planner.ts'
import type { OptimizingPlannerOptions } from './optimizing-planner.ts'
import { OptimizingMemoryPlanner } from './optimizing-planner.ts'

export type PlannerKind = 'greedy' | 'optimizing'

export interface GraphMemoryOptions extends OptimizingPlannerOptions {
  /** Default 'optimizing' (never worse than 'greedy', TFLM's GreedyMemoryPlanner). */
  planner?: PlannerKind
  /** Bytes per activation element in the deployed model (default 1: int8); an int16 tensor takes twice as many. */
  bytesPerElement?: number
  /** A ready analysis of `graph` (with the same library), to avoid analysing twice. */
  analysis?: GraphAnalysis
}

export interface PlannedTensor {
  nodeId: string
  /** Bytes of this node's output tensor (before alignment). */
  size: number
  /** Lifetime of the buffer holding it, as indices into `order` (inclusive). */
  firstUse: number
  lastUse: number
  offset: number
  /** Set when the output shares the buffer of this upstream node (Reshape, Flatten). */
  aliasOf?: string
}

/** A persistent state buffer of a stateful node. */
export interface PlannedState {
  nodeId: string
  /** The op's state name ('state', 'hidden', 'cell'). */
  name: string
  size: number
  offset: number
  dtype: 'int8' | 'int16'
}

export interface GraphMemoryPlan {
  buffers: PlannedTensor[]
  /** State buffers, in execution order of their nodes and the op's state order. */
  states: PlannedState[]
  arenaBytes: number
  lowerBoundBytes: number
  planner: string
  /** Execution order the lifetimes refer to. */
  order: string[]
}

export function createPlanner(kind: PlannerKind, options: OptimizingPlannerOptions = {}): BasePlanner {
  return kind === 'greedy' ? new GreedyMemoryPlanner(options) : new OptimizingMemoryPlanner(options)
}

export function planGraphMemory(graph: Graph, library?: VendorLibrary, options: GraphMemoryOptions = {}): GraphMemoryPlan {
  const analysis = options.analysis ?? analyzeGraph(graph, library)
  const bytesPerElement = options.bytesPerElement ?? 1
  const opOf = new Map(graph.nodes.map((n) => [n.id, n.op]))
  const inputsOf = new Map<string, { port: number; source: string }[]>()
  const consumed = new Set<string>()
  for (const e of graph.edges) {
    const list = inputsOf.get(e.target) ?? []
    list.push({ port: e.targetPort, source: e.source })
    inputsOf.set(e.target, list)
    consumed.add(e.source)
  }

  const steps: ScheduleStep[] = analysis.order.map((id) => {
    const inputs = (inputsOf.get(id) ?? []).sort((a, b) => a.port - b.port).map((i) => i.source)
    const output = analysis.nodes.get(id)?.output
    const op = opOf.get(id)
    return {
      inputs,
      output: output ? { id, size: shapeSize(output.shape) * bytesPerElement * (output.dtype === 'int16' ? 2 : 1) } : undefined,
      alias: op !== undefined && getOp(op)?.aliasesInput === true,
      liveFromStart: op === 'Input',
    }
  })
  const outputs = analysis.order.filter((id) => !consumed.has(id))
  const buffers = scheduleBuffers({ steps, outputs })

  const { alignment, exactLimit, nodeBudget } = options
  const planner = createPlanner(options.planner ?? 'optimizing', { alignment, exactLimit, nodeBudget })
  const indices = buffers.map((b) => planner.addBuffer(b.size, b.firstUse, b.lastUse))
  const last = Math.max(0, analysis.order.length - 1)
  const stateRequests: { nodeId: string; name: string; size: number; dtype: 'int8' | 'int16'; index: number }[] = []
  for (const id of analysis.order) {
    const def = getOp(opOf.get(id) ?? '')
    const info = analysis.nodes.get(id)
    if (!def?.stateSpecs || !info?.output) continue
    for (const spec of def.stateSpecs(info.attrs as never, info.inputs)) {
      const size = shapeSize(spec.shape) * (spec.dtype === 'int16' ? 2 : 1)
      stateRequests.push({ nodeId: id, name: spec.name, size, dtype: spec.dtype, index: planner.addBuffer(size, 0, last) })
    }
  }
  const sizeOf = new Map(steps.flatMap((s) => (s.output ? [[s.output.id, s.output.size] as const] : [])))
  const planned: PlannedTensor[] = []
  buffers.forEach((buffer, k) => {
    const offset = planner.offsetOf(indices[k])
    const [owner] = buffer.tensors
    for (const nodeId of buffer.tensors) {
      const entry: PlannedTensor = { nodeId, size: sizeOf.get(nodeId)!, firstUse: buffer.firstUse, lastUse: buffer.lastUse, offset }
      if (nodeId !== owner) entry.aliasOf = owner
      planned.push(entry)
    }
  })
  const position = new Map(analysis.order.map((id, i) => [id, i]))
  planned.sort((a, b) => position.get(a.nodeId)! - position.get(b.nodeId)!)
  const states = stateRequests.map(({ index, ...r }) => ({ ...r, offset: planner.offsetOf(index) }))
  return {
    buffers: planned,
    states,
    arenaBytes: planner.peak(),
    lowerBoundBytes: livenessLowerBound(planner.buffers()),
    planner: planner.name,
    order: analysis.order,
  }
}
