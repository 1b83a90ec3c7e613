/**
 * Float vs int8 validation: runs the float engine on the float graph and the int8 engine on its quantized twin
 * (same node ids, as quantizeGraph keeps them) over the same raw samples, and reports per layer
 *   SQNR = 10·log10(Σ ref² / Σ (ref − deq)²) dB, max |ref − deq|, cosine similarity (all accumulated over every
 *   sample; deq = the int8 output dequantized with the node's output quantization),
 * and per graph output the top-1 agreement (argmax equal), plus accuracy and a confusion matrix when labels are
 * given. Pure apart from `onProgress`; cancellable by throwing from it.
 *
 * The int8 side runs on the engine given (engine/int8-engines.ts): the tab and `tinyforge validate` pass the
 * WebAssembly engine (the device's C kernels, engine/create-int8-engine.ts); the default is the TypeScript
 * reference, which gives the same bytes.
 */
import { analyzeGraph } from '../analysis/analyze-graph.ts'
import type { FloatKernels } from '../engine/float-engine.ts'
import { runFloat } from '../engine/float-engine.ts'
import type { Int8Engine, Int8EngineId, Int8Model } from '../engine/int8-engines.ts'
import { TS_INT8_ENGINE } from '../engine/int8-engines.ts'
import type { Graph } from '../ir/types.ts'
import type { Rounding } from '../quant/fixed-point.ts'
import type { QuantScheme } from '../quant/scheme.ts'
import { dequantizeTensor } from '../quant/tensor-quant.ts'
import type { QuantParams } from '../ir/types.ts'

export interface LayerReport {
  node: string
  name: string
  op: string
  sqnrDb: number
  maxAbsError: number
  cosine: number
}

export interface OutputReport extends LayerReport {
  /** Fraction of samples whose float and int8 argmax agree. */
  top1Agreement: number
  /** With labels: top-1 accuracy of each engine, and the int8 confusion matrix [label][predicted]. */
  floatAccuracy?: number
  int8Accuracy?: number
  confusion?: number[][]
}

export interface ValidationReport {
  scheme: QuantScheme
  /** The int8 engine's requantization rounding. */
  rounding: Rounding
  /** The int8 engine that ran. */
  engine: Int8EngineId
  samples: number
  layers: LayerReport[]
  outputs: OutputReport[]
}

export interface ValidationOptions {
  scheme: QuantScheme
  /** Requantization rounding of the int8 engine (default 'double'; 'single': CMSIS_NN_USE_SINGLE_ROUNDING). */
  rounding?: Rounding
  /** Raw samples per Input node id (same count for each). */
  samples: Readonly<Record<string, readonly Float32Array[]>>
  /** Class index per sample, for accuracy and the confusion matrix of the (single) output. */
  labels?: readonly number[]
  /** The int8 engine (default: the TypeScript reference). */
  engine?: Int8Engine
  /** Faster float kernels for the float reference (engine/float-wasm/; the same bits as the TypeScript ones). */
  floatKernels?: FloatKernels
  onProgress?: (done: number, total: number) => void
}

class Accumulator {
  /** [Σ ref², Σ (ref − deq)², Σ ref·deq, Σ deq², max |ref − deq|], in double, over every value added. */
  readonly sums = new Float64Array(5)

  /**
   * Adds int8 (or int16) codes against their float reference; `table[q + zero]` is code q dequantized (as
   * dequantizeTensor), zero = 128 for int8 and 32768 for int16 codes. `kernels.accumulateCodes` (the wasm float kernels)
   * does exactly these operations in this order, compiled, for int8 codes.
   */
  addCodes(ref: Float32Array, codes: Int8Array | Int16Array, table: Float32Array, kernels?: FloatKernels): void {
    if (kernels?.accumulateCodes && codes instanceof Int8Array) {
      kernels.accumulateCodes(ref, codes, table, this.sums)
      return
    }
    const zero = codes instanceof Int16Array ? 32768 : 128
    const sums = this.sums
    let signal = sums[0], noise = sums[1], dot = sums[2], testEnergy = sums[3], maxAbs = sums[4]
    for (let i = 0; i < ref.length; i++) {
      const r = ref[i]
      const t = table[codes[i] + zero]
      const d = r - t
      signal += r * r
      noise += d * d
      dot += r * t
      testEnergy += t * t
      const a = Math.abs(d)
      if (a > maxAbs) maxAbs = a
    }
    sums[0] = signal
    sums[1] = noise
    sums[2] = dot
    sums[3] = testEnergy
    sums[4] = maxAbs
  }

  get maxAbs(): number {
    return this.sums[4]
  }

  get sqnrDb(): number {
    const [signal, noise] = this.sums
    if (noise === 0) return Infinity
    return signal === 0 ? -Infinity : 10 * Math.log10(signal / noise)
  }

  get cosine(): number {
    const [signal, , dot, testEnergy] = this.sums
    const norm = Math.sqrt(signal * testEnergy)
    return norm === 0 ? (signal === testEnergy ? 1 : 0) : dot / norm
  }
}

/** The 256 dequantized values of a tensor's int8 codes, indexed by code + 128 (exactly dequantizeTensor's). */
/** The real value of every code of a tensor (index code + 128; int16 tensors: code + 32768). */
function dequantizeTable(quant: QuantParams, dtype: string): Float32Array {
  if (dtype === 'int16') return dequantizeTensor(Int16Array.from({ length: 65536 }, (_, i) => i - 32768), quant)
  return dequantizeTensor(Int8Array.from({ length: 256 }, (_, i) => i - 128), quant)
}

export function argmax(values: ArrayLike<number>): number {
  let best = 0
  for (let i = 1; i < values.length; i++) if (values[i] > values[best]) best = i
  return best
}

export function validateQuantized(floatGraph: Graph, int8Graph: Graph, options: ValidationOptions): ValidationReport {
  const engine = options.engine ?? TS_INT8_ENGINE
  const rounding = options.scheme === 's8' ? options.rounding ?? 'double' : 'double'
  const model = engine.prepare(int8Graph, options.scheme, rounding)
  try {
    return validateWith(model, floatGraph, options, engine.id)
  } finally {
    model.dispose()
  }
}

function validateWith(model: Int8Model, floatGraph: Graph, options: ValidationOptions, engine: Int8EngineId): ValidationReport {
  const prepared = model.prepared
  const floatAnalysis = analyzeGraph(floatGraph)
  const ids = Object.keys(options.samples)
  const count = ids.length === 0 ? 0 : options.samples[ids[0]].length
  if (count === 0) throw new Error('Validation needs at least one sample')
  if (options.labels && options.labels.length !== count) {
    throw new Error(`Got ${options.labels.length} labels for ${count} samples`)
  }
  const floatIds = new Set(floatGraph.nodes.map((n) => n.id))
  const layerIds = prepared.order.filter((id) => floatIds.has(id))
  const acc = new Map(layerIds.map((id) => [id, new Accumulator()]))
  const tables = new Map(layerIds.map((id) => [id, dequantizeTable(prepared.nodes.get(id)!.outputQuant, prepared.nodes.get(id)!.output.dtype)]))
  const agree = new Map(prepared.outputIds.map((id) => [id, 0]))
  const correct = { float: 0, int8: 0 }
  let confusion: number[][] | undefined
  for (let s = 0; s < count; s++) {
    const raw = Object.fromEntries(ids.map((id) => [id, options.samples[id][s]]))
    const fl = runFloat(floatGraph, raw, { analysis: floatAnalysis, kernels: options.floatKernels, reuseOutputs: true })
    const q = model.run(model.preprocess(raw))
    for (const id of layerIds) acc.get(id)!.addCodes(fl.outputs.get(id)!, q.get(id)!, tables.get(id)!, options.floatKernels)
    prepared.outputIds.forEach((id, index) => {
      const f = argmax(fl.outputs.get(id)!)
      const i = argmax(q.get(id)!)
      if (f === i) agree.set(id, agree.get(id)! + 1)
      if (options.labels && index === 0) {
        const label = options.labels[s]
        if (f === label) correct.float++
        if (i === label) correct.int8++
        const classes = q.get(id)!.length
        confusion ??= Array.from({ length: classes }, () => new Array<number>(classes).fill(0))
        if (label >= 0 && label < classes) confusion[label][i]++
      }
    })
    options.onProgress?.(s + 1, count)
  }
  const layer = (id: string): LayerReport => {
    const p = prepared.nodes.get(id)!
    const a = acc.get(id)!
    return { node: id, name: p.name, op: p.op, sqnrDb: a.sqnrDb, maxAbsError: a.maxAbs, cosine: a.cosine }
  }
  return {
    scheme: options.scheme,
    rounding: prepared.rounding,
    engine,
    samples: count,
    layers: layerIds.map(layer),
    outputs: prepared.outputIds.filter((id) => floatIds.has(id)).map((id, index) => ({
      ...layer(id),
      top1Agreement: agree.get(id)! / count,
      ...(options.labels && index === 0 ? { floatAccuracy: correct.float / count, int8Accuracy: correct.int8 / count, confusion } : {}),
    })),
  }
}
