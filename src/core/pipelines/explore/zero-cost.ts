/**
 * Zero-cost proxies: training-free scores of a network at its (seeded) initialisation, computed in TensorFlow.js over
 * the same trainable model as the trainer (train/tf-graph-model.ts, float forward, no fake quantization). Higher is
 * assumed better for all three. Formulas (the references' definitions; what we sum over is stated):
 *
 * - NASWOT (Mellor et al., "Neural Architecture Search without Training", ICML 2021): a mini-batch of N real inputs;
 *   every ReLU unit (each output value of a node with a fused 'relu'/'relu6' activation, or of a ReLU/ReLU6 node)
 *   gives each input a binary code c_i ∈ {0,1}^U (unit active: value > 0). K[i][j] = U − Hamming(c_i, c_j)
 *   = c_i·c_j + (1−c_i)·(1−c_j). Score = log |det K| (natural log; −Infinity when K is singular).
 * - synflow (Tanaka et al., NeurIPS 2020; as a proxy: Abdelfattah et al., "Zero-Cost Proxies for Lightweight NAS",
 *   ICLR 2021): every constant replaced by its absolute value, one input whose preprocessed values are all 1,
 *   R = Σ of the logits (the input of a final Softmax); score = Σ over the weight tensors of Σ |θ ⊙ ∂R/∂θ|
 *   (biases take part in the forward, not in the sum). float32 here (the reference uses float64): a very deep or
 *   wide network may overflow to +Infinity, which still ranks as the largest.
 * - grad-norm (Abdelfattah et al. 2021): the softmax cross-entropy of the mini-batch with its labels;
 *   score = Σ over the weight tensors of ‖∂L/∂W‖₂.
 */
import type { Graph } from '../../ir/types.ts'
import type { Tf, TfTensor } from '../../ops/tfjs-twin.ts'
import type { QuantScheme } from '../../quant/scheme.ts'
import type { FloatWeights } from '../train/tf-graph-model.ts'
import { TfGraphModel } from '../train/tf-graph-model.ts'

export const ZERO_COST = ['naswot', 'synflow', 'gradnorm'] as const
export type ZeroCostProxy = (typeof ZERO_COST)[number]
export type ZeroCostScores = Record<ZeroCostProxy, number>

export interface ProxyBatch {
  /** Raw samples of the Input (H·W·C values each) and their labels. */
  samples: readonly Float32Array[]
  labels: readonly number[]
}

const RELU_OPS = new Set(['ReLU', 'ReLU6'])

/** All three proxies of `graph` at its initial weights on one labelled mini-batch. */
export async function zeroCostProxies(tf: Tf, graph: Graph, scheme: QuantScheme, batch: ProxyBatch): Promise<ZeroCostScores> {
  const model = new TfGraphModel(tf, graph, scheme)
  try {
    const x = () => batchTensor(tf, model, batch.samples)
    const naswot = naswotScore(tf, model, x)
    const gradnorm = gradNormScore(tf, model, x, batch.labels)
    const synflow = await synflowScore(tf, graph, scheme, model)
    return { naswot, synflow, gradnorm }
  } finally {
    model.dispose()
  }
}

function batchTensor(tf: Tf, model: TfGraphModel, samples: readonly Float32Array[]): TfTensor {
  const size = model.sampleShape.reduce((a, b) => a * b, 1)
  const flat = new Float32Array(samples.length * size)
  samples.forEach((s, i) => {
    if (s.length !== size) throw new RangeError(`sample ${i + 1} has ${s.length} values; the Input needs ${size}`)
    flat.set(s, i * size)
  })
  return tf.tensor(flat, [samples.length, ...model.sampleShape])
}

function isRelu(model: TfGraphModel, id: string): boolean {
  const m = model.nodes.find((n) => n.node.id === id)!
  if (RELU_OPS.has(m.node.op)) return true
  const a = m.attrs.activation
  return a === 'relu' || a === 'relu6'
}

function naswotScore(tf: Tf, model: TfGraphModel, x: () => TfTensor): number {
  if (!model.nodes.some((m) => isRelu(model, m.node.id))) return -Infinity
  const k = tf.tidy(() => {
    const codes: TfTensor[] = []
    const input = x()
    model.forward(input, { training: false, onNode: (id, out) => {
      if (isRelu(model, id)) codes.push(tf.cast(tf.greater(tf.reshape(out, [out.shape[0], -1]), 0), 'float32'))
    } })
    const c = codes.length === 1 ? codes[0] : tf.concat(codes, 1)
    const ones = tf.sub(1, c)
    return tf.add(tf.matMul(c, c, false, true), tf.matMul(ones, ones, false, true))
  })
  const n = k.shape[0]
  const values = Float64Array.from(k.dataSync())
  k.dispose()
  return logAbsDet(values, n)
}

/** log |det A| of a row-major n×n matrix by LU with partial pivoting (float64); −Infinity when singular. */
export function logAbsDet(a: Float64Array, n: number): number {
  const m = Float64Array.from(a)
  let sum = 0
  for (let col = 0; col < n; col++) {
    let pivot = col
    for (let r = col + 1; r < n; r++) if (Math.abs(m[r * n + col]) > Math.abs(m[pivot * n + col])) pivot = r
    const p = m[pivot * n + col]
    if (p === 0) return -Infinity
    if (pivot !== col) {
      for (let c = 0; c < n; c++) {
        const t = m[col * n + c]
        m[col * n + c] = m[pivot * n + c]
        m[pivot * n + c] = t
      }
    }
    sum += Math.log(Math.abs(p))
    for (let r = col + 1; r < n; r++) {
      const f = m[r * n + col] / p
      if (f === 0) continue
      for (let c = col; c < n; c++) m[r * n + c] -= f * m[col * n + c]
    }
  }
  return sum
}

function weightVars(model: TfGraphModel): ReturnType<Tf['variable']>[] {
  return model.nodes.filter((m) => m.vars?.weights).map((m) => m.vars!.weights)
}

function gradNormScore(tf: Tf, model: TfGraphModel, x: () => TfTensor, labels: readonly number[]): number {
  const vars = weightVars(model)
  if (vars.length === 0) return 0
  return tf.tidy(() => {
    const y = tf.oneHot(tf.tensor1d([...labels], 'int32'), model.classes)
    const { grads } = tf.variableGrads(() => tf.losses.softmaxCrossEntropy(y, model.forward(x(), { training: false }).logits) as never, vars)
    return vars.reduce((s, v) => s + tf.norm(grads[v.name]).dataSync()[0], 0)
  })
}

async function synflowScore(tf: Tf, graph: Graph, scheme: QuantScheme, initial: TfGraphModel): Promise<number> {
  // The initial model's weights (read before it is disposed), as |θ|.
  const abs: FloatWeights = Object.fromEntries(Object.entries(await initial.floatWeights()).map(([id, ws]) =>
    [id, Object.fromEntries(Object.entries(ws).map(([k, v]) => [k, v.map(Math.abs)]))]))
  const model = new TfGraphModel(tf, graph, scheme, 'per-tensor', abs)
  try {
    const vars = weightVars(model)
    if (vars.length === 0) return 0
    const input = model.nodes.find((m) => m.node.op === 'Input')!.attrs as { mean: number[]; scale: number }
    const channels = model.sampleShape[model.sampleShape.length - 1]
    const size = model.sampleShape.reduce((a, b) => a * b, 1)
    // Raw values whose preprocessing (raw − mean) · scale gives exactly 1 (the mean is one value or one per channel).
    const raw = Float32Array.from({ length: size }, (_, i) => (input.mean.length === 1 ? input.mean[0] : input.mean[i % channels]) + 1 / input.scale)
    return tf.tidy(() => {
      const x = tf.tensor(raw, [1, ...model.sampleShape])
      const { grads } = tf.variableGrads(() => tf.sum(model.forward(x, { training: false }).logits) as never, vars)
      return vars.reduce((s, v) => s + tf.sum(tf.abs(tf.mul(v, grads[v.name]))).dataSync()[0], 0)
    })
  } finally {
    model.dispose()
  }
}
