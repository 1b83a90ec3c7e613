/**
 * The activation arena of an estimate: the memory planner run over the analysed graph, plus what the timeline
 * chart needs (every tensor's offset, size and lifetime in steps; live bytes per step).
 *
 * Planner policy ('auto', the default; the estimator runs on every edit): the optimizing planner (never worse than
 * TFLM's greedy-by-size) for graphs of up to AUTO_OPTIMIZING_MAX_NODES nodes, its exact search limited to
 * EXACT_SEARCH_BUDGET placements (at most 12 buffers, as the planner's own limit); above that node count, TFLM's
 * greedy-by-size alone. Timings behind these numbers: `npm run bench` (docs/estimator.md).
 */
import type { GraphAnalysis } from '../analysis/analyze-graph.ts'
import type { Graph } from '../ir/types.ts'
import { DEFAULT_ALIGNMENT, alignUp } from '../plan/memory-planner.ts'
import type { GraphMemoryPlan } from '../plan/plan-graph.ts'
import { planGraphMemory } from '../plan/plan-graph.ts'
import type { VendorLibrary } from '../vendors/types.ts'
import type { ArenaBuffer, MemoryReport } from './report-types.ts'

export type PlannerChoice = 'auto' | 'greedy' | 'optimizing'

/** Largest graph (nodes) the 'auto' policy gives the optimizing planner. */
export const AUTO_OPTIMIZING_MAX_NODES = 256
/** Placements the exact search may try per estimate (the planner's own default is 200,000). */
export const EXACT_SEARCH_BUDGET = 5_000

export function memoryReport(
  graph: Graph, library: VendorLibrary, analysis: GraphAnalysis, choice: PlannerChoice = 'auto', alignment = DEFAULT_ALIGNMENT,
): MemoryReport {
  const nodes = analysis.order.length
  const optimizing = choice === 'optimizing' || (choice === 'auto' && nodes <= AUTO_OPTIMIZING_MAX_NODES)
  const plan = planGraphMemory(graph, library, {
    analysis, alignment, planner: optimizing ? 'optimizing' : 'greedy', nodeBudget: EXACT_SEARCH_BUDGET,
  })
  const plannerBasis = choice !== 'auto'
    ? `${plan.planner} planner requested`
    : optimizing
      ? `optimizing planner (orderings × first/best fit; exact search for ≤ 12 buffers within ${EXACT_SEARCH_BUDGET} placements) ` +
        `for graphs of ≤ ${AUTO_OPTIMIZING_MAX_NODES} nodes`
      : `greedy-by-size (TFLite Micro's planner) above ${AUTO_OPTIMIZING_MAX_NODES} nodes, to stay fast`
  const nameOf = new Map(graph.nodes.map((n) => [n.id, n.name]))
  const last = Math.max(0, plan.order.length - 1)
  const buffers: ArenaBuffer[] = [...plan.buffers.map((b) => ({
    node: b.nodeId, name: nameOf.get(b.nodeId) ?? b.nodeId, size: b.size, alignedSize: alignUp(b.size, alignment),
    offset: b.offset, firstUse: b.firstUse, lastUse: b.lastUse, aliasOf: b.aliasOf ?? null,
  })), ...plan.states.map((s) => ({
    // A stateful node's state lives across invocations: the whole schedule.
    node: s.nodeId, name: `${nameOf.get(s.nodeId) ?? s.nodeId} ${s.name} state`, size: s.size, alignedSize: alignUp(s.size, alignment),
    offset: s.offset, firstUse: 0, lastUse: last, aliasOf: null, state: s.name,
  }))]
  const consumed = new Set(graph.edges.map((e) => e.source))
  const inputIds = new Set(graph.nodes.filter((n) => n.op === 'Input').map((n) => n.id))
  const sizeOf = (pick: (id: string) => boolean) => plan.buffers.filter((b) => pick(b.nodeId)).reduce((s, b) => s + b.size, 0)
  return {
    planner: plan.planner,
    plannerBasis,
    alignment,
    arenaBytes: plan.arenaBytes,
    lowerBoundBytes: plan.lowerBoundBytes,
    order: plan.order,
    buffers,
    liveBytes: liveBytesByStep(plan, buffers),
    inputBytes: sizeOf((id) => inputIds.has(id)),
    outputBytes: sizeOf((id) => !consumed.has(id)),
    ioInArena: true,
  }
}

/** Aligned bytes live at each step; tensors sharing a buffer (aliases) count once, at the buffer's size. */
function liveBytesByStep(plan: GraphMemoryPlan, buffers: readonly ArenaBuffer[]): number[] {
  const groups = new Map<string, { size: number; first: number; last: number }>()
  for (const b of buffers) {
    const key = b.aliasOf ?? (b.state !== undefined ? `${b.node}|state:${b.state}` : b.node)
    const g = groups.get(key)
    if (g) g.size = Math.max(g.size, b.alignedSize)
    else groups.set(key, { size: b.alignedSize, first: b.firstUse, last: b.lastUse })
  }
  const live = new Array<number>(plan.order.length).fill(0)
  for (const g of groups.values()) for (let t = g.first; t <= g.last && t < live.length; t++) live[t] += g.size
  return live
}
