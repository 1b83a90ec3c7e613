/**
 * Early exit in the int8 engines: which exit fired on an input. Exit k (an index into PreparedGraph.exitIds, in
 * execution order: analysis/execution-order.ts) fires when it is the first exit whose integer rule holds
 * (ops/exit.ts exitConfident); when none does, the whole network ran and the outcome is the main path
 * (index = exitIds.length). The TS engine (runInt8 { earlyExit }), the wasm engine (the C kernels' return values)
 * and the C package (`<prefix>_exit()`) report the same outcome for the same input.
 */
import type { IntTensor } from '../ops/op-def.ts'
import type { PreparedGraph } from '../plan/prepare-graph.ts'

export interface ExitOutcome {
  /** Index of the exit that fired (0-based, execution order), or the number of exits when none did (main path). */
  index: number
  /** The fired Exit's node id; undefined on the main path. */
  nodeId?: string
  /** Nodes run until the decision: a prefix of the execution order (all of it on the main path). */
  nodesRun: number
}

/** The outcome when no exit fired: every node ran. */
export function mainPath(prepared: PreparedGraph): ExitOutcome {
  return { index: prepared.exitIds.length, nodesRun: prepared.order.length }
}

/** The early-exit run of an int8 model: the outcome and the graph outputs computed (the fired exit's, or the main ones). */
export interface ExitRun {
  exit: ExitOutcome
  /** Outputs of the graph that were computed before the stop (every exit reached, and the main outputs on the main path). */
  outputs: Map<string, IntTensor>
}

/** The graph outputs computed by a run that stopped after `nodesRun` nodes. */
export function reachedOutputs(prepared: PreparedGraph, nodesRun: number, outputOf: (id: string) => IntTensor): Map<string, IntTensor> {
  const ran = new Set(prepared.order.slice(0, nodesRun))
  return new Map(prepared.outputIds.filter((id) => ran.has(id)).map((id) => [id, outputOf(id)]))
}
