/**
 * Test-only helpers for the ONNX export tests: run an exported model in onnxruntime-web (wasm, in Node) through the
 * ort-runner, put ONNX tensors back into the IR layout, feed int8 codes to a float-input QDQ model, and summarise
 * int8 agreement. Imported only by *.test.ts files and bench/.
 */
import { runFloat } from '../engine/float-engine.ts'
import { runInt8 } from '../engine/int8-engine.ts'
import { prepareGraph } from '../plan/prepare-graph.ts'
import type { OrtRunner } from '../engine/ort/ort-runner.ts'
import { createOrtRunner } from '../engine/ort/ort-runner.ts'
import { fnv1a, mulberry32 } from '../ir/seeded-init.ts'
import type { Graph } from '../ir/types.ts'
import { shapeSize } from '../ir/types.ts'
import type { Rounding } from '../quant/fixed-point.ts'
import type { QuantScheme } from '../quant/scheme.ts'
import { getOp } from '../ops/registry.ts'
import { argmax } from '../pipelines/validation.ts'
import type { OnnxExport } from '../formats/onnx/export-onnx.ts'
import { exportOnnxModel } from '../formats/onnx/export-onnx.ts'
import { irOrder, nchwToNhwc, rawForCodes, requantize } from '../formats/onnx/ort-io.ts'

export { irOrder, nchwToNhwc, rawForCodes, requantize }

/** Runs the exported model on one raw input per Input node (by node id); graph inputs are returned as fed. */
export async function runExport(runner: OrtRunner, exported: OnnxExport, raw: Record<string, Float32Array>,
  fetches?: readonly string[]): Promise<Record<string, ArrayLike<number>>> {
  const feeds: Record<string, { data: Float32Array; dims: readonly number[] }> = Object.fromEntries([
    ...exported.inputs.map((i) => [i.name, { data: raw[i.nodeId], dims: i.dims }]),
    ...exported.states.map((st) => [st.input, { data: new Float32Array(shapeSize(st.dims)), dims: st.dims }])])
  const result = await runner.run(feeds, fetches)
  const out: Record<string, ArrayLike<number>> = Object.fromEntries(Object.entries(feeds).map(([k, v]) => [k, v.data]))
  for (const [k, v] of Object.entries(result)) out[k] = v.data as unknown as ArrayLike<number>
  return out
}

/** Element-wise int8 agreement over many tensors. */
export class Agreement {
  count = 0
  exact = 0
  withinOne = 0
  maxDiff = 0

  add(a: ArrayLike<number>, b: ArrayLike<number>): void {
    if (a.length !== b.length) throw new Error(`length ${a.length} vs ${b.length}`)
    for (let i = 0; i < a.length; i++) {
      const d = Math.abs(a[i] - b[i])
      this.count++
      if (d === 0) this.exact++
      if (d <= 1) this.withinOne++
      if (d > this.maxDiff) this.maxDiff = d
    }
  }

  get exactPct(): number {
    return (100 * this.exact) / this.count
  }

  get withinOnePct(): number {
    return (100 * this.withinOne) / this.count
  }

  summary(): string {
    return `${this.count} values, ${this.exactPct.toFixed(3)}% exact, ${this.withinOnePct.toFixed(3)}% within 1 LSB, max diff ${this.maxDiff}`
  }
}

/** Max |a − b| and that relative to max |b| (the tensor's magnitude). */
export function floatDiff(a: ArrayLike<number>, b: ArrayLike<number>): { maxAbs: number; relative: number } {
  let maxAbs = 0
  let mag = 0
  for (let i = 0; i < b.length; i++) {
    maxAbs = Math.max(maxAbs, Math.abs(a[i] - b[i]))
    mag = Math.max(mag, Math.abs(b[i]))
  }
  return { maxAbs, relative: maxAbs / Math.max(mag, 1e-30) }
}

/** `count` seeded int8 codes for every element of `dims`. */
export function seededCodes(seedText: string, count: number, dims: readonly number[]): Int8Array[] {
  const next = mulberry32(fnv1a(seedText))
  return Array.from({ length: count }, () => Int8Array.from({ length: shapeSize(dims) }, () => Math.floor(next() * 256) - 128))
}

export interface AgreementFigures {
  /** Float export vs float engine: max over nodes of max |ORT − engine| / max |engine|. */
  floatMaxRel: number
  /** Float export vs float engine on the graph outputs only. */
  floatOutputRel: number
  /** Each node's int8 kernel on ORT's own int8 inputs vs ORT's int8 output for the node. */
  perOp: Agreement
  /** `perOp` by operator type. */
  perOpByType: Map<string, Agreement>
  /** Every node's int8 output, end to end. */
  layers: Agreement
  /** The graph outputs' int8 codes, end to end, from the plain QDQ model (no node exposed). */
  output: Agreement
  /** Output values where the plain model and the one exposing every node differ (ORT fuses them alike: 0). */
  exposureDiffs: number
  /** Samples whose output argmax agrees (first output). */
  top1: number
  samples: number
  /** The plain exports (what users get). */
  float: OnnxExport
  qdq: OnnxExport
}

/**
 * Exports `float` (float model) and `int8` (QDQ model, single Input) with every node exposed, runs both in ORT on
 * the raw values of each int8 code sample, and compares them with the float and int8 engines; the output figures
 * come from the plain QDQ export.
 */
export async function measureAgreement(float: Graph, int8: Graph, codeInputs: readonly Int8Array[], scheme: QuantScheme = 's8',
  rounding: Rounding = 'double'): Promise<AgreementFigures> {
  const fx = exportOnnxModel(float, { quantized: false, exposeNodeOutputs: true })
  const qx = exportOnnxModel(int8, { quantized: true, scheme, exposeNodeOutputs: true })
  const plain = exportOnnxModel(int8, { quantized: true, scheme })
  const floatRunner = await createOrtRunner(fx.bytes)
  const qdqRunner = await createOrtRunner(qx.bytes)
  const plainRunner = await createOrtRunner(plain.bytes)
  const input = qx.inputs[0]
  const prepared = prepareGraph(int8, scheme, undefined, rounding)
  const f: AgreementFigures = { floatMaxRel: 0, floatOutputRel: 0, perOp: new Agreement(), perOpByType: new Map(), layers: new Agreement(),
    output: new Agreement(), exposureDiffs: 0, top1: 0, samples: codeInputs.length,
    float: exportOnnxModel(float, { quantized: false }), qdq: plain }
  for (const codes of codeInputs) {
    const raw = { [input.nodeId]: rawForCodes(int8, input.nodeId, codes, input.quant!) }
    const ref = runFloat(float, raw)
    const got = await runExport(floatRunner, fx, raw)
    for (const t of fx.nodeTensors) f.floatMaxRel = Math.max(f.floatMaxRel, floatDiff(irOrder(t, got[t.name]), ref.outputs.get(t.nodeId)!).relative)
    for (const o of fx.outputs) f.floatOutputRel = Math.max(f.floatOutputRel, floatDiff(got[o.name], ref.outputs.get(o.nodeId)!).relative)
    const engine = runInt8(int8, { [input.nodeId]: codes }, { scheme, rounding })
    const q = await runExport(qdqRunner, qx, raw)
    const ortOf = new Map(qx.nodeTensors.map((t): [string, Int8Array | Int16Array] =>
      [t.nodeId, (t.dtype === 'int16' ? Int16Array : Int8Array).from(irOrder(t, q[t.name]))]))
    for (const id of prepared.order) {
      const p = prepared.nodes.get(id)!
      const inputs = p.op === 'Input' ? [engine.outputs.get(id)!] : p.inputIds.map((src) => ortOf.get(src)!)
      const def = getOp(p.op)!
      const local = def.evalInt8!(p.opData, inputs, p.weights, def.initState?.(p.opData))
      f.perOp.add(ortOf.get(id)!, local)
      const byType = f.perOpByType.get(p.op) ?? new Agreement()
      byType.add(ortOf.get(id)!, local)
      f.perOpByType.set(p.op, byType)
      f.layers.add(ortOf.get(id)!, engine.outputs.get(id)!)
    }
    const plainOut = await runExport(plainRunner, plain, raw)
    qx.outputs.forEach((o, k) => {
      const exposed = requantize(q[o.name], o.quant!)
      const expected = ortOf.get(o.nodeId)!
      if (exposed.some((v, i) => v !== expected[i])) throw new Error(`${o.name}: requantized output differs from the int8 tensor`)
      const codesOut = requantize(plainOut[o.name], o.quant!)
      f.exposureDiffs += codesOut.filter((v, i) => v !== exposed[i]).length
      f.output.add(codesOut, engine.outputs.get(o.nodeId)!)
      if (k === 0 && argmax(codesOut) === argmax(engine.outputs.get(o.nodeId)!)) f.top1++
    })
  }
  await floatRunner.release()
  await qdqRunner.release()
  await plainRunner.release()
  return f
}
