/**
 * Early exit in the estimator: what each exit costs and what the exits save, per target (method: docs/early-exit.md).
 *
 * Sites (from the exit-aware execution order, analysis/execution-order.ts): exit k decides after the nodes
 * `prefix[k]` = order[0 .. index of exit k] — the union of the ancestors of exits 1..k, so earlier exits' heads are
 * in it; its head = the nodes that lead to exit k and to no main output.
 * Per target (energy = latency × active power):
 *   fullMs       Σ of every node's latency in the estimate (no exit fired: heads included): the board-fitted cost model
 *   mainMs       Σ of the main path's (no heads): the network without exits, as the estimate prices it
 *   prefixMs[k]  fullMs · share_k,  share_k = W(prefix[k]) / W(every node)      headMs[k] = fullMs · W(head[k]) / W(every node)
 * W sums per-layer weights that distribute the cost WITHIN the network: the per-layer instruction model of the kernels
 * the target runs (layer-instructions.ts, fitted to QEMU counts; docs/cost-model.md) — the cost model's per-layer terms
 * miss per-pixel work (a 1-channel convolution's im2col, pooling) that moves the shares by up to 2.6× (docs/early-exit.md).
 * A layer the instruction model does not cover (other ops, encoded weights) weighs its cost-model cycles; a target
 * without a fitted build (Helium CMSIS-NN, pow2) uses the cost model's cycles throughout (`shareBasis`).
 * With measured exit rates r_k (P(exit k fires), main: r_main = 1 − Σ r_k):
 *   E[latency] = Σ_k r_k · prefixMs[k] + r_main · fullMs          E[energy] = E[latency] · active power
 * An exit is flagged a net loss when even its optimistic gain is not positive:
 *   gain_k = r_k · (fullMs − prefixMs[k]) − reach_k · headMs[k],   reach_k = 1 − Σ_{j<k} r_j
 * (samples that exit at k are assumed to run to the end otherwise — later exits might catch some — so a negative
 * gain_k means removing the exit would not cost latency).
 * Peak RAM needs nothing here: the memory planner sees the exit heads' buffers (graph nodes) in the same order.
 */
import type { GraphAnalysis } from '../analysis/analyze-graph.ts'
import { analyzeGraph } from '../analysis/analyze-graph.ts'
import { EXIT_OP, exitIds, graphOutputs } from '../analysis/execution-order.ts'
import type { Graph } from '../ir/types.ts'
import { getLibrary } from '../vendors/registry.ts'
import type { InstructionBuild } from './layer-instructions.ts'
import { instructionBuildOf, layerShapeOf, predictInstructions } from './layer-instructions.ts'
import type { EstimateReport } from './report-types.ts'

export interface ExitSite {
  id: string
  name: string
  /** Nodes run before (and including) the exit's decision, in execution order. */
  prefix: string[]
  /** Nodes that lead to this exit and to no main output. */
  head: string[]
}

export interface ExitTargetCosts {
  targetId: string
  name: string
  activePowerMw: number
  /** Latency of every node (an inference no exit stops), of the main path alone (no heads), per exit prefix and head. */
  fullMs: number
  mainMs: number
  prefixMs: number[]
  headMs: number[]
  /** What split fullMs into prefixes and heads: the instruction model of a kernel build, or the cost model's cycles. */
  shareBasis: InstructionBuild | 'cost model'
}

export interface ExpectedExitCost {
  latencyMs: number
  energyUj: number
  /** The network without exits (main path only). */
  mainLatencyMs: number
  mainEnergyUj: number
  /** 1 − E[latency] / mainLatencyMs (negative: the exits cost more than they save). */
  saving: number
  exits: { rate: number; reach: number; prefixMs: number; share: number; gainMs: number; netLoss: boolean }[]
}

const reachable = (graph: Graph, from: readonly string[], forward: boolean): Set<string> => {
  const next = new Map<string, string[]>()
  for (const e of graph.edges) {
    const [a, b] = forward ? [e.source, e.target] : [e.target, e.source]
    next.set(a, [...(next.get(a) ?? []), b])
  }
  const seen = new Set<string>()
  const stack = [...from]
  while (stack.length > 0) {
    const id = stack.pop()!
    if (seen.has(id)) continue
    seen.add(id)
    stack.push(...(next.get(id) ?? []))
  }
  return seen
}

/** The exits of a graph in execution order, with their prefixes and heads. */
export function exitSites(graph: Graph, analysis: GraphAnalysis): ExitSite[] {
  const order = analysis.order
  const byId = new Map(graph.nodes.map((n) => [n.id, n]))
  const mains = graphOutputs(graph, order).filter((id) => byId.get(id)?.op !== EXIT_OP)
  const feedsMain = reachable(graph, mains, false)
  return exitIds(graph, order).map((id) => {
    const ancestors = reachable(graph, [id], false)
    return { id, name: byId.get(id)!.name, prefix: order.slice(0, order.indexOf(id) + 1),
      head: order.filter((n) => ancestors.has(n) && !feedsMain.has(n)) }
  })
}

/**
 * Per target of the report: full, main-path, prefix and head latencies (targets without a cost model are left out).
 * `analysis` (of `graph` with the report's library) gives the layer shapes the instruction model needs; made when absent.
 */
export function exitTargetCosts(report: EstimateReport, graph: Graph, sites: readonly ExitSite[], analysis?: GraphAnalysis): ExitTargetCosts[] {
  const heads = new Set(sites.flatMap((s) => s.head))
  const ids = graph.nodes.map((n) => n.id)
  const library = getLibrary(report.library)
  const byId = new Map(graph.nodes.map((n) => [n.id, n]))
  const layerOf = new Map(report.layers.map((l) => [l.node, l]))
  let shapes: GraphAnalysis | undefined = analysis
  return report.targets.filter((t) => t.latencyMs !== null).map((t) => {
    const ms = new Map(t.layers.map((l) => [l.node, l.latencyMs ?? 0]))
    const sum = (m: Map<string, number>, list: Iterable<string>) => { let s = 0; for (const id of list) s += m.get(id) ?? 0; return s }
    const fullMs = sum(ms, ids)
    const build = library ? instructionBuildOf(library.scheme, report.runtime, t.core) : null
    // Weights: predicted instructions where the model covers the layer, its cost-model cycles elsewhere.
    const weight = new Map(t.layers.map((l) => [l.node, l.cycles]))
    if (build && library) {
      shapes ??= analyzeGraph(graph, library)
      for (const l of t.layers) {
        const layer = layerOf.get(l.node)
        if (!layer?.estimated || !layer.supported || layer.encoding || l.cycles === 0) continue
        const shape = layerShapeOf(byId.get(l.node)?.op ?? layer.op, shapes.nodes.get(l.node))
        const predicted = shape ? predictInstructions(build, shape) : null
        if (predicted !== null) weight.set(l.node, predicted)
      }
    }
    const total = sum(weight, ids)
    const split = (list: Iterable<string>) => (total > 0 ? (fullMs * sum(weight, list)) / total : 0)
    return {
      targetId: t.id, name: t.name, activePowerMw: t.activePowerMw,
      fullMs, mainMs: sum(ms, ids.filter((id) => !heads.has(id))),
      prefixMs: sites.map((s) => split(s.prefix)), headMs: sites.map((s) => split(s.head)),
      shareBasis: build ?? 'cost model',
    }
  })
}

/** Expected latency and energy on one target for exit rates `rates[k]` = P(exit k fires) (see the file comment). */
export function expectedExitCost(costs: ExitTargetCosts, rates: readonly number[]): ExpectedExitCost {
  if (rates.length !== costs.prefixMs.length) throw new RangeError(`expected ${costs.prefixMs.length} exit rates, got ${rates.length}`)
  const total = rates.reduce((a, b) => a + b, 0)
  if (rates.some((r) => !(r >= 0)) || total > 1 + 1e-9) throw new RangeError('exit rates must be ≥ 0 and sum to at most 1')
  const main = Math.max(0, 1 - total)
  const latencyMs = rates.reduce((s, r, k) => s + r * costs.prefixMs[k], 0) + main * costs.fullMs
  let reach = 1
  const exits = rates.map((rate, k) => {
    const gainMs = rate * (costs.fullMs - costs.prefixMs[k]) - reach * costs.headMs[k]
    const e = { rate, reach, prefixMs: costs.prefixMs[k], share: costs.prefixMs[k] / costs.fullMs, gainMs, netLoss: gainMs <= 0 }
    reach -= rate
    return e
  })
  const power = costs.activePowerMw
  return { latencyMs, energyUj: latencyMs * power, mainLatencyMs: costs.mainMs, mainEnergyUj: costs.mainMs * power,
    saving: 1 - latencyMs / costs.mainMs, exits }
}
