/**
 * A TinyForge graph as a trainable TensorFlow.js model, built from the operators' TF.js twins (ops/<op>.tfjs.ts):
 * the twin of the PyTorch project's TinyForgeModel (graph_model.py), with the same float and quantization-aware
 * forwards.
 *
 * - One Input; tensors NHWC with the batch N in place of TinyForge's 1. Raw input values go in (the Input twin
 *   applies (raw − mean) · scale).
 * - Float forward: each node's twin in execution order. Weighted nodes own trainable variables (their 'weights' and
 *   'bias' in the IR layouts), initialised from the graph's constants (seeded init for designs, dequantized values
 *   for int8 projects).
 * - Quantization-aware forward (`plan` given): weighted nodes read fake-quantized constants (fake-quant.ts: s8
 *   symmetric per output channel — FullyConnected per tensor unless denseWeights 'per-channel' — with the int32
 *   bias grid s_in · s_w; pow2 2^-n weights and bias, bias bits min(acc, natural) bounded by acc − 31) and every
 *   node output is fake-quantized onto its group's grid (planGroupQuant over the tracked ranges), so the next node
 *   sees the int8 grid values as the integer forward does. Layers kept at int16 (TFLite's 16x8 scheme; the node's
 *   output dtype, ops/activation-dtype.ts) are fake-quantized on the symmetric int16 grid (codes −32768..32767; Sigmoid
 *   and Tanh on their fixed Q0.15), an int16 FullyConnected with per-tensor weights; layers set to int4 weights
 *   (`precision.weights`) get TFLite's int4 grid, max|w_c| / 7 and values −7..7, along the op's `weightQuant.int4` axis.
 * - Training mode also returns each node's batch min and max, in execution order (one tensor [2 · nodes]) for the
 *   RangeTracker.
 * - Logits for the loss: β times the input of a final Softmax (as graph_model.py), else the first output itself.
 */
import { analyzeGraph } from '../../analysis/analyze-graph.ts'
import type { GraphAnalysis } from '../../analysis/analyze-graph.ts'
import { resolveNodeWeights } from '../../analysis/node-weights.ts'
import { tensorToFloat } from '../../engine/tensor-to-float.ts'
import { inputSources, outputNodes } from '../../ir/graph-queries.ts'
import type { Graph, GraphNode, QuantParams } from '../../ir/types.ts'
import { getOp } from '../../ops/registry.ts'
import type { OwnRuleQat, Tf, TfTensor, TfjsTwin } from '../../ops/tfjs-twin.ts'
import { TFJS_TWINS } from '../../ops/tfjs-twins.ts'
import { twinGap } from '../../ops/twin-gaps.ts'
import { QuantError } from '../../quant/kernel-params.ts'
import { pow2FracBits } from '../../quant/observers.ts'
import type { QuantScheme } from '../../quant/scheme.ts'
import { checkInt4, planGroupQuant, quantGroups } from '../ptq.ts'
import { fakeQuant, fakeQuantBias, fakeQuantPow2, fakeQuantSymmetric } from './fake-quant.ts'
import type { RangeTracker } from './range-tracker.ts'

export type FloatWeights = Record<string, Record<string, Float32Array>>
export type DenseWeights = 'per-tensor' | 'per-channel'

/** What one quantization-aware forward uses: every node's output grid and the pow2 weight formats. */
export interface QatPlan {
  output: Map<string, QuantParams>
  /** The tracked inner ranges of SVDF / LSTM nodes, by node id and name. */
  internal: Map<string, Record<string, [number, number]>>
  /** pow2: fractional bits of each weighted node's weights, and of its bias (min(acc, natural), ≥ acc − 31). */
  weightFrac: Map<string, number>
  biasFrac: Map<string, number>
}

interface ModelNode {
  node: GraphNode
  attrs: Record<string, unknown>
  sources: string[]
  twin: TfjsTwin<never>
  /** Trainable constants (weighted nodes and ops with their own constant rule), by name. */
  vars?: Record<string, ReturnType<Tf['variable']>>
  /** The op's inner ranges (SVDF 'state', LSTM 'cell'): tracked as groups `<node id>/<name>`. */
  internal?: readonly string[]
}

export class TrainError extends Error {}

/** The tracker group of an inner range of an SVDF / LSTM node. */
const innerGroup = (id: string, name: string) => `${id}/${name}`

export class TfGraphModel {
  readonly analysis: GraphAnalysis
  readonly nodes: ModelNode[]
  readonly inputId: string
  readonly outputId: string
  /** Node id → its quantization group (ptq.ts quantGroups). */
  readonly groupOf: (id: string) => string
  readonly groups: string[]
  readonly sampleShape: number[]
  readonly classes: number

  constructor(readonly tf: Tf, readonly graph: Graph, readonly scheme: QuantScheme, readonly denseWeights: DenseWeights = 'per-tensor',
    initial?: FloatWeights) {
    this.analysis = analyzeGraph(graph)
    const error = this.analysis.diagnostics.find((d) => d.severity === 'error')
    if (error) throw new TrainError(`The graph cannot be trained until its errors are fixed: ${error.message}`)
    const byId = new Map(graph.nodes.map((n) => [n.id, n]))
    const inputs = graph.nodes.filter((n) => n.op === 'Input')
    if (inputs.length !== 1) throw new TrainError(`Training needs a graph with one Input; this graph has ${inputs.length}`)
    try { checkInt4(graph, scheme) } catch (e) { throw new TrainError((e as Error).message) }
    this.inputId = inputs[0].id
    this.outputId = outputNodes(graph)[0].id
    const sources = inputSources(graph)
    this.nodes = this.analysis.order.map((id) => {
      const node = byId.get(id)!
      const info = this.analysis.nodes.get(id)!
      const gap = twinGap(node)
      if (gap) throw new TrainError(gap)
      const schemes = getOp(node.op)!.schemes
      if (!schemes.includes(scheme)) throw new TrainError(`${node.name} (${node.op}) has ${schemes.join(' and ')} kernels only; train with that scheme`)
      const twin = (TFJS_TWINS as Record<string, TfjsTwin<never> | undefined>)[node.op]
      if (!twin) throw new TrainError(`${node.name} (${node.op}) has no training twin yet`)
      const def = getOp(node.op)!
      const m: ModelNode = { node, attrs: info.attrs as Record<string, unknown>, sources: sources.get(id) ?? [], twin,
        ...(def.internalRanges ? { internal: def.internalRanges } : {}) }
      if (def.weightQuant || def.quantizeConstants) {
        const given = initial?.[id]
        const { weights } = resolveNodeWeights(getOp(node.op)!, node, info.attrs, info.inputs, graph.seed)
        m.vars = Object.fromEntries(Object.entries(weights).map(([name, t]) => {
          const values = given?.[name] ?? tensorToFloat(t, `${node.name} ${name}`)
          if (values.length !== t.data.length) throw new TrainError(`${node.name} ${name}: the checkpoint holds ${values.length} values, the graph ${t.data.length}`)
          return [name, tf.variable(tf.tensor(values, [...t.shape]), true)]
        }))
      }
      return m
    })
    this.groupOf = quantGroups(this.analysis.order, byId, sources, scheme)
    this.groups = [...new Set(this.analysis.order.map((id) => this.groupOf(id))),
      ...this.nodes.flatMap((m) => (m.internal ?? []).map((k) => innerGroup(m.node.id, k)))]
    this.sampleShape = [...this.analysis.nodes.get(this.inputId)!.output!.shape.slice(1)]
    this.classes = this.analysis.nodes.get(this.outputId)!.output!.shape.slice(1).reduce((a, b) => a * b, 1)
  }

  /** Whether a node's output is int16 (16x8 layers, Sigmoid, Tanh, an int16 Quantize). */
  isInt16(id: string): boolean {
    return this.analysis.nodes.get(id)?.output?.dtype === 'int16'
  }

  /** The integer codes of a node's output: int16 or int8. */
  codeRange(id: string): [number, number] {
    return this.isInt16(id) ? [-32768, 32767] : [-128, 127]
  }

  /** The trainable variables, in a fixed order (the optimizer's state follows it). */
  variables(): ReturnType<Tf['variable']>[] {
    return this.nodes.flatMap((m) => (m.vars ? Object.keys(m.vars).sort().map((k) => m.vars![k]) : []))
  }

  /**
   * The activation grids of a quantization-aware forward from the tracked ranges (and, pow2, the weight and bias
   * formats from the current constants — read asynchronously, so no GPU backend stalls on a synchronous read).
   */
  async plan(tracker: RangeTracker): Promise<QatPlan> {
    if (!tracker.ready()) throw new QuantError('quantization-aware training needs every activation range; run a float forward first')
    const nodeGroups = new Set(this.analysis.order.map((id) => this.groupOf(id)))
    const observed = new Map([...tracker.ranges].filter(([g]) => nodeGroups.has(g)).map(([g, [min, max]]) => [g, { min, max }]))
    const weightMaxAbs = new Map<string, number>()
    const biasMaxAbs = new Map<string, number>()
    if (this.scheme === 'pow2') {
      for (const m of this.nodes) {
        if (!m.vars) continue
        weightMaxAbs.set(m.node.id, await maxAbsOf(this.tf, m.vars.weights))
        if (m.vars.bias) biasMaxAbs.set(m.node.id, await maxAbsOf(this.tf, m.vars.bias))
      }
    }
    const int16 = new Set(this.nodes.filter((m) => this.isInt16(m.node.id)).map((m) => this.groupOf(m.node.id)))
    const group = planGroupQuant(this.graph, this.analysis.order, { scheme: this.scheme, method: 'minmax' }, this.groupOf, observed, weightMaxAbs,
      int16)
    const output = new Map(this.analysis.order.map((id) => [id, group.get(this.groupOf(id))!]))
    const weightFrac = new Map([...weightMaxAbs].map(([id, v]) => [id, pow2FracBits(v)]))
    const biasFrac = new Map<string, number>()
    for (const m of this.nodes) {
      if (!biasMaxAbs.has(m.node.id)) continue
      const acc = -Math.round(Math.log2(output.get(m.sources[0])!.scale[0])) + weightFrac.get(m.node.id)!
      biasFrac.set(m.node.id, Math.max(acc - 31, Math.min(acc, pow2FracBits(biasMaxAbs.get(m.node.id)!))))
    }
    return { output, weightFrac, biasFrac, internal: this.innerRanges(tracker) }
  }

  /** The tracked inner ranges of every SVDF / LSTM node, by node id and name. */
  innerRanges(tracker: RangeTracker): Map<string, Record<string, [number, number]>> {
    return new Map(this.nodes.filter((m) => m.internal).map((m) => [m.node.id,
      Object.fromEntries(m.internal!.map((k) => [k, [...tracker.ranges.get(innerGroup(m.node.id, k))!] as [number, number]]))]))
  }

  /** Updates the tracker with a training forward's extremes (node outputs in execution order, then inner ranges). */
  track(tracker: RangeTracker, extremes: ArrayLike<number>): void {
    let i = 0
    for (const m of this.nodes) { tracker.update(this.groupOf(m.node.id), extremes[i], extremes[i + 1]); i += 2 }
    for (const m of this.nodes) {
      for (const k of m.internal ?? []) { tracker.update(innerGroup(m.node.id, k), extremes[i], extremes[i + 1]); i += 2 }
    }
  }

  /**
   * The forward on raw inputs [N, ...sample]: logits for the loss, the first output, and (training) the batch
   * extremes of every node output in execution order. Call inside tf.tidy / optimizer.minimize. `onNode` sees each
   * node's output before its fake quantization.
   */
  forward(x: TfTensor, options: { training: boolean; plan?: QatPlan; onNode?: (id: string, out: TfTensor) => void }): { logits: TfTensor; output: TfTensor; extremes?: TfTensor } {
    const { tf } = this
    const values = new Map<string, TfTensor>()
    const extremes: TfTensor[] = []
    const inner: TfTensor[] = []
    const plan = options.plan
    for (const m of this.nodes) {
      const inputs = m.node.op === 'Input' ? [x] : m.sources.map((s) => values.get(s)!)
      const weights = m.vars ? this.constants(m, plan) : {}
      const own = m.internal ? {
        ...(options.training ? { observe: (_: string, v: TfTensor) => { inner.push(tf.min(v), tf.max(v)) } } : {}),
        ...(plan ? { qat: this.ownRuleQat(m, plan) } : {}),
      } : {}
      let out = m.twin.forward({ tf, attrs: m.attrs as never, inputs, weights, ...own })
      if (options.training) extremes.push(tf.min(out), tf.max(out))
      options.onNode?.(m.node.id, out)
      if (plan) {
        const q = plan.output.get(m.node.id)!
        out = fakeQuant(tf, out, q.scale[0], q.zeroPoint[0], ...this.codeRange(m.node.id))
      }
      values.set(m.node.id, out)
    }
    const output = values.get(this.outputId)!
    const last = this.nodes.find((m) => m.node.id === this.outputId)!
    const logits = last.node.op === 'Softmax'
      ? tf.mul(values.get(last.sources[0])!, Number(last.attrs.beta ?? 1))
      : output
    const flat = tf.reshape(logits, [logits.shape[0], -1])
    return { logits: flat, output, ...(options.training ? { extremes: tf.stack([...extremes, ...inner]) } : {}) }
  }

  /** The QAT context of an SVDF / LSTM twin: its input and output grids, its inner ranges, the fake-quant helpers. */
  private ownRuleQat(m: ModelNode, plan: QatPlan): OwnRuleQat {
    const grid = (id: string) => ({ scale: plan.output.get(id)!.scale[0], zeroPoint: plan.output.get(id)!.zeroPoint[0] })
    return { input: grid(m.sources[0]), output: grid(m.node.id), internal: plan.internal.get(m.node.id)!, fakeQuant, fakeQuantSymmetric, fakeQuantBias }
  }

  /** A weighted node's constants for a forward: the variables, or (QAT) their fake-quantized values. */
  private constants(m: ModelNode, plan: QatPlan | undefined): Record<string, TfTensor> {
    if (m.internal) return { ...m.vars! } // SVDF, LSTM: the twin fake-quantizes its constants itself
    const w = m.vars!.weights as TfTensor
    const b = m.vars!.bias as TfTensor | undefined
    if (!plan) return { weights: w, ...(b ? { bias: b } : {}) }
    const { tf } = this
    const inQuant = plan.output.get(m.sources[0])!
    if (this.scheme === 's8') {
      const { channelAxis, perChannel, int4 } = getOp(m.node.op)!.weightQuant!
      // As ptq.ts: int4 weights along the op's int4 axis; an int16 FullyConnected's s16 kernel takes one multiplier.
      const isInt4 = m.node.precision?.weights === 'int4'
      const s16 = this.isInt16(m.node.id) && perChannel === 'optional'
      const axis = isInt4 ? (int4 === 'per-channel' ? channelAxis : undefined)
        : !s16 && (perChannel === 'always' || this.denseWeights === 'per-channel') ? channelAxis : undefined
      const { value, scale } = fakeQuantSymmetric(tf, w, axis, isInt4 ? 7 : 127)
      const biasScale = tf.mul(tf.reshape(scale, [-1]), Math.fround(inQuant.scale[0]))
      return { weights: value, ...(b ? { bias: fakeQuantBias(tf, b, biasScale) } : {}) }
    }
    const out: Record<string, TfTensor> = { weights: fakeQuantPow2(tf, w, plan.weightFrac.get(m.node.id)!) }
    if (b) out.bias = fakeQuantPow2(tf, b, plan.biasFrac.get(m.node.id)!)
    return out
  }

  /** Each weighted node's constants as a QAT forward sees them (fake-quantized on `plan`'s grids; SVDF / LSTM by their twin). */
  async qatConstants(plan: QatPlan): Promise<Record<string, Record<string, Float32Array>>> {
    const out: Record<string, Record<string, Float32Array>> = {}
    for (const m of this.nodes) {
      if (!m.vars) continue
      const tensors = this.tf.tidy(() => (m.internal
        ? m.twin.qatConstants!({ tf: this.tf, attrs: m.attrs as never, inputs: [], weights: { ...m.vars! }, qat: this.ownRuleQat(m, plan) })
        : this.constants(m, plan)))
      const mine: Record<string, Float32Array> = {}
      for (const [k, t] of Object.entries(tensors)) { mine[k] = (await t.data()) as Float32Array; t.dispose() }
      out[m.node.id] = mine
    }
    return out
  }

  /** Every node's range from the tracker (its group's), as the weights file and quantizeGraphFromRanges take them. */
  nodeRanges(tracker: RangeTracker): Record<string, { min: number; max: number }> {
    const out: Record<string, { min: number; max: number }> = {}
    for (const id of this.analysis.order) {
      const r = tracker.ranges.get(this.groupOf(id))
      if (r) out[id] = { min: r[0], max: r[1] }
    }
    return out
  }

  /** The current float constants of every weighted node. */
  async floatWeights(): Promise<FloatWeights> {
    const out: FloatWeights = {}
    for (const m of this.nodes) {
      if (!m.vars) continue
      const entries: [string, Float32Array][] = []
      for (const [k, v] of Object.entries(m.vars)) entries.push([k, Float32Array.from((await v.data()) as Float32Array)])
      out[m.node.id] = Object.fromEntries(entries)
    }
    return out
  }

  /** The shape of every weighted node's constants. */
  weightShapes(): Record<string, Record<string, number[]>> {
    return Object.fromEntries(this.nodes.filter((m) => m.vars).map((m) =>
      [m.node.id, Object.fromEntries(Object.entries(m.vars!).map(([k, v]) => [k, [...v.shape]]))]))
  }

  dispose(): void {
    for (const v of this.variables()) v.dispose()
  }
}

async function maxAbsOf(tf: Tf, t: TfTensor): Promise<number> {
  const m = tf.tidy(() => tf.max(tf.abs(t)))
  const v = (await m.data())[0]
  m.dispose()
  return v
}
