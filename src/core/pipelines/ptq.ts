/**
 * Post-training quantization: `quantizeGraph(graph, options)` returns a NEW graph (the input is untouched) whose
 * every node carries `quant.output` and whose constants are integer tensors, ready for `prepareGraph`/`runInt8`
 * with the same scheme. The caller applies it (as changes or a document replacement).
 *
 * 1. Calibration: the float engine runs on every sample; each tensor's observer (observers.ts) records its values.
 * 2. Each op's `outputQuant` rule (ops/*.ts) decides its output: 'shared' joins the output and every data input into
 *    one group, because the int8 kernel cannot rescale (pooling, Reshape, Flatten, Pad, Concat; in the pow2 scheme
 *    also ReLU/ReLU6 and Add); 'fixed' is set by the kernel (Softmax: s8 1/256 with zero point −128, pow2 Q0.7).
 *    A group is quantized from the union of its members' observations.
 * 3. Activations: s8 asymmetric int8 (float32 scale, zero point in −128..127, 0 exact); pow2 symmetric 2^-n; a tensor
 *    kept at int16 (ops/activation-dtype.ts: a node marked `activations: 'int16'`, Sigmoid/Tanh) symmetric int16, max|x|/32767.
 *    pow2 then lowers n where a layer's output would need a negative shift (out_n ≤ in_n + w_n).
 * 4. Constants (weight-quant.ts), by each weighted op's `weightQuant` facet: s8 per-channel symmetric int8 weights
 *    along its channel axis ('optional' ops — FullyConnected — per tensor unless `denseWeights: 'per-channel'`),
 *    int32 bias; pow2 per-tensor int8 weights and int8 bias. A layer set to int4 weights (`precision.weights`, ops whose
 *    `weightQuant.int4` says how) gets TFLite's int4 rule instead (weight-quant.ts quantizeWeightsInt4: max|w| / 7,
 *    [−7, 7]) and `encoding: int4`; its bias follows its int4 scales. int4 needs the s8 scheme. Ops with their own rule (`quantizeConstants`: SVDF, LSTM)
 *    quantize all their constants and give their state buffers' quantization (NodeQuant.state), from the ranges their
 *    float reference reported during calibration (`observe`: SVDF's memory, an LSTM's cell state).
 * Stateful graphs: calibration runs the samples in order with one float state, so the samples of a streaming model
 * (one frame per invocation) are consecutive frames; an LSTM that is not stateful resets itself on every sample.
 * Errors (bad samples, an unquantizable graph) throw QuantError with one sentence; nothing partial is returned.
 */
import type { GraphAnalysis } from '../analysis/analyze-graph.ts'
import { analyzeGraph } from '../analysis/analyze-graph.ts'
import { resolveNodeWeights } from '../analysis/node-weights.ts'
import type { FloatGraphState, FloatKernels } from '../engine/float-engine.ts'
import { runFloat } from '../engine/float-engine.ts'
import { tensorToFloat } from '../engine/tensor-to-float.ts'
import { inputSources } from '../ir/graph-queries.ts'
import type { Graph, GraphNode, QuantParams, Tensor } from '../ir/types.ts'
import { formatShape, shapeSize } from '../ir/types.ts'
import type { QuantScheme } from '../quant/scheme.ts'
import { getOp } from '../ops/registry.ts'
import { QuantError } from '../quant/kernel-params.ts'
import type { CalibrationMethod, ObservedTensor } from '../quant/observers.ts'
import { HistogramObserver, MinMaxObserver, chooseActivationQuant, pow2FracBits, pow2Quant } from '../quant/observers.ts'
import { symmetricInt16Quant } from '../quant/int16-params.ts'
import { quantizeBiasPow2, quantizeBiasS8, quantizePow2, quantizeWeightsInt4, quantizeWeightsS8 } from '../quant/weight-quant.ts'

export interface QuantizeOptions {
  scheme: QuantScheme
  method?: CalibrationMethod
  /** Raw calibration samples per Input node id (same count for every Input), each of the Input's shape. */
  samples: Readonly<Record<string, readonly Float32Array[]>>
  /** Percentile of the 'percentile' method (default 99.99). */
  percentile?: number
  /** Histogram bins of the 'percentile' and 'mse' methods (default 2048). */
  bins?: number
  /** s8 FullyConnected weight scales: one per tensor (default, as the TFLite converter) or one per unit. */
  denseWeights?: 'per-tensor' | 'per-channel'
  /** Progress over the calibration runs. */
  onProgress?: (done: number, total: number) => void
  /** Faster float kernels for the calibration runs (engine/float-wasm/; the same bits as the TypeScript ones). */
  floatKernels?: FloatKernels
}

/** The op's output rule in a scheme (ops/op-def.ts `outputQuant`); nodes of unknown ops never get here (analysis errors). */
const outputRule = (node: GraphNode, scheme: QuantScheme, int16 = false) => getOp(node.op)!.outputQuant(scheme, int16 ? 'int16' : 'int8')
/** Whether the op owns a quantized 'weights' constant (its `weightQuant` facet). */
const isWeighted = (node: GraphNode) => getOp(node.op)?.weightQuant !== undefined
/** Whether the op quantizes its constants itself (its `quantizeConstants` facet). */
const ownRule = (node: GraphNode) => getOp(node.op)?.quantizeConstants !== undefined

/** Ranges of values inside ops (node id → name → range) that their float references report (`observe`). */
export type InternalRanges = Map<string, Record<string, { min: number; max: number }>>

export function quantizeGraph(graph: Graph, options: QuantizeOptions): Graph {
  const { scheme } = options
  const method = options.method ?? 'minmax'
  const analysis = analyzeGraph(graph)
  const firstError = analysis.diagnostics.find((d) => d.severity === 'error')
  if (firstError) throw new QuantError(`The graph cannot be quantized until its errors are fixed: ${firstError.message}`)
  const nodeById = new Map(graph.nodes.map((n) => [n.id, n]))
  const sources = inputSources(graph)
  const count = checkSamples(analysis.order, nodeById, options.samples, (id) => analysis.nodes.get(id)!.output!.shape)
  checkSchemes(analysis, nodeById, scheme)
  if (scheme === 'pow2') checkPow2Inputs(analysis, nodeById)

  const find = quantGroups(analysis.order, nodeById, sources, scheme)
  const internal: InternalRanges = new Map()
  const observed = calibrate(graph, analysis, options, count, method, find, internal)
  return quantizeObserved(graph, analysis, { ...options, method }, find, observed, internal)
}

/**
 * The quantized graph from the observations of every group (`find` maps a node to its group): activation
 * quantization per group, then the constants. Shared by calibration (above) and quantizeGraphFromRanges. `internal`:
 * the ranges inside ops that quantize their own constants (SVDF memory, LSTM cell state); without them those ops fall
 * back to what their constants allow.
 */
export function quantizeObserved(graph: Graph, analysis: GraphAnalysis,
  options: { scheme: QuantScheme; method: CalibrationMethod; percentile?: number; denseWeights?: 'per-tensor' | 'per-channel' },
  find: (id: string) => string, observed: Map<string, ObservedTensor>, internal: InternalRanges = new Map()): Graph {
  const { scheme, method } = options
  const nodeById = new Map(graph.nodes.map((n) => [n.id, n]))
  const sources = inputSources(graph)
  checkInt4(graph, scheme)

  // Float constants of the weighted layers (their pow2 formats bound the output formats).
  const floatWeights = new Map<string, Record<string, Float32Array>>()
  const origins = new Map<string, Record<string, Tensor['origin']>>()
  for (const id of analysis.order) {
    const node = nodeById.get(id)!
    if (!isWeighted(node) && !ownRule(node)) continue
    const info = analysis.nodes.get(id)!
    const { weights } = resolveNodeWeights(getOp(node.op)!, node, info.attrs, info.inputs, graph.seed)
    floatWeights.set(id, Object.fromEntries(Object.entries(weights).map(([k, t]) => [k, tensorToFloat(t, `${node.name} ${k}`)])))
    origins.set(id, Object.fromEntries(Object.entries(weights).map(([k, t]) => [k, t.origin])))
  }
  const weightMaxAbs = new Map([...floatWeights].filter(([id]) => isWeighted(nodeById.get(id)!))
    .map(([id, w]) => [id, maxAbs(w.weights)]))
  const int16 = new Set(analysis.order.filter((id) => analysis.nodes.get(id)?.output?.dtype === 'int16').map(find))
  const groupQuant = planGroupQuant(graph, analysis.order, { scheme, method, percentile: options.percentile }, find, observed, weightMaxAbs,
    int16)
  const weightFrac = (id: string): number => pow2FracBits(weightMaxAbs.get(id)!)

  const nodes = graph.nodes.map((node): GraphNode => {
    const output = groupQuant.get(find(node.id))!
    const fw = floatWeights.get(node.id)
    if (!fw) return { ...node, quant: { output: copyQuant(output) } }
    const inQuant = groupQuant.get(find(sources.get(node.id)![0]))!
    const origin = origins.get(node.id)!
    const weights: Record<string, Tensor> = { ...node.weights }
    const shape = analysis.nodes.get(node.id)!
    const specShape = (name: string): readonly number[] =>
      getOp(node.op)!.weightSpecs(shape.attrs, shape.inputs).find((s) => s.name === name)!.shape
    if (ownRule(node)) {
      const quantized = shape.inputs.map((t, port) => ({ ...t, quant: groupQuant.get(find(sources.get(node.id)![port]))! }))
      const shapes = Object.fromEntries(Object.keys(fw).map((k) => [k, specShape(k)]))
      const made = getOp(node.op)!.quantizeConstants!({ scheme, attrs: shape.attrs, inputs: quantized,
        output: { ...shape.output!, quant: output }, weights: fw, shapes, origins: origin, observed: internal.get(node.id) ?? {} })
      return { ...node, weights: { ...weights, ...made.weights },
        quant: { output: copyQuant(output), ...(made.state ? { state: made.state } : {}) } }
    }
    if (scheme === 's8') {
      const { channelAxis, perChannel, int4 } = getOp(node.op)!.weightQuant!
      // An int16 FullyConnected's s16 kernel takes one multiplier: its weights stay per tensor.
      const s16 = analysis.nodes.get(node.id)?.output?.dtype === 'int16' && perChannel === 'optional'
      const axis = !s16 && (perChannel === 'always' || options.denseWeights === 'per-channel') ? channelAxis : undefined
      const w = node.precision?.weights === 'int4'
        ? quantizeWeightsInt4(fw.weights, specShape('weights'), int4 === 'per-channel' ? channelAxis : undefined, origin.weights)
        : quantizeWeightsS8(fw.weights, specShape('weights'), axis, origin.weights)
      weights.weights = w
      if (fw.bias) weights.bias = quantizeBiasS8(fw.bias, inQuant.scale[0], w.quant!.scale, origin.bias)
    } else {
      const w = quantizePow2(fw.weights, specShape('weights'), origin.weights, weightFrac(node.id))
      weights.weights = w
      if (fw.bias) weights.bias = quantizeBiasPow2(fw.bias, -Math.log2(inQuant.scale[0]) + weightFrac(node.id), origin.bias)
    }
    return { ...node, weights, quant: { output: copyQuant(output) } }
  })
  return { ...graph, nodes }
}

/**
 * Activation quantization of every group from its observations (`find` maps a node to its group): softmax outputs
 * fixed by the kernels, the others by the calibration method; in pow2, formats lowered until every weighted layer's
 * (and every `pow2Product` op's) shifts fit the q7 kernels, given each weighted node's largest |weight|
 * (`weightMaxAbs`). Returns group → quant.
 * Shared by PTQ (above), quantization from learned ranges and quantization-aware training (pipelines/train).
 */
export function planGroupQuant(graph: Graph, order: readonly string[],
  options: { scheme: QuantScheme; method: CalibrationMethod; percentile?: number },
  find: (id: string) => string, observed: ReadonlyMap<string, ObservedTensor>, weightMaxAbs: ReadonlyMap<string, number>,
  int16: ReadonlySet<string> = new Set(),
): Map<string, QuantParams> {
  const { scheme } = options
  const nodeById = new Map(graph.nodes.map((n) => [n.id, n]))
  const groupQuant = new Map<string, QuantParams>()
  const fixed = new Set<string>()
  for (const id of order) {
    const g = find(id)
    // Softmax's fixed output follows its element type (int8 1/256 with zero point −128, int16 1/32768 with zero point 0).
    const rule = outputRule(nodeById.get(id)!, scheme, int16.has(g))
    if (rule.kind !== 'fixed') continue
    groupQuant.set(g, copyQuant(rule.quant))
    fixed.add(g)
  }
  for (const [g, t] of observed) {
    if (fixed.has(g)) continue
    // int16 tensors (16x8 layers): symmetric over the observed range (the TFLite 16x8 converter's rule; min/max whatever
    // the method, 16 bits leave little to clip for).
    groupQuant.set(g, int16.has(g) ? symmetricInt16Quant(t.min, t.max) : chooseActivationQuant(t, options.method, scheme, options.percentile))
  }
  if (scheme === 'pow2') {
    const fracOf = (id: string): number => -Math.log2(groupQuant.get(find(id))!.scale[0])
    const weightFrac = (id: string): number => pow2FracBits(weightMaxAbs.get(id)!)
    boundPow2Formats(order, nodeById, inputSources(graph), find, fixed, groupQuant, fracOf, weightFrac)
  }
  return groupQuant
}

/** Every op of the graph has kernels in the scheme (its `schemes` facet), or a QuantError names the first that has not. */
export function checkSchemes(analysis: GraphAnalysis, nodeById: Map<string, GraphNode>, scheme: QuantScheme): void {
  for (const id of analysis.order) {
    const def = getOp(nodeById.get(id)!.op)!
    if (!def.schemes.includes(scheme)) {
      throw new QuantError(`${nodeById.get(id)!.name} (${def.type}) has ${def.schemes.join(' and ')} kernels only; quantize with that scheme`)
    }
  }
}

/** Layers set to int4 weights need the s8 scheme and an op with int4 kernels, or a QuantError names the first that has not. */
export function checkInt4(graph: Graph, scheme: QuantScheme): void {
  for (const node of graph.nodes) {
    if (node.precision?.weights !== 'int4') continue
    const def = getOp(node.op)
    if (!def?.weightQuant?.int4) {
      throw new QuantError(`${node.name} (${node.op}) has no int4 weight kernel; int4 weights are for Conv2D, DepthwiseConv2D and FullyConnected — set it to int8`)
    }
    if (scheme !== 's8') {
      throw new QuantError(`${node.name} is set to int4 weights, which need the s8 scheme (CMSIS-NN's _s4 kernels); pow2-q7 has no s4 kernels — set it to int8`)
    }
  }
}

/** The pow2 scheme preprocesses with a shift, so every Input scale must be a power of two. */
export function checkPow2Inputs(analysis: GraphAnalysis, nodeById: Map<string, GraphNode>): void {
  for (const id of analysis.order) {
    const node = nodeById.get(id)!
    if (node.op === 'Input' && !Number.isInteger(Math.log2(Number(analysis.nodes.get(id)!.attrs.scale)))) {
      throw new QuantError(`Input '${node.name}': the pow2 scheme preprocesses with a shift, so its scale must be a power of two`)
    }
  }
}

/**
 * Union-find over node ids: tensors that the int8 kernels cannot rescale join their input's group. Returns the
 * group representative of a node.
 */
export function quantGroups(order: readonly string[], nodeById: Map<string, GraphNode>, sources: Map<string, string[]>,
  scheme: QuantScheme): (id: string) => string {
  const parent = new Map(order.map((id) => [id, id]))
  const find = (id: string): string => {
    let r = id
    while (parent.get(r) !== r) r = parent.get(r)!
    parent.set(id, r)
    return r
  }
  for (const id of order) {
    if (outputRule(nodeById.get(id)!, scheme).kind === 'shared') {
      for (const src of sources.get(id) ?? []) parent.set(find(src), find(id))
    }
  }
  return find
}

/**
 * Runs the float engine over the samples (in order, one state throughout: consecutive frames of a streaming model)
 * and observes every group: min/max, then histograms if the method needs them. Internal values the ops report go to
 * `internal` (node id → name → range).
 */
function calibrate(graph: Graph, analysis: GraphAnalysis, options: QuantizeOptions, count: number, method: CalibrationMethod,
  find: (id: string) => string, internal: InternalRanges): Map<string, ObservedTensor> {
  const passes = method === 'minmax' ? 1 : 2
  const sampleInputs = (s: number): Record<string, Float32Array> =>
    Object.fromEntries(Object.entries(options.samples).map(([id, list]) => [id, list[s]]))
  const minmax = new Map<string, MinMaxObserver>()
  const state: FloatGraphState = new Map()
  const onObserve = (id: string, name: string, values: ArrayLike<number>) => {
    const ranges = internal.get(id) ?? {}
    const r = ranges[name] ?? { min: Infinity, max: -Infinity }
    for (let i = 0; i < values.length; i++) { r.min = Math.min(r.min, values[i]); r.max = Math.max(r.max, values[i]) }
    ranges[name] = r
    internal.set(id, ranges)
  }
  for (let s = 0; s < count; s++) {
    runFloat(graph, sampleInputs(s), { analysis, state, onObserve, kernels: options.floatKernels, reuseOutputs: true, onNode: (id, out) => {
      const g = find(id)
      const o = minmax.get(g) ?? new MinMaxObserver()
      o.update(out)
      minmax.set(g, o)
    } })
    options.onProgress?.(s + 1, count * passes)
  }
  const observed = new Map<string, ObservedTensor>([...minmax].map(([g, o]) => [g, { min: o.min, max: o.max }]))
  if (passes === 2) {
    for (const t of observed.values()) t.histogram = new HistogramObserver(t.min, t.max, options.bins ?? 2048)
    const again: FloatGraphState = new Map()
    for (let s = 0; s < count; s++) {
      runFloat(graph, sampleInputs(s), { analysis, state: again, kernels: options.floatKernels, reuseOutputs: true, onNode: (id, out) => observed.get(find(id))!.histogram!.update(out) })
      options.onProgress?.(count + s + 1, count * passes)
    }
  }
  return observed
}

/** Lowers pow2 output formats until every weighted layer's shifts fit the q7 kernels (0..31; Mul 0..15). */
function boundPow2Formats(
  order: readonly string[], nodeById: Map<string, GraphNode>, sources: Map<string, string[]>, find: (id: string) => string,
  fixed: Set<string>, groupQuant: Map<string, QuantParams>, fracOf: (id: string) => number, weightFrac: (id: string) => number,
): void {
  for (let round = 0; round < 64; round++) {
    let changed = false
    for (const id of order) {
      const product = getOp(nodeById.get(id)!.op)?.pow2Product
      if (!isWeighted(nodeById.get(id)!) && !product) continue
      const acc = product ? product.frac(sources.get(id)!.map(fracOf)) : fracOf(sources.get(id)![0]) + weightFrac(id)
      const maxShift = product ? product.maxShift : 31
      const out = fracOf(id)
      const want = out > acc ? acc : out < acc - maxShift ? acc - maxShift : out
      if (want === out) continue
      const g = find(id)
      if (fixed.has(g)) {
        throw new QuantError(`${nodeById.get(id)!.name}: its output format is fixed by a Softmax but needs 2^-${want} for the q7 kernel`)
      }
      groupQuant.set(g, pow2Quant(want))
      changed = true
    }
    if (!changed) return
  }
  throw new QuantError('pow2 formats did not settle; the graph has layers whose shifts cannot all fit 0..31')
}

function checkSamples(
  order: readonly string[], nodeById: Map<string, GraphNode>,
  samples: Readonly<Record<string, readonly Float32Array[]>>, shapeOf: (id: string) => readonly number[],
): number {
  const inputIds = order.filter((id) => nodeById.get(id)!.op === 'Input')
  if (inputIds.length === 0) throw new QuantError('The graph has no Input node to calibrate')
  let count = -1
  for (const id of inputIds) {
    const name = nodeById.get(id)!.name
    const list = samples[id]
    if (!list || list.length === 0) throw new QuantError(`No calibration samples for input '${name}'`)
    if (count >= 0 && list.length !== count) {
      throw new QuantError(`Every input needs the same number of calibration samples; '${name}' has ${list.length}, others ${count}`)
    }
    count = list.length
    const need = shapeSize(shapeOf(id))
    list.forEach((s, i) => {
      if (s.length !== need) {
        throw new QuantError(`Calibration sample ${i + 1} for input '${name}' has ${s.length} values; the input ${formatShape(shapeOf(id))} needs ${need}`)
      }
    })
  }
  for (const id of Object.keys(samples)) {
    if (!inputIds.includes(id)) throw new QuantError(`Calibration samples given for '${id}', which is not an Input node of the graph`)
  }
  return count
}

function copyQuant(q: QuantParams): QuantParams {
  return { scale: [...q.scale], zeroPoint: [...q.zeroPoint] }
}

function maxAbs(values: Float32Array): number {
  let m = 0
  for (let i = 0; i < values.length; i++) m = Math.max(m, Math.abs(values[i]))
  return m
}
