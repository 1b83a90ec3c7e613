/**
 * Quantization from given activation ranges instead of calibration: what a training run learned (moving min/max of
 * every activation, see formats/pytorch/) becomes the int8 model by exactly the rules of quantizeGraph (ptq.ts) —
 * the same groups, the min/max rule per group (a group's range is the union of its members' ranges), softmax
 * outputs fixed, pow2 formats bounded, the same constant quantization of the graph's (float) weights — for SVDF and
 * LSTM from the ranges inside them that training tracked (`internal`), as calibration's `observe` gives them.
 * The Python twin (formats/pytorch/python/quantize.py) computes the same int8 model from the same floats and ranges.
 * Errors throw QuantError with one sentence; the input graph is untouched.
 */
import { analyzeGraph } from '../analysis/analyze-graph.ts'
import { inputSources } from '../ir/graph-queries.ts'
import type { Graph } from '../ir/types.ts'
import type { QuantScheme } from '../quant/scheme.ts'
import { QuantError } from '../quant/kernel-params.ts'
import type { ObservedTensor } from '../quant/observers.ts'
import type { InternalRanges } from './ptq.ts'
import { checkPow2Inputs, checkSchemes, quantGroups, quantizeObserved } from './ptq.ts'

export interface ActivationRange {
  min: number
  max: number
}

export interface RangeQuantizeOptions {
  scheme: QuantScheme
  /** Range of every node's output, by node id. */
  ranges: Readonly<Record<string, ActivationRange>>
  /** s8 FullyConnected weight scales: one per tensor (default) or one per unit. */
  denseWeights?: 'per-tensor' | 'per-channel'
  /** Ranges inside the ops with their own constant rule (`internalRanges`: SVDF 'state', LSTM 'cell'), by node id. */
  internal?: Readonly<Record<string, Readonly<Record<string, ActivationRange>>>>
}

export function quantizeGraphFromRanges(graph: Graph, options: RangeQuantizeOptions): Graph {
  const { scheme } = options
  const analysis = analyzeGraph(graph)
  const firstError = analysis.diagnostics.find((d) => d.severity === 'error')
  if (firstError) throw new QuantError(`The graph cannot be quantized until its errors are fixed: ${firstError.message}`)
  const nodeById = new Map(graph.nodes.map((n) => [n.id, n]))
  checkSchemes(analysis, nodeById, scheme)
  if (scheme === 'pow2') checkPow2Inputs(analysis, nodeById)
  const find = quantGroups(analysis.order, nodeById, inputSources(graph), scheme)
  const observed = new Map<string, ObservedTensor>()
  for (const id of analysis.order) {
    const r = options.ranges[id]
    if (!r) throw new QuantError(`No activation range for node '${nodeById.get(id)!.name}'`)
    if (!Number.isFinite(r.min) || !Number.isFinite(r.max) || r.min > r.max) {
      throw new QuantError(`The activation range of '${nodeById.get(id)!.name}' is [${r.min}, ${r.max}]; it must be finite with min ≤ max`)
    }
    const g = find(id)
    const t = observed.get(g)
    observed.set(g, t ? { min: Math.min(t.min, r.min), max: Math.max(t.max, r.max) } : { min: r.min, max: r.max })
  }
  const internal: InternalRanges = new Map()
  for (const [id, names] of Object.entries(options.internal ?? {})) {
    for (const [name, r] of Object.entries(names)) {
      if (!Number.isFinite(r.min) || !Number.isFinite(r.max) || r.min > r.max) {
        throw new QuantError(`The ${name} range of '${nodeById.get(id)?.name ?? id}' is [${r.min}, ${r.max}]; it must be finite with min ≤ max`)
      }
    }
    internal.set(id, { ...names })
  }
  return quantizeObserved(graph, analysis, { scheme, method: 'minmax', denseWeights: options.denseWeights }, find, observed, internal)
}
