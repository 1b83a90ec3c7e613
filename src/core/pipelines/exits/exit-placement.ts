/**
 * The exit-placement explorer: where would one exit pay? For every node of the main path that can take a head (a
 * feature map or a vector, Input and the final output excluded), the main path alone with one head attached there
 * (`attach`: a head template, e.g. core/templates/exit-heads.ts) is estimated on a target, giving
 *   prefixMs  the main path up to the tap + the head (what an inference that exits there costs)
 *   headMs    the head alone (what every inference that reaches the tap pays)
 * (both the estimate's latency of the attached graph × their share by the per-layer instruction model, as in
 * estimate/exit-costs.ts)
 *   mainMs    the main path alone (no exit)
 * and, for an assumed exit rate r at that tap, E[latency] = r · prefixMs + (1 − r) · (mainMs + headMs); the exit pays
 * when r exceeds the break-even rate headMs / (mainMs + headMs − prefixMs). The graph's own exits are left out, so
 * positions compare on the same main path.
 */
import { analyzeGraph } from '../../analysis/analyze-graph.ts'
import { EXIT_OP, graphOutputs } from '../../analysis/execution-order.ts'
import { estimate } from '../../estimate/estimate.ts'
import { exitSites, exitTargetCosts } from '../../estimate/exit-costs.ts'
import type { Graph } from '../../ir/types.ts'
import type { Target } from '../../targets/types.ts'
import type { VendorLibrary } from '../../vendors/types.ts'

export interface PlacementPoint {
  tapId: string
  name: string
  prefixMs: number
  headMs: number
  mainMs: number
  /** The exit rate above which this exit saves latency (> 1: never). */
  breakEvenRate: number
}

/** The main path of a graph: every node that feeds a main (non-Exit) output; the exits' heads removed. */
export function mainPath(graph: Graph): Graph {
  const analysis = analyzeGraph(graph)
  const byId = new Map(graph.nodes.map((n) => [n.id, n]))
  const mains = graphOutputs(graph, analysis.order).filter((id) => byId.get(id)?.op !== EXIT_OP)
  const keep = new Set<string>()
  const stack = [...mains]
  while (stack.length > 0) {
    const id = stack.pop()!
    if (keep.has(id)) continue
    keep.add(id)
    for (const e of graph.edges) if (e.target === id) stack.push(e.source)
  }
  return { ...graph, nodes: graph.nodes.filter((n) => keep.has(n.id)), edges: graph.edges.filter((e) => keep.has(e.source) && keep.has(e.target)) }
}

/** One point per tap position of the main path (execution order) on `target`; taps the template refuses are skipped. */
export function exitPlacement(graph: Graph, library: VendorLibrary, target: Target,
  attach: (g: Graph, tapId: string) => { graph: Graph; head: readonly string[] } | undefined): PlacementPoint[] {
  const main = mainPath(graph)
  const analysis = analyzeGraph(main, library)
  const mainReport = estimate(main, library, [target], { analysis })
  const mainMs = mainReport.targets[0]?.latencyMs
  if (mainMs === null || mainMs === undefined) return []
  const outputs = new Set(graphOutputs(main, analysis.order))
  const byId = new Map(main.nodes.map((n) => [n.id, n]))
  const points: PlacementPoint[] = []
  for (const tapId of analysis.order) {
    const node = byId.get(tapId)!
    const rank = analysis.nodes.get(tapId)?.output?.shape.length
    if (node.op === 'Input' || outputs.has(tapId) || (rank !== 4 && rank !== 2)) continue
    const attached = attach(main, tapId)
    if (!attached) continue
    const a = analyzeGraph(attached.graph, library)
    if (!a.ok) continue
    // The one exit's prefix and head: the estimate's full latency split as exit-costs.ts splits it (instruction model).
    const sites = exitSites(attached.graph, a)
    const costs = exitTargetCosts(estimate(attached.graph, library, [target], { analysis: a }), attached.graph, sites, a)[0]
    if (!costs || sites.length !== 1) continue
    const [prefixMs, headMs] = [costs.prefixMs[0], costs.headMs[0]]
    const saved = mainMs + headMs - prefixMs
    points.push({ tapId, name: node.name, prefixMs, headMs, mainMs, breakEvenRate: saved > 0 ? headMs / saved : Infinity })
  }
  return points
}

/** E[latency] with one exit at a tap that fires at rate r. */
export function placementExpectedMs(p: PlacementPoint, rate: number): number {
  return rate * p.prefixMs + (1 - rate) * (p.mainMs + p.headMs)
}
