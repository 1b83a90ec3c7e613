/**
 * The int8 engine vs onnxruntime-web on the exported QDQ ONNX, over validation samples.
 *
 * Both sides start from the SAME int8 input codes: the engine's integer preprocessing (`prepareInputs`) gives the
 * codes, and ORT is fed the raw values whose float preprocessing + QuantizeLinear reproduce exactly those codes
 * (raw = mean + s·(q − zp) / scale), so the figures measure the network, not rounding ties of two preprocessing
 * paths. Compared:
 *   - outputs: the downloadable model's float outputs requantized with each output's quantization (exact for
 *     DequantizeLinear results) vs the engine's int8 outputs;
 *   - layers: every non-Input node's int8 tensor, from a second export that exposes them all, vs the engine's.
 * ORT requantizes with one float rounding; the engine rounds twice (TFLite's reference, CMSIS-NN's default) or, when the
 * project chose single rounding (CMSIS_NN_USE_SINGLE_ROUNDING), once, as ORT's and ruy's integer kernels do; 1-LSB
 * differences are expected on a small fraction of values either way (docs/onnx-export.md). The report says which.
 */
import { createOrtRunner } from '../engine/ort/ort-runner.ts'
import type { OrtBackend, OrtRunner } from '../engine/ort/ort-runner.ts'
import type { Int8Engine } from '../engine/int8-engines.ts'
import { TS_INT8_ENGINE } from '../engine/int8-engines.ts'
import type { OnnxExport, OnnxNodeTensor } from '../formats/onnx/export-onnx.ts'
import { exportOnnxModel } from '../formats/onnx/export-onnx.ts'
import { irOrder, rawForCodes, requantize } from '../formats/onnx/ort-io.ts'
import type { Graph } from '../ir/types.ts'
import type { Rounding } from '../quant/fixed-point.ts'
import type { QuantScheme } from '../quant/scheme.ts'
import { argmax } from './validation.ts'

/** Element-wise agreement of two int8 tensors. */
export interface IntAgreement {
  count: number
  exact: number
  withinOne: number
  maxDiff: number
}

export interface OrtAgreement {
  /** The backend that ran. */
  backend: OrtBackend
  /** The int8 engine's requantization rounding. */
  rounding: Rounding
  /** Why 'auto' fell back to wasm although a WebGPU adapter exists. */
  fallbackReason?: string
  samples: number
  /** Graph outputs of the downloadable QDQ model, requantized, vs the int8 engine. */
  outputs: IntAgreement
  /** Every node's int8 tensor (a model exposing them all) vs the int8 engine. */
  layers: IntAgreement
  /** Samples whose first output's argmax agrees. */
  top1: number
  elapsedMs: number
}

export interface OrtCompareOptions {
  backend: 'auto' | OrtBackend
  scheme: QuantScheme
  /** Requantization rounding of the int8 engine (default 'double'). */
  rounding?: Rounding
  name?: string
  /** The int8 engine compared (default: the TypeScript reference; the WebAssembly engine gives the same bytes). */
  engine?: Int8Engine
  /** Called after each sample; throw from it to stop. */
  onSample?: (done: number, total: number) => void
}

export function emptyAgreement(): IntAgreement {
  return { count: 0, exact: 0, withinOne: 0, maxDiff: 0 }
}

export function addAgreement(a: IntAgreement, x: ArrayLike<number>, y: ArrayLike<number>): void {
  if (x.length !== y.length) throw new Error(`cannot compare ${x.length} values with ${y.length}`)
  for (let i = 0; i < x.length; i++) {
    const d = Math.abs(x[i] - y[i])
    a.count++
    if (d === 0) a.exact++
    if (d <= 1) a.withinOne++
    if (d > a.maxDiff) a.maxDiff = d
  }
}

function tensorCodes(t: OnnxNodeTensor, data: ArrayLike<number>): Int8Array {
  return Int8Array.from(irOrder(t, data))
}

/** Raw inputs for the codes, and zeros for stateful layers' state inputs (each sample from the reset state, as the engine). */
function feedsFor(exported: OnnxExport, graph: Graph, codes: Record<string, Int8Array>) {
  return Object.fromEntries([
    ...exported.inputs.map((i) => [i.name, { data: rawForCodes(graph, i.nodeId, codes[i.nodeId], i.quant!), dims: i.dims }]),
    ...exported.states.map((st) => [st.input, { data: new Float32Array(st.dims.reduce((p, d) => p * d, 1)), dims: st.dims }]),
  ])
}

/** Runs `count` samples (raw values per Input id) through the int8 engine and ORT; `graph` must be quantized. */
export async function compareWithOrt(graph: Graph, samples: Readonly<Record<string, readonly Float32Array[]>>, count: number,
  options: OrtCompareOptions): Promise<OrtAgreement> {
  const started = performance.now()
  const { scheme } = options
  const plain = exportOnnxModel(graph, { quantized: true, scheme, name: options.name })
  const exposed = exportOnnxModel(graph, { quantized: true, scheme, name: options.name, exposeNodeOutputs: true })
  const inputIds = new Set(graph.nodes.filter((n) => n.op === 'Input').map((n) => n.id))
  const runners: OrtRunner[] = []
  const rounding = scheme === 's8' ? options.rounding ?? 'double' : 'double'
  const model = (options.engine ?? TS_INT8_ENGINE).prepare(graph, scheme, rounding)
  try {
    const plainRunner = await createOrtRunner(plain.bytes, { backend: options.backend })
    runners.push(plainRunner)
    const exposedRunner = await createOrtRunner(exposed.bytes, { backend: plainRunner.backend })
    runners.push(exposedRunner)
    const result: OrtAgreement = {
      backend: plainRunner.backend, rounding, ...(plainRunner.fallbackReason ? { fallbackReason: plainRunner.fallbackReason } : {}),
      samples: count, outputs: emptyAgreement(), layers: emptyAgreement(), top1: 0, elapsedMs: 0,
    }
    for (let s = 0; s < count; s++) {
      const raw = Object.fromEntries(Object.entries(samples).map(([id, list]) => [id, list[s]]))
      const codes = model.preprocess(raw)
      const mine = model.run(codes)
      const out = await plainRunner.run(feedsFor(plain, graph, codes))
      plain.outputs.forEach((o, k) => {
        const got = requantize(out[o.name].data as ArrayLike<number>, o.quant!)
        const want = mine.get(o.nodeId)!
        addAgreement(result.outputs, got, want)
        if (k === 0 && argmax(got) === argmax(want)) result.top1++
      })
      const all = await exposedRunner.run(feedsFor(exposed, graph, codes))
      for (const t of exposed.nodeTensors) {
        if (t.dtype !== 'int8' || inputIds.has(t.nodeId) || !all[t.name]) continue
        addAgreement(result.layers, tensorCodes(t, all[t.name].data as ArrayLike<number>), mine.get(t.nodeId)!)
      }
      options.onSample?.(s + 1, count)
    }
    result.elapsedMs = performance.now() - started
    return result
  } finally {
    model.dispose()
    for (const r of runners) await r.release().catch(() => undefined)
  }
}
