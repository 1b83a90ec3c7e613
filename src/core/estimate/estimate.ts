/**
 * The estimator: graph + vendor library + targets → EstimateReport (report-types.ts; method in docs/estimator.md).
 *
 * Pure and total: it never throws for a bad graph. A node whose output shape cannot be inferred (its own error or
 * one upstream) is listed with its diagnostics and `estimated: false` and contributes nothing; everything else is
 * estimated. Fast enough for every edit: pass the GraphAnalysis the editor already has (`options.analysis`, made
 * with the same library) and the graph is analysed once; the planner policy is memory-report.ts's. `options.runtime`
 * picks the kernels the exported package links (kernel-runtime.ts): CMSIS-NN or the portable C runtime; by default
 * the library's own (defaultKernelRuntime: CMSIS-NN for s8, portable for pow2).
 * Throws only for programming errors in `options` (a reserve fraction outside [0, 1), an unknown runtime).
 */
import type { AnalysisMemo, GraphAnalysis, NodeAnalysis } from '../analysis/analyze-graph.ts'
import { analyzeGraph } from '../analysis/analyze-graph.ts'
import type { Graph, GraphNode } from '../ir/types.ts'
import { shapeSize } from '../ir/types.ts'
import type { WeightSpec } from '../ops/op-def.ts'
import { getOp } from '../ops/registry.ts'
import type { Target } from '../targets/types.ts'
import type { VendorLibrary } from '../vendors/types.ts'
import { opKindOf } from './cost-model.ts'
import type { TargetWork } from './estimate-target.ts'
import type { TotalsCache } from './estimate-target.ts'
import { estimateTarget, targetTotals } from './estimate-target.ts'
import type { KernelCall } from '../kernels/types.ts'
import { bindingOf, kernelSite, siteBindingOf } from '../kernels/registry.ts'
import { storedEncoding } from '../quant/weight-encoding.ts'
import { int4Problem } from '../vendors/int4.ts'
import type { DecodeWork } from './decode-cost.ts'
import { decodeWork } from './decode-cost.ts'
import { KERNEL_ISAS } from '../targets/cores.ts'
import { layerConstants } from './flash-model.ts'
import type { KernelRuntime } from './kernel-runtime.ts'
import { KERNEL_RUNTIMES, defaultKernelRuntime, runtimeIdOf } from './kernel-runtime.ts'
import { DEFAULT_ALIGNMENT } from '../plan/memory-planner.ts'
import { planGraphMemory } from '../plan/plan-graph.ts'
import type { PlannerChoice } from './memory-report.ts'
import { memoryReport } from './memory-report.ts'
import type { EstimateReport, LayerEstimate } from './report-types.ts'

export interface EstimateOptions {
  /** Model name for the report (default 'model'). */
  name?: string
  /** A ready analysis of `graph` with the same library, to avoid analysing twice. */
  analysis?: GraphAnalysis
  /** Arena planner: 'auto' (default; see memory-report.ts), 'optimizing' or 'greedy'. */
  planner?: PlannerChoice
  /** Arena alignment in bytes (default 16, TFLite Micro's). */
  alignment?: number
  /**
   * Fractions of each device's flash and SRAM held back for the application (default 0: a target "fits" when the
   * model alone fits in the whole device). Each must lie in [0, 1).
   */
  reserve?: { flash?: number; ram?: number }
  /**
   * Kernels the exported package links: 'portable' (the C package's own runtime, what a plain `make` builds) or
   * 'cmsis-nn' (built with -DTINYFORGE_USE_CMSIS_NN; for pow2-q7, CMSIS_5's q7 kernels). Changes code sizes,
   * scratch and latency (docs/estimator.md). Default: defaultKernelRuntime(library.scheme).
   */
  runtime?: KernelRuntime
}

/** What the per-target pass needs about a layer beyond its report entry. */
export interface LayerWork {
  layer: LayerEstimate
  /** Index into memory.order, or -1 for nodes outside the execution order (on a cycle). */
  step: number
  inputElements: number
  outputElements: number
  calls: KernelCall[] | null
  /** What decoding encoded weights costs the layer (decode-cost.ts); null for dense weights. */
  decode: DecodeWork | null
}

export function estimate(graph: Graph, library: VendorLibrary, targets: readonly Target[], options: EstimateOptions = {}): EstimateReport {
  const reserve = { flash: fraction(options.reserve?.flash, 'flash'), ram: fraction(options.reserve?.ram, 'ram') }
  const runtime = options.runtime ?? defaultKernelRuntime(library.scheme)
  if (!KERNEL_RUNTIMES.includes(runtime)) throw new RangeError(`runtime must be one of ${KERNEL_RUNTIMES.join(', ')}, got ${runtime}`)
  const analysis = options.analysis ?? analyzeGraph(graph, library)
  const memory = memoryReport(graph, library, analysis, options.planner ?? 'auto', options.alignment)
  const works = layerWorks(graph, library, analysis, runtime)
  const layers = works.map((w) => w.layer)
  const estimated = layers.filter((l) => l.estimated)
  const sum = (pick: (l: LayerEstimate) => number) => estimated.reduce((s, l) => s + pick(l), 0)
  const work: TargetWork = { library, runtime, layers: works, memory, reserve }
  return {
    model: {
      name: options.name ?? 'model', macs: sum((l) => l.macs), params: sum((l) => l.params), weightBytes: sum((l) => l.weightBytes),
      biasBytes: sum((l) => l.biasBytes), quantParamBytes: sum((l) => l.quantParamBytes), nodes: graph.nodes.length,
      estimatedNodes: estimated.length,
    },
    library: library.id,
    libraryName: library.name,
    runtime,
    complete: analysis.ok && estimated.length === layers.length,
    diagnostics: analysis.diagnostics,
    layers,
    memory,
    targets: targets.map((t) => estimateTarget(t, work)),
  }
}

/** One target's totals in an EstimateTotals. */
export interface TargetTotalsSummary {
  id: string
  flashBytes: number
  ramBytes: number
  latencyMs: number | null
  energyUj: number | null
  fits: { flash: boolean; ram: boolean }
}

/** The totals of an estimate, without per-layer detail or provenance text: what the family explorer compares. */
export interface EstimateTotals {
  /** False when the analysis found errors (the variant cannot run as drawn). */
  ok: boolean
  /** The first error sentences (node name: message), when not ok. */
  errors: string[]
  macs: number
  params: number
  weightBytes: number
  arenaBytes: number
  targets: TargetTotalsSummary[]
}

export interface EstimateTotalsOptions extends Pick<EstimateOptions, 'reserve' | 'runtime' | 'alignment'> {
  /** Node analyses remembered across calls (analysis/analyze-graph.ts AnalysisMemo). */
  memo?: AnalysisMemo
}

/**
 * The totals of estimate() for a graph, fast: one (memoised) analysis, TFLM's greedy-by-size arena, and per target
 * the same layer costs, code and RAM rules as the full report (targetTotals). Equal to
 * `estimate(graph, library, targets, { planner: 'greedy' })`'s totals (tested).
 */
export function estimateTotals(graph: Graph, library: VendorLibrary, targets: readonly Target[], options: EstimateTotalsOptions = {}): EstimateTotals {
  const reserve = { flash: fraction(options.reserve?.flash, 'flash'), ram: fraction(options.reserve?.ram, 'ram') }
  const runtime = options.runtime ?? defaultKernelRuntime(library.scheme)
  const analysis = analyzeGraph(graph, library, options.memo)
  const byId = new Map(graph.nodes.map((n) => [n.id, n]))
  const errors = analysis.diagnostics.filter((d) => d.severity === 'error').slice(0, 3)
    .map((d) => `${d.nodeId ? `${byId.get(d.nodeId)?.name ?? d.nodeId}: ` : ''}${d.message}`)
  const plan = planGraphMemory(graph, library, { analysis, planner: 'greedy', alignment: options.alignment ?? DEFAULT_ALIGNMENT })
  const works = layerWorks(graph, library, analysis, runtime)
  let macs = 0
  let params = 0
  let weightBytes = 0
  for (const w of works) {
    if (!w.layer.estimated) continue
    macs += w.layer.macs
    params += w.layer.params
    weightBytes += w.layer.weightBytes
  }
  const work = { library, runtime, layers: works, arenaBytes: plan.arenaBytes, bufferCount: plan.buffers.length, reserve }
  const cache: TotalsCache = new Map()
  return {
    ok: analysis.ok, errors, macs, params, weightBytes, arenaBytes: plan.arenaBytes,
    targets: targets.map((target) => {
      const t = targetTotals(target, work, cache)
      return { id: target.id, flashBytes: t.flashBytes, ramBytes: t.ramBytes, latencyMs: t.latencyMs, energyUj: t.energyUj, fits: t.fits }
    }),
  }
}

function fraction(value: number | undefined, what: string): number {
  if (value === undefined) return 0
  if (!(value >= 0 && value < 1)) throw new RangeError(`reserve.${what} must be a fraction in [0, 1), got ${value}`)
  return value
}

/** Target-independent facts of every node: execution order first, then nodes on cycles. */
function layerWorks(graph: Graph, library: VendorLibrary, analysis: GraphAnalysis, runtime: KernelRuntime): LayerWork[] {
  const byId = new Map(graph.nodes.map((n) => [n.id, n]))
  const inOrder = new Set(analysis.order)
  const ids = [...analysis.order, ...graph.nodes.filter((n) => !inOrder.has(n.id)).map((n) => n.id)]
  return ids.map((id, index) => layerWork(byId.get(id)!, analysis.nodes.get(id), library, analysis, runtime,
    index < analysis.order.length ? index : -1))
}

function layerWork(node: GraphNode, na: NodeAnalysis | undefined, library: VendorLibrary, analysis: GraphAnalysis,
  runtime: KernelRuntime, step: number): LayerWork {
  const attrs = na?.attrs ?? node.attrs
  const output = na?.output
  const inputs = na?.inputs ?? []
  const def = getOp(node.op)
  let specs: WeightSpec[] = []
  if (def && output) {
    try {
      specs = def.weightSpecs(attrs, inputs)
    } catch {
      specs = [] // the analysis already reported why this node's weights cannot be shaped
    }
  }
  // Encoded weights (palettized, sparse) of an s8 library: stored and run as such (decoding kernels in every build).
  const stored = node.weights?.weights
  const fits = output !== undefined && specs.some((s) => s.name === 'weights' && stored && shapeSize(s.shape) === stored.data.length)
  // A layer set to int4 whose weights are not quantized yet is priced as PTQ will store it (packed int4).
  const planned = node.precision?.weights === 'int4' && output && !(stored?.data instanceof Int8Array) &&
    int4Problem(library, node.op) === undefined ? { kind: 'int4' as const } : undefined
  const encoding = library.scheme === 's8' ? (fits ? storedEncoding(stored) : undefined) ?? planned : undefined
  const constants = output ? layerConstants(library, node, specs, encoding) : { weightBytes: 0, biasBytes: 0, quantParamBytes: 0 }
  // Kernel facts come from the bindings (kernels/): the vendor's scratch per code path, the portable runtime's
  // (the package reserves the largest of its paths), and the calls of the report's runtime.
  const base = output ? kernelSite(node.op, library.scheme, attrs, inputs, output) : undefined
  const site = base && encoding ? { ...base, encoding } : base
  const vendor = site ? siteBindingOf(library.kernelRuntime, site) : undefined
  const portable = site ? bindingOf('portable', site.op) : undefined
  const scratch = { c: 0, dsp: 0, mve: 0 }
  if (site && vendor) for (const isa of KERNEL_ISAS) scratch[isa] = vendor.scratchBytes(site, isa)
  const portableScratch = site && portable ? Math.max(...KERNEL_ISAS.map((isa) => portable.scratchBytes(site, isa))) : 0
  const supported = na?.supported ?? false
  const calls = !site || !supported ? null : siteBindingOf(runtimeIdOf(runtime, library), site).calls(site)
  const layer: LayerEstimate = {
    node: node.id, name: node.name, op: node.op, kind: opKindOf(node.op, attrs), macs: output ? na!.macs : 0,
    params: output ? na!.params : 0, ...constants,
    outputBytes: output ? shapeSize(output.shape) : 0, outputShape: output ? [...output.shape] : null,
    scratchBytes: scratch, portableScratchBytes: portableScratch, kernels: calls ? [...new Set(calls.map((c) => c.kernel))] : null,
    encoding: encoding ?? null, estimated: output !== undefined, supported, diagnostics: analysis.byNode.get(node.id) ?? [],
  }
  return {
    layer, step, calls, decode: site?.encoding ? decodeWork(site) : null,
    inputElements: inputs[0] ? shapeSize(inputs[0].shape) : 0,
    outputElements: output ? shapeSize(output.shape) : 0,
  }
}
