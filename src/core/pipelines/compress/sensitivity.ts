/**
 * Sensitivity scan: how much each layer tolerates a compression method, and what the whole model trades in size for it.
 *   per layer — the method applied to that layer alone at each level (channel ratio, clusters, sparsity; SCAN_LEVELS),
 *   global    — the method applied to every layer at each level, with the flash of the package on one target.
 * Quality is measured as **top-1 agreement** with the uncompressed model's output on seeded inputs (the calibration
 * generator's, data/calibration-data.ts): a quantized graph runs on the given int8 engine (the device's arithmetic), a
 * float graph on the float engine. It is agreement, not accuracy: no labels are involved. A level the method refuses for
 * a layer (fewer codes than clusters, a blocked channel group) is null.
 */
import type { Rounding } from '../../quant/fixed-point.ts'
import { syntheticSamples } from '../../data/calibration-data.ts'
import { runFloat } from '../../engine/float-engine.ts'
import type { Int8Engine } from '../../engine/int8-engines.ts'
import { estimateTotals } from '../../estimate/estimate.ts'
import type { KernelRuntime } from '../../estimate/kernel-runtime.ts'
import { analyzeGraph } from '../../analysis/analyze-graph.ts'
import type { Graph } from '../../ir/types.ts'
import type { Target } from '../../targets/types.ts'
import type { VendorLibrary } from '../../vendors/types.ts'
import { channelGroups } from './channel-groups.ts'
import { clusterWeights, clusterableNodes } from './cluster.ts'
import type { CompressSettings } from './compress-plan.ts'
import { SCAN_LEVELS, applyCompression, isCompressError } from './compress-plan.ts'

export interface SensitivityCurve {
  node: string
  name: string
  /** Top-1 agreement (0..1) per level; null where the method refuses the level for this layer. */
  agreement: (number | null)[]
}

export interface SensitivityResult {
  method: CompressSettings['method']
  levels: number[]
  samples: number
  engine: string
  curves: SensitivityCurve[]
  /** Every layer at each level: agreement and the flash of the package on `target` (null when refused). */
  global: { level: number; agreement: number | null; flashBytes: number | null }[]
  /** Flash of the uncompressed package on the target. */
  baseFlashBytes: number
  targetName: string
}

export interface SensitivityOptions {
  samples?: number
  seed?: number
  runtime?: KernelRuntime
  /** The int8 engine of quantized graphs (required for them). */
  engine?: Int8Engine
  /** Its requantization rounding (default 'double'). */
  rounding?: Rounding
  onProgress?(done: number, total: number, label: string): void
}

/** The layers a method can act on alone: producers of prunable channel groups, or layers with (int8 for clustering) weights. */
export function scanLayers(graph: Graph, library: VendorLibrary, method: CompressSettings['method']): { id: string; name: string }[] {
  if (method === 'prune-channels') {
    const groups = channelGroups(graph, analyzeGraph(graph, library)).filter((g) => !g.blocked)
    return groups.map((g) => ({ id: g.producers[0], name: graph.nodes.find((n) => n.id === g.producers[0])!.name }))
  }
  return clusterableNodes(graph).filter((n) => method !== 'cluster' || n.weights?.weights?.dtype === 'int8').map((n) => ({ id: n.id, name: n.name }))
}

export async function sensitivityScan(graph: Graph, library: VendorLibrary, settings: CompressSettings, target: Target,
  options: SensitivityOptions = {}): Promise<SensitivityResult> {
  const method = settings.method
  const levels = SCAN_LEVELS[method]
  const samples = options.samples ?? 16
  const quantized = graph.nodes.some((n) => n.quant?.output)
  if (quantized && !options.engine) throw new Error('a quantized graph needs an int8 engine to scan')
  const raw = syntheticSamples(graph, samples, options.seed ?? 7)
  const top1 = (g: Graph): number[] => {
    if (quantized) {
      const model = options.engine!.prepare(g, library.scheme, options.rounding)
      try {
        const out = model.prepared.outputIds[0]
        return Array.from({ length: samples }, (_, i) => argmax(model.run(model.preprocess(Object.fromEntries(Object.entries(raw)
          .map(([id, xs]) => [id, xs[i]]))), { capture: 'outputs' }).get(out)!))
      } finally {
        model.dispose()
      }
    }
    const outputs: number[] = []
    for (let i = 0; i < samples; i++) {
      const r = runFloat(g, Object.fromEntries(Object.entries(raw).map(([id, xs]) => [id, xs[i]])))
      const consumed = new Set(g.edges.map((e) => e.source))
      const out = g.nodes.find((n) => !consumed.has(n.id) && n.op !== 'Input')!.id
      outputs.push(argmax(r.outputs.get(out)!))
    }
    return outputs
  }
  const base = top1(graph)
  const agree = (g: Graph) => top1(g).reduce((s, c, i) => s + (c === base[i] ? 1 : 0), 0) / samples
  const layers = scanLayers(graph, library, method)
  const total = (layers.length + 1) * levels.length
  let done = 0
  const step = (label: string) => options.onProgress?.(done++, total, label)
  const knob = (level: number): Partial<CompressSettings> => method === 'prune-channels' ? { ratio: level }
    : method === 'cluster' ? { clusters: level as CompressSettings['clusters'] } : { sparsity: level }
  const attempt = <T>(f: () => T): T | null => {
    try {
      return f()
    } catch (err) {
      if (isCompressError(err)) return null
      throw err
    }
  }
  const curves: SensitivityCurve[] = []
  for (const layer of layers) {
    const agreement: (number | null)[] = []
    for (const level of levels) {
      step(`${layer.name} at ${level}`)
      // The layer alone: that layer named (clustering), or the global knob at "no change" and the layer's own level.
      const g = attempt(() => method === 'cluster' ? clusterWeights(graph, library, { clusters: level, layers: [layer.id] }).graph
        : applyCompression(graph, library, { ...settings, ...knob(0), format: 'dense', perLayer: { [layer.id]: level } }).graph)
      agreement.push(g ? agree(g) : null)
    }
    curves.push({ node: layer.id, name: layer.name, agreement })
  }
  const flashOf = (g: Graph) => estimateTotals(g, library, [target], { runtime: options.runtime }).targets[0].flashBytes
  const global = levels.map((level) => {
    step(`every layer at ${level}`)
    const g = attempt(() => applyCompression(graph, library, { ...settings, ...knob(level), perLayer: {} }).graph)
    return { level, agreement: g ? agree(g) : null, flashBytes: g ? flashOf(g) : null }
  })
  options.onProgress?.(total, total, 'Done')
  return { method, levels, samples, engine: quantized ? options.engine!.name : 'float reference', curves, global,
    baseFlashBytes: flashOf(graph), targetName: target.name }
}

function argmax(x: ArrayLike<number>): number {
  let best = 0
  for (let i = 1; i < x.length; i++) if (x[i] > x[best]) best = i
  return best
}
