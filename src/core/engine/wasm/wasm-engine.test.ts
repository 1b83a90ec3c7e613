/**
 * The WebAssembly engine against the TypeScript reference engine, byte for byte: every golden case (each operator,
 * both schemes; the stateful ones from their initial state to their expected state) through its portable call plan —
 * with the SIMD128 variants and with the portable kernels alone; the three templates quantized s8 and pow2; the MLPerf
 * Tiny int8 models as imported; the fixture graphs (every operator in context, two inputs and two outputs, the second
 * operator set, sequences, SVDF and LSTM streams). Every node's output is compared, on seeded int8 inputs and on
 * integer raw inputs through the preprocessing; stateful graphs also as a stream (state carried from run to run, then
 * compared buffer by buffer). Single rounding (CMSIS_NN_USE_SINGLE_ROUNDING, the second module): every single-rounding
 * golden case, and the MLPerf Tiny models and templates against the TS engine with rounding 'single'. Plus the engine
 * contract: input errors, capture, dispose.
 */
import { readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import type { Graph } from '../../ir/types.ts'
import { mulberry32 } from '../../ir/seeded-init.ts'
import { shapeSize } from '../../ir/types.ts'
import { kernelSite } from '../../kernels/registry.ts'
import type { PlanNode } from '../../kernels/types.ts'
import type { Rounding } from '../../quant/fixed-point.ts'
import type { QuantScheme } from '../../quant/scheme.ts'
import { MLPERF_MODELS, TWO_IO_NET, mlperfGraph, quantized, templateGraph } from '../../testing/c-fixtures.ts'
import { MIXED_NET, POOL_NET } from '../../testing/fixture-graphs.ts'
import {
  LSTM_STREAM_NET, LSTM_WINDOW_NET, MFCC_LSTM_NET, POW2_MUL_NET, SECOND_SET_NET, SEQUENCE_NET, SVDF_STREAM_NET,
} from '../../testing/fixture-graphs-seq.ts'
import type { GoldenCase, GoldenFile } from '../../testing/golden/golden-cases.ts'
import { seededCodes } from '../../testing/onnx-export-test-utils.ts'
import { TS_INT8_ENGINE } from '../int8-engines.ts'
import { runNodeOnce, stateBuffersOf } from './wasm-calls.ts'
import type { WasmEngine } from './wasm-engine.ts'
import { createWasmEngine } from './wasm-engine.ts'
import { kernelsModule } from './wasm-module.ts'

const GOLDEN_DIR = join(import.meta.dirname, '../../testing/golden')
const goldenCases = (dir: string): GoldenCase[] => readdirSync(dir).filter((f) => f.endsWith('.json')).sort()
  .flatMap((f) => (JSON.parse(readFileSync(join(dir, f), 'utf8')) as GoldenFile).cases)
const CASES = goldenCases(GOLDEN_DIR)
const SINGLE_CASES = goldenCases(join(GOLDEN_DIR, 'single-rounding'))

function caseNode(c: GoldenCase): PlanNode {
  const inputs = c.op === 'Input' ? [] : c.inputs.map((t) => ({ shape: t.shape, dtype: t.dtype ?? ('int8' as const), quant: t.quant }))
  const site = kernelSite(c.op, c.scheme, c.attrs, inputs, { shape: c.output.shape, dtype: c.output.dtype ?? 'int8', quant: c.output.quant })!
  const weights = Object.fromEntries(Object.entries(c.weights ?? {}).map(([k, t]) =>
    [k, t.dtype === 'int32' ? Int32Array.from(t.data) : t.dtype === 'int16' ? Int16Array.from(t.data) : Int8Array.from(t.data)]))
  return { site, opData: c.opData as PlanNode['opData'], weights }
}

/** Every node's output of the wasm engine equals the TS engine's, for seeded int8 inputs and integer raw inputs. */
function expectSameAsReference(engine: WasmEngine, graph: Graph, scheme: QuantScheme, label: string, rounding: Rounding = 'double'): string[] {
  const wasm = engine.prepare(graph, scheme, rounding)
  const ts = TS_INT8_ENGINE.prepare(graph, scheme, rounding)
  const samples: Record<string, Int8Array>[] = [0, 1].map((k) => Object.fromEntries(wasm.prepared.inputIds.map((id) =>
    [id, seededCodes(`wasm:${label}:${k}:${id}`, 1, wasm.prepared.nodes.get(id)!.outputShape)[0]])))
  const next = mulberry32(5)
  const raw = Object.fromEntries(wasm.prepared.inputIds.map((id) =>
    [id, Int32Array.from({ length: shapeSize(wasm.prepared.nodes.get(id)!.outputShape) }, () => Math.floor(next() * 256))]))
  const preprocessed = wasm.preprocess(raw)
  expect(preprocessed).toEqual(ts.preprocess(raw))
  samples.push(preprocessed)
  const mismatches: string[] = []
  for (const inputs of samples) {
    const got = wasm.run(inputs)
    const want = ts.run(inputs)
    expect([...got.keys()]).toEqual([...want.keys()])
    for (const [id, bytes] of want) {
      const mine = got.get(id)!
      const bad = bytes.findIndex((b, i) => mine[i] !== b)
      if (bad >= 0 || mine.length !== bytes.length) mismatches.push(`${label} node ${id}: byte ${bad} is ${mine[bad]}, expected ${bytes[bad]}`)
    }
  }
  wasm.dispose()
  return mismatches
}

let engine: WasmEngine
let portableOnly: WasmEngine
beforeAll(async () => {
  engine = await createWasmEngine()
  portableOnly = await createWasmEngine({ simd: false })
})

/** Runs golden cases on `module` with and without the SIMD128 variants; the failures, the SIMD kernels used, the stateful count. */
function runGoldenCases(module: WebAssembly.Module, cases: readonly GoldenCase[]): { failures: string[]; simdUsed: Set<string>; stateful: number } {
  const failures: string[] = []
  const simdUsed = new Set<string>()
  let stateful = 0
  for (const c of cases) {
    const inputs = c.op === 'Input' ? [Int32Array.from(c.inputs[0].data)]
      : c.inputs.map((t) => (t.dtype === 'int16' ? Int16Array.from(t.data) : Int8Array.from(t.data)))
    const node = caseNode(c)
    const buffers = stateBuffersOf(node)
    const initial = buffers.map((b) => c.state?.[b.name] && (b.dtype === 'int16' ? Int16Array.from(c.state[b.name]) : Int8Array.from(c.state[b.name])))
    if (buffers.length > 0) stateful++
    for (const simd of [true, false]) {
      const { output, kernels, state, decision } = runNodeOnce(module, node, inputs, c.expected.length,
        { simd, ...(initial.every((x) => x) && initial.length > 0 ? { state: initial as (Int8Array | Int16Array)[] } : {}) })
      if (Array.from(output).join() !== c.expected.join()) failures.push(`${c.name} (${simd ? 'SIMD128' : 'portable'})`)
      if (decision !== c.decision) failures.push(`${c.name}: decision ${decision}, expected ${c.decision}`)
      buffers.forEach((b, k) => {
        if (Array.from(state[k]).join() !== c.expectedState?.[b.name]?.join()) failures.push(`${c.name} ${b.name} state (${simd ? 'SIMD128' : 'portable'})`)
      })
      if (simd) for (const k of kernels.values()) if (k.endsWith('_simd128')) simdUsed.add(k)
    }
  }
  return { failures, simdUsed, stateful }
}

describe('wasm engine: golden cases', () => {
  it('runs every golden case (every operator, both schemes) to its expected bytes, SIMD128 and portable kernels alike', async () => {
    expect(CASES.length).toBe(140)
    const { failures, simdUsed, stateful } = runGoldenCases(await kernelsModule(), CASES)
    expect(failures).toEqual([])
    expect(stateful).toBe(10)
    expect([...simdUsed].sort()).toEqual(['tf_add_q7_simd128', 'tf_avgpool_s8_simd128', 'tf_convolve_q7_simd128', 'tf_convolve_s8_simd128',
      'tf_depthwise_conv_q7_simd128', 'tf_depthwise_conv_s8_simd128', 'tf_elementwise_add_s8_simd128', 'tf_fully_connected_q7_simd128',
      'tf_fully_connected_s8_simd128', 'tf_max_pool_s8_simd128'])
  })

  it('runs every single-rounding golden case on the module built with CMSIS_NN_USE_SINGLE_ROUNDING; the double module fails 16', async () => {
    expect(SINGLE_CASES.length).toBe(69)
    const single = runGoldenCases(await kernelsModule('single'), SINGLE_CASES)
    expect(single.failures).toEqual([])
    expect([...single.simdUsed].sort()).toEqual(['tf_convolve_s8_simd128', 'tf_depthwise_conv_s8_simd128', 'tf_elementwise_add_s8_simd128',
      'tf_fully_connected_s8_simd128'])
    const double = runGoldenCases(await kernelsModule('double'), SINGLE_CASES)
    expect(new Set(double.failures.map((f) => f.replace(/ \((SIMD128|portable)\)$/, ''))).size).toBe(16)
  })
})

describe('wasm engine = TypeScript engine with single rounding (every node, seeded and preprocessed inputs)', () => {
  it.each(MLPERF_MODELS.map((f) => [f]))('MLPerf Tiny %s (imported int8)', (file) => {
    expect(expectSameAsReference(engine, mlperfGraph(file), 's8', `${file}-single`, 'single')).toEqual([])
  }, 60_000)

  it.each(['digits-cnn', 'kws-ds-cnn', 'vww-mobilenet'] as const)('template %s quantized s8', (id) => {
    expect(expectSameAsReference(engine, templateGraph(id, 's8'), 's8', `${id}-single`, 'single')).toEqual([])
  }, 60_000)

  it('the fixture graphs: every operator, two inputs and outputs, the second set, SVDF and LSTM', () => {
    for (const [label, graph] of [['mixed', MIXED_NET], ['pool', POOL_NET], ['two-io', TWO_IO_NET], ['second', SECOND_SET_NET],
      ['sequence', SEQUENCE_NET], ['svdf', SVDF_STREAM_NET], ['lstm', LSTM_WINDOW_NET]] as const) {
      expect(expectSameAsReference(engine, quantized(graph, 's8'), 's8', `${label}-single`, 'single')).toEqual([])
    }
  }, 120_000)

  it('single and double rounding give different bytes on a whole model (the prepared plans say which)', () => {
    const graph = mlperfGraph('kws_ref_model.tflite')
    const single = engine.prepare(graph, 's8', 'single')
    const double = engine.prepare(graph, 's8')
    expect([single.prepared.rounding, double.prepared.rounding]).toEqual(['single', 'double'])
    const inputs = Object.fromEntries(single.prepared.inputIds.map((id) => [id, seededCodes('rounding', 1, single.prepared.nodes.get(id)!.outputShape)[0]]))
    const a = single.run(inputs)
    const b = double.run(inputs)
    expect([...a].some(([id, bytes]) => bytes.some((v, i) => v !== b.get(id)![i]))).toBe(true)
    single.dispose()
    double.dispose()
  })
})

describe('wasm engine = TypeScript engine on whole graphs (every node, seeded and preprocessed inputs)', () => {
  it.each(MLPERF_MODELS.map((f) => [f]))('MLPerf Tiny %s (imported int8)', (file) => {
    const graph = mlperfGraph(file)
    expect(expectSameAsReference(engine, graph, 's8', file)).toEqual([])
  }, 60_000)

  it.each([['digits-cnn', 's8'], ['digits-cnn', 'pow2'], ['kws-ds-cnn', 's8'], ['kws-ds-cnn', 'pow2'], ['vww-mobilenet', 's8'],
    ['vww-mobilenet', 'pow2']] as const)('template %s quantized %s (pipelines/ptq.ts)', (id, scheme) => {
    const graph = templateGraph(id, scheme)
    expect(expectSameAsReference(engine, graph, scheme, `${id}-${scheme}`)).toEqual([])
  }, 60_000)

  const FIXTURES = { MIXED_NET, POOL_NET, TWO_IO_NET }
  it.each([['MIXED_NET', 's8'], ['MIXED_NET', 'pow2'], ['POOL_NET', 's8'], ['POOL_NET', 'pow2'], ['TWO_IO_NET', 's8'],
    ['TWO_IO_NET', 'pow2']] as const)('%s quantized %s (also on the portable kernels alone)', (name, scheme) => {
    const q = quantized(FIXTURES[name], scheme)
    expect(expectSameAsReference(engine, q, scheme, `${name}-${scheme}`)).toEqual([])
    expect(expectSameAsReference(portableOnly, q, scheme, `${name}-${scheme}-portable`)).toEqual([])
  })

  const SECOND = { SECOND_SET_NET, SEQUENCE_NET, SVDF_STREAM_NET, LSTM_WINDOW_NET, LSTM_STREAM_NET, MFCC_LSTM_NET, POW2_MUL_NET }
  it.each([['SECOND_SET_NET', 's8'], ['SEQUENCE_NET', 's8'], ['SVDF_STREAM_NET', 's8'], ['LSTM_WINDOW_NET', 's8'], ['LSTM_STREAM_NET', 's8'],
    ['MFCC_LSTM_NET', 's8'], ['POW2_MUL_NET', 'pow2']] as const)('second operator set: %s quantized %s (SIMD128 and portable kernels)', (name, scheme) => {
    const q = quantized(SECOND[name], scheme)
    expect(expectSameAsReference(engine, q, scheme, `${name}-${scheme}`)).toEqual([])
    expect(expectSameAsReference(portableOnly, q, scheme, `${name}-${scheme}-portable`)).toEqual([])
  }, 60_000)

  it.each([['SVDF_STREAM_NET', SVDF_STREAM_NET, true], ['LSTM_STREAM_NET', LSTM_STREAM_NET, true], ['LSTM_WINDOW_NET', LSTM_WINDOW_NET, false]] as const)(
    '%s as a stream: 6 runs with the state carried over, every output and every state buffer equal; reset runs start over', (name, graph, carries) => {
      const q = quantized(graph, 's8')
      const wasm = engine.prepare(q, 's8')
      const ts = TS_INT8_ENGINE.prepare(q, 's8')
      const stateful = [...wasm.state().keys()]
      expect(stateful.length).toBeGreaterThan(0)
      expect(wasm.state()).toEqual(ts.state())
      const frames = [0, 1, 2, 3, 4, 5].map((k) => Object.fromEntries(wasm.prepared.inputIds.map((id) =>
        [id, seededCodes(`stream:${name}:${k}:${id}`, 1, wasm.prepared.nodes.get(id)!.outputShape)[0]])))
      const outputs: string[] = []
      for (const frame of frames) {
        const got = wasm.run(frame, { state: 'carry' })
        expect(got).toEqual(ts.run(frame, { state: 'carry' }))
        expect(wasm.state()).toEqual(ts.state())
        outputs.push([...got.values()].map((x) => x.join()).join('|'))
      }
      // A stateful layer's state matters (a later frame differs from a fresh start on the same input; a window LSTM
      // resets itself in every call), and a plain run starts over.
      const fresh = wasm.run(frames[5])
      if (carries) expect([...fresh.values()].map((x) => x.join()).join('|')).not.toBe(outputs[5])
      else expect([...fresh.values()].map((x) => x.join()).join('|')).toBe(outputs[5])
      expect(fresh).toEqual(ts.run(frames[5]))
      expect([...wasm.run(frames[0]).values()].map((x) => x.join()).join('|')).toBe(outputs[0])
      wasm.dispose()
    }, 60_000)
})

describe('wasm engine contract', () => {
  it('calls the SIMD128 variants where they exist, and the portable kernels with simd: false', () => {
    const graph = mlperfGraph('pretrainedResnet_quant.tflite')
    const simd = engine.prepare(graph, 's8')
    expect(simd.kernels.get('tf_convolve_s8')).toBe('tf_convolve_s8_simd128')
    expect(simd.kernels.get('tf_softmax_s8')).toBe('tf_softmax_s8')
    expect(portableOnly.prepare(graph, 's8').kernels.get('tf_convolve_s8')).toBe('tf_convolve_s8')
  })

  it('reports missing or wrong-sized inputs as the TypeScript engine does, captures outputs only on request, refuses use after dispose', () => {
    const graph = quantized(TWO_IO_NET, 's8')
    const wasm = engine.prepare(graph, 's8')
    const ts = TS_INT8_ENGINE.prepare(graph, 's8')
    const [a, b] = wasm.prepared.inputIds
    const x = new Int8Array(32)
    expect(() => wasm.run({ [a]: x })).toThrow("No data given for input 'b' (1×4×4×2, 32 int8 values)")
    expect(() => ts.run({ [a]: x })).toThrow("No data given for input 'b' (1×4×4×2, 32 int8 values)")
    expect(() => wasm.run({ [a]: x, [b]: new Int8Array(3) })).toThrow("Input 'b' expects 32 int8 values (1×4×4×2), got 3")
    const outputs = wasm.run({ [a]: x, [b]: x }, { capture: 'outputs' })
    expect([...outputs.keys()]).toEqual(wasm.prepared.outputIds)
    expect(outputs).toEqual(ts.run({ [a]: x, [b]: x }, { capture: 'outputs' }))
    wasm.dispose()
    expect(() => wasm.run({ [a]: x, [b]: x })).toThrow('disposed')
  })

  it('preprocesses non-integer raw values with the Input float formula, as the TypeScript engine does', () => {
    const graph = templateGraph('digits-cnn', 's8')
    const wasm = engine.prepare(graph, 's8')
    const id = wasm.prepared.inputIds[0]
    const raw = { [id]: Float32Array.from({ length: 28 * 28 }, (_, i) => (i % 17) * 7.25) }
    expect(wasm.preprocess(raw)).toEqual(TS_INT8_ENGINE.prepare(graph, 's8').preprocess(raw))
  })
})
