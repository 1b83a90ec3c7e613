/**
 * The early-exit report of a quantized graph on labelled data: per exit its rule, threshold, measured exit rate and
 * the accuracy of the samples it decided; the accuracy with exits against the main path alone; and per target the
 * expected latency and energy from the measured rates (estimate/exit-costs.ts) beside the no-exit figures, with the
 * exits that are a net loss flagged. `calibrateExits` also picks new thresholds (calibrate-exits.ts) and returns the
 * change that sets them (one undoable edit).
 */
import { analyzeGraph } from '../../analysis/analyze-graph.ts'
import { estimate } from '../../estimate/estimate.ts'
import type { ExpectedExitCost, ExitSite } from '../../estimate/exit-costs.ts'
import { exitSites, exitTargetCosts, expectedExitCost } from '../../estimate/exit-costs.ts'
import type { KernelRuntime } from '../../estimate/kernel-runtime.ts'
import type { GraphChange } from '../../ir/changes.ts'
import type { Graph } from '../../ir/types.ts'
import type { Target } from '../../targets/types.ts'
import type { VendorLibrary } from '../../vendors/types.ts'
import type { Calibration, ExitOutcome } from './calibrate-exits.ts'
import { calibrateThresholds, evaluateThresholds } from './calibrate-exits.ts'
import type { ExitSamples } from './exit-samples.ts'

export interface ExitRow {
  id: string
  name: string
  rule: string
  threshold: number
  rate: number
  /** Accuracy of the samples this exit decided (null: none). */
  accuracy: number | null
}

export interface ExitTargetRow extends ExpectedExitCost {
  targetId: string
  name: string
  /** Latency when no exit fires (every head ran). */
  fullLatencyMs: number
}

export interface ExitReport {
  samples: number
  /** Main path alone (no exit) and with the exits, on the same samples. */
  mainAccuracy: number
  accuracy: number
  exits: ExitRow[]
  main: { rate: number; accuracy: number | null }
  /** Share of the first target's full latency run before each exit decides (the calibration's costs). */
  costShares: number[]
  costTarget: string
  targets: ExitTargetRow[]
}

export interface ExitContext {
  graph: Graph
  library: VendorLibrary
  targets: readonly Target[]
  runtime?: KernelRuntime
}

interface Costs { sites: ExitSite[]; perTarget: ReturnType<typeof exitTargetCosts>; shares: number[] }

function costsOf(ctx: ExitContext): Costs {
  const analysis = analyzeGraph(ctx.graph, ctx.library)
  const report = estimate(ctx.graph, ctx.library, ctx.targets, { analysis, runtime: ctx.runtime })
  const sites = exitSites(ctx.graph, analysis)
  const perTarget = exitTargetCosts(report, ctx.graph, sites, analysis)
  if (perTarget.length === 0) throw new RangeError(`${ctx.library.name} has no latency model for these targets; pick other targets`)
  const first = perTarget[0]
  return { sites, perTarget, shares: first.prefixMs.map((ms) => ms / first.fullMs) }
}

/** The thresholds the graph's Exit nodes hold now, in exit order. */
export function currentThresholds(graph: Graph, exitIds: readonly string[]): number[] {
  return exitIds.map((id) => Number(graph.nodes.find((n) => n.id === id)?.attrs.threshold ?? 230))
}

function reportOf(ctx: ExitContext, costs: Costs, samples: ExitSamples, outcome: ExitOutcome, mainAccuracy: number): ExitReport {
  const byId = new Map(ctx.graph.nodes.map((n) => [n.id, n]))
  const K = samples.exitIds.length
  return {
    samples: samples.count, mainAccuracy, accuracy: outcome.accuracy,
    exits: samples.exitIds.map((id, k) => ({ id, name: byId.get(id)?.name ?? id, rule: String(byId.get(id)?.attrs.rule ?? 'softmax'),
      threshold: outcome.thresholds[k], rate: outcome.rates[k], accuracy: outcome.decidedAccuracy[k] })),
    main: { rate: outcome.rates[K], accuracy: outcome.decidedAccuracy[K] },
    costShares: costs.shares, costTarget: costs.perTarget[0].name,
    targets: costs.perTarget.map((c) => ({ targetId: c.targetId, name: c.name, fullLatencyMs: c.fullMs,
      ...expectedExitCost(c, outcome.rates.slice(0, K)) })),
  }
}

/** The report for the graph's current thresholds. */
export function exitReport(ctx: ExitContext, samples: ExitSamples): ExitReport {
  const costs = costsOf(ctx)
  const outcome = evaluateThresholds(samples, currentThresholds(ctx.graph, samples.exitIds), costs.shares)
  let mainRight = 0
  for (let i = 0; i < samples.count; i++) mainRight += samples.mainCorrect[i]
  return reportOf(ctx, costs, samples, outcome, mainRight / Math.max(1, samples.count))
}

export interface CalibratedExits {
  calibration: Calibration
  report: ExitReport
  /** Sets the calibrated thresholds on the Exit nodes (one edit). */
  changes: GraphChange[]
}

/** Calibrates the thresholds within `maxLossPct` points of the main path's accuracy and reports the result. */
export function calibrateExits(ctx: ExitContext, samples: ExitSamples, maxLossPct: number): CalibratedExits {
  const costs = costsOf(ctx)
  const calibration = calibrateThresholds(samples, { maxLossPct, costs: costs.shares }, currentThresholds(ctx.graph, samples.exitIds))
  const byId = new Map(ctx.graph.nodes.map((n) => [n.id, n]))
  const changes: GraphChange[] = samples.exitIds.map((id, k) => ({ type: 'updateNode', id,
    set: { attrs: { ...byId.get(id)!.attrs, threshold: calibration.best.thresholds[k] } } }))
  return { calibration, report: reportOf(ctx, costs, samples, calibration.best, calibration.mainAccuracy), changes }
}
