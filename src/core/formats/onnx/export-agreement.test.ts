/**
 * The exported ONNX models run in onnxruntime-web (wasm, Node) against our engines, on the three templates, the four
 * shared ONNX models (quantized here by PTQ) and the four MLPerf Tiny int8 models (their own quantization):
 *   - float export vs the float engine: every node's output within 1e-4 of the tensor's magnitude;
 *   - QDQ export vs the int8 engine, on seeded int8 input codes (fed to ORT as the raw values that quantize back to
 *     exactly those codes): (a) per operator — each node's int8 kernel run on ORT's own inputs vs ORT's output for
 *     that node: every element within 1 LSB; (b) end to end — the model outputs, requantized from ORT's float
 *     outputs, whose figures are asserted as measured (onnxruntime-web 1.30.0, single thread, deterministic).
 * ORT requantizes with one float rounding (round half to even); the int8 engine, like TFLite's reference kernels and
 * CMSIS-NN, rounds twice (SaturatingRoundingDoublingHighMul, then RoundingDivideByPOT). The two differ by 1 LSB on
 * 0–0.6% of an operator's outputs; in deep networks those differences propagate, which is what (b) measures.
 * All exported files are written to out/onnx/ and checked with onnx.checker (full_check) + strict shape inference.
 */
import { spawnSync } from 'node:child_process'
import { mkdirSync, writeFileSync } from 'node:fs'
import { afterAll, describe, expect, it } from 'vitest'
import { quantizeTensor } from '../../engine/int8-engine.ts'
import { fnv1a, mulberry32 } from '../../ir/seeded-init.ts'
import type { Graph } from '../../ir/types.ts'
import { shapeSize } from '../../ir/types.ts'
import { syntheticSamples } from '../../data/calibration-data.ts'
import { quantizeGraph } from '../../pipelines/ptq.ts'
import { TEMPLATES } from '../../templates/index.ts'
import { importModel } from '../import-model.ts'
import { INT8_TFLITE, ONNX_MODELS, sharedBytes } from '../../testing/import-test-data.ts'
import type { AgreementFigures } from '../../testing/onnx-export-test-utils.ts'
import { measureAgreement, seededCodes } from '../../testing/onnx-export-test-utils.ts'
import { decodeOnnxTensor } from './onnx-proto.ts'

const OUT = 'out/onnx/'
const written: string[] = []
const rows: string[][] = [['model', 'float max rel', 'per-op exact %', 'per-op ≤1 %', 'per-op max', 'layers ≤1 %', 'layers max',
  'output values', 'output exact %', 'output ≤1 %', 'output max', 'top-1']]

interface Case {
  name: string
  float: Graph
  int8: Graph
  samples: number
  /** Extra real inputs (raw values of the single Input). */
  extra?: Float32Array[]
}

/** Seeded raw samples of an Input in [lo, hi] (calibration of the float ONNX models). */
function uniformSamples(graph: Graph, count: number, lo: number, hi: number, integer: boolean): Record<string, Float32Array[]> {
  const input = graph.nodes.find((n) => n.op === 'Input')!
  const next = mulberry32(fnv1a(`export-calibration:${input.id}`))
  const size = shapeSize(input.attrs.shape as number[])
  return { [input.id]: Array.from({ length: count }, () => Float32Array.from({ length: size }, () => {
    const v = lo + (hi - lo) * next()
    return integer ? Math.round(v) : v
  })) }
}

const MNIST_VECTORS = [0, 1, 2].map((k) => Float32Array.from(decodeOnnxTensor(sharedBytes(`onnx/mnist-8/test_data_set_${k}/input_0.pb`)).values))

/** Calibration range of each shared ONNX model's raw input. */
const ONNX_RANGES: Record<string, [number, number, boolean]> = {
  'onnx/mnist-8/mnist-8.onnx': [0, 255, true],
  'onnx/mnist_pytorch/pytorch.onnx': [0, 1, false],
  'onnx/atmega_mnist/mnist.simplified.onnx': [0, 1, false],
  'onnx/tfl_helloworld/model.onnx': [0, 2 * Math.PI, false],
}

function cases(): Case[] {
  const list: Case[] = []
  for (const t of TEMPLATES) {
    const float = t.build().graph
    list.push({ name: `template ${t.id}`, float, samples: 4,
      int8: quantizeGraph(float, { scheme: 's8', samples: syntheticSamples(float, 8, 1) }) })
  }
  for (const file of ONNX_MODELS) {
    const float = importModel(sharedBytes(file), file).doc.graph
    const [lo, hi, integer] = ONNX_RANGES[file]
    const samples = uniformSamples(float, 16, lo, hi, integer)
    const mnist = file.includes('mnist-8')
    if (mnist) samples[Object.keys(samples)[0]].push(...MNIST_VECTORS)
    list.push({ name: file.split('/').pop()!, float, samples: 10, extra: mnist ? MNIST_VECTORS : undefined,
      int8: quantizeGraph(float, { scheme: 's8', samples }) })
  }
  for (const file of INT8_TFLITE) {
    const graph = importModel(sharedBytes(`mlperf-tiny/${file}`), file).doc.graph
    list.push({ name: file, float: graph, int8: graph, samples: 10 })
  }
  return list
}

/** A classifier's first output: 2..100 class scores. */
function classifier(graph: Graph): boolean {
  const consumed = new Set(graph.edges.map((e) => e.source))
  const out = graph.nodes.find((n) => !consumed.has(n.id))!
  const size = out.op === 'Softmax' || out.op === 'FullyConnected' ? Number(out.attrs.units ?? 0) : 0
  return out.op === 'Softmax' || (size >= 2 && size <= 100)
}

async function measure(c: Case): Promise<AgreementFigures> {
  const input = c.int8.nodes.find((n) => n.op === 'Input')!
  const quant = input.quant!.output
  const codes = seededCodes(`export-agreement:${c.name}`, c.samples, [1, ...(input.attrs.shape as number[])])
  for (const raw of c.extra ?? []) codes.push(quantizeTensor(raw, quant))
  const f = await measureAgreement(c.float, c.int8, codes)
  const base = OUT + c.name.replace(/^template /, '').replace(/\.(onnx|tflite)$/, '')
  for (const [file, bytes] of [[`${base}.float.onnx`, f.float.bytes], [`${base}.qdq.onnx`, f.qdq.bytes]] as const) {
    writeFileSync(file, bytes)
    written.push(file)
  }
  const pct = (x: number) => x.toFixed(3)
  rows.push([c.name, f.floatMaxRel.toExponential(1), pct(f.perOp.exactPct), pct(f.perOp.withinOnePct), String(f.perOp.maxDiff),
    pct(f.layers.withinOnePct), String(f.layers.maxDiff), String(f.output.count), pct(f.output.exactPct), pct(f.output.withinOnePct),
    String(f.output.maxDiff), classifier(c.int8) ? `${f.top1}/${f.samples}` : '—'])
  return f
}

/**
 * End-to-end output figures as measured: [values, exact, within 1 LSB, max diff, samples with the same argmax].
 * Outputs: softmax probabilities (1/256 steps) except ad01 (640 reconstructed values; its argmax means nothing) and
 * the ONNX models (logits; the sine model's single value). The "≥ 99.9% within 1 LSB" holds end to end for
 * all but kws (95.0%), ResNet-8 (85.0%), ad01 (99.875%) and the randomly initialised VWW template (6 of 8): there
 * 1-LSB rounding differences compound through 8–14 layers and the 1/256 softmax grid magnifies logit differences;
 * the per-operator figure (every node, same inputs) is 100% within 1 LSB on every model, and top-1 always agrees.
 */
const EXPECTED_OUTPUT: Record<string, [number, number, number, number, number]> = {
  'template digits-cnn': [40, 40, 40, 0, 4],
  'template kws-ds-cnn': [48, 44, 48, 1, 4],
  'template vww-mobilenet': [8, 0, 6, 2, 4],
  'mnist-8.onnx': [130, 128, 130, 1, 13],
  'pytorch.onnx': [100, 100, 100, 0, 10],
  'mnist.simplified.onnx': [100, 100, 100, 0, 10],
  'model.onnx': [10, 10, 10, 0, 10],
  'kws_ref_model.tflite': [120, 112, 114, 6, 10],
  'vww_96_int8.tflite': [20, 20, 20, 0, 10],
  'pretrainedResnet_quant.tflite': [100, 76, 85, 41, 10],
  'ad01_int8.tflite': [6400, 4460, 6392, 2, 9],
}

mkdirSync(OUT, { recursive: true })
const CASES = cases()

describe('ONNX export agrees with the engines in onnxruntime-web', () => {
  it.each(CASES.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const f = await measure(c)
    expect(f.floatMaxRel).toBeLessThanOrEqual(1e-4)
    expect(f.perOp.withinOne).toBe(f.perOp.count)
    expect(f.perOp.exactPct).toBeGreaterThanOrEqual(99)
    // ORT fuses less when every node is a graph output; for ResNet-8 that changes 3 of its 100 output values between
    // the measuring model and the plain one (2 of the early-exit template's 120). The output figures are the plain model's.
    expect(f.exposureDiffs).toBe(c.name === 'pretrainedResnet_quant.tflite' ? 3 : c.name === 'template early-exit-cnn' ? 2 : 0)
    const expected = EXPECTED_OUTPUT[c.name]
    if (expected) expect([f.output.count, f.output.exact, f.output.withinOne, f.output.maxDiff, f.top1]).toEqual(expected)
  }, 120_000)

  it('every exported file passes onnx.checker (full_check) and strict shape inference', () => {
    const r = spawnSync('/usr/bin/python3', ['scripts/check_onnx.py', ...written], { encoding: 'utf8' })
    expect(r.stderr).toBe('')
    expect(r.status).toBe(0)
    expect(r.stdout.trim().split('\n')).toHaveLength(written.length)
  }, 120_000)
})

afterAll(() => {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)))
  console.log(rows.map((r) => r.map((cell, i) => cell.padEnd(widths[i])).join('  ')).join('\n'))
})
