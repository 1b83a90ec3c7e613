/**
 * TFLite models of the second operator set, written by write-tflite.ts from quantized test graphs (no TensorFlow
 * here), imported back: every TFLite operator maps (STRIDED_SLICE last step fused into the LSTM), the state tensors'
 * quantization survives, the imported graph validates against cmsis-nn and computes the same bytes as the graph it
 * was written from (streams of frames for the stateful ones), and its C package is bit-exact on the host with
 * ASan/UBSan (and qemu M4 for LSTM, SVDF and the second-set network).
 */
import { afterAll, describe, expect, it } from 'vitest'
import { analyzeGraph } from '../../src/core/analysis/analyze-graph.ts'
import { generateCPackage } from '../../src/core/codegen/c/generate-package.ts'
import { runInt8 } from '../../src/core/engine/int8-engine.ts'
import type { Int8GraphState } from '../../src/core/engine/int8-engine.ts'
import { importModel } from '../../src/core/formats/import-model.ts'
import { outputNodes } from '../../src/core/ir/graph-queries.ts'
import type { Graph } from '../../src/core/ir/types.ts'
import { quantized } from '../../src/core/testing/c-fixtures.ts'
import { removeTempDirs, run, tempDir, writeFiles } from '../../src/core/testing/c-toolchain.ts'
import {
  LSTM_STREAM_NET, LSTM_WINDOW_NET, MFCC_CNN_NET, MFCC_LSTM_NET, MFCC_MLP_NET, SECOND_SET_NET, SEQUENCE_NET, SVDF_STREAM_NET,
} from '../../src/core/testing/fixture-graphs-seq.ts'
import { getLibrary } from '../../src/core/vendors/registry.ts'
import { writeTflite } from './write-tflite.ts'

/** TFLite's LSTM options express a tanh cell gate only: the streaming test graph with one. */
const LSTM_STREAM_TANH: Graph = {
  ...LSTM_STREAM_NET, nodes: LSTM_STREAM_NET.nodes.map((n) => (n.op === 'LSTM' ? { ...n, attrs: { ...n.attrs, activation: 'tanh' } } : n)),
}

interface Case {
  name: string
  graph: Graph
  ops: string[]
  /** Invocations compared, carrying the state (1 for stateless graphs). */
  frames: number
  qemu?: boolean
}

const CASES: Case[] = [
  { name: 'second_set', graph: SECOND_SET_NET, frames: 1, qemu: true, ops: ['CONV_2D', 'TRANSPOSE_CONV', 'MEAN', 'MUL', 'MAXIMUM', 'MINIMUM',
    'TRANSPOSE', 'TRANSPOSE', 'RESHAPE', 'RESHAPE', 'BATCH_MATMUL', 'RESHAPE', 'FULLY_CONNECTED', 'SOFTMAX'] },
  { name: 'sequence', graph: SEQUENCE_NET, frames: 1, ops: ['TRANSPOSE', 'BATCH_MATMUL', 'BATCH_MATMUL', 'MUL', 'RESHAPE', 'FULLY_CONNECTED', 'SOFTMAX'] },
  { name: 'svdf', graph: SVDF_STREAM_NET, frames: 6, qemu: true, ops: ['SVDF', 'FULLY_CONNECTED', 'SVDF', 'FULLY_CONNECTED', 'SOFTMAX'] },
  { name: 'lstm_window', graph: LSTM_WINDOW_NET, frames: 1, ops: ['UNIDIRECTIONAL_SEQUENCE_LSTM', 'UNIDIRECTIONAL_SEQUENCE_LSTM',
    'STRIDED_SLICE', 'FULLY_CONNECTED', 'SOFTMAX'] },
  { name: 'lstm_stream', graph: LSTM_STREAM_TANH, frames: 5, qemu: true, ops: ['UNIDIRECTIONAL_SEQUENCE_LSTM', 'STRIDED_SLICE', 'FULLY_CONNECTED'] },
  { name: 'mfcc_mlp', graph: MFCC_MLP_NET, frames: 1, ops: ['RESHAPE', 'FULLY_CONNECTED', 'FULLY_CONNECTED', 'SOFTMAX'] },
  { name: 'mfcc_cnn', graph: MFCC_CNN_NET, frames: 1, ops: ['RESHAPE', 'CONV_2D', 'DEPTHWISE_CONV_2D', 'CONV_2D', 'MEAN', 'RESHAPE',
    'FULLY_CONNECTED', 'SOFTMAX'] },
  { name: 'mfcc_lstm', graph: MFCC_LSTM_NET, frames: 1, ops: ['UNIDIRECTIONAL_SEQUENCE_LSTM', 'STRIDED_SLICE', 'FULLY_CONNECTED', 'SOFTMAX'] },
]

/** Deterministic int8 frames for every Input of `graph`. */
function frames(graph: Graph, count: number, seed: number): Record<string, Int8Array>[] {
  const a = analyzeGraph(graph)
  let s = seed
  const next = () => ((s = (s * 1103515245 + 12345) >>> 0) >>> 16) % 256 - 128
  return Array.from({ length: count }, () => Object.fromEntries(graph.nodes.filter((n) => n.op === 'Input')
    .map((n) => [n.id, Int8Array.from({ length: a.nodes.get(n.id)!.output!.shape.reduce((p, d) => p * d, 1) }, next)])))
}

/** Output bytes of each invocation, carrying the state from one to the next. */
function stream(graph: Graph, inputs: Record<string, Int8Array>[]): number[][] {
  let state: Int8GraphState | undefined
  const out = outputNodes(graph)[0].id
  return inputs.map((x) => {
    const r = runInt8(graph, x, state ? { state } : {})
    state = r.state
    return Array.from(r.outputs.get(out)!)
  })
}

afterAll(removeTempDirs)

describe('TFLite files of the second operator set (tools/tflite-writer)', () => {
  it.each(CASES.map((c) => [c.name, c] as const))('%s: imports, validates and computes the same bytes', (_n, c) => {
    const q = quantized(c.graph, 's8')
    const r = importModel(writeTflite(q), `${c.name}.tflite`)
    expect(r.report.entries.map((e) => e.sourceOp)).toEqual(c.ops)
    expect(r.report.entries.filter((e) => e.status !== 'mapped' && e.status !== 'fused')).toEqual([])
    expect(r.report.diagnostics.filter((d) => d.severity === 'error')).toEqual([])
    const g = r.doc.graph
    expect(analyzeGraph(g, getLibrary('cmsis-nn')).diagnostics.filter((d) => d.severity === 'error')).toEqual([])
    // State quantization is the file's: SVDF int16 memory, LSTM hidden (= output) and power-of-two cell scale.
    for (const n of g.nodes.filter((n) => n.op === 'SVDF' || n.op === 'LSTM')) {
      const original = q.nodes.find((o) => o.op === n.op && o.name === n.name)!
      expect(n.quant?.state).toEqual(original.quant?.state)
      // TFLite keeps variable tensors between invocations: an imported LSTM is stateful.
      if (n.op === 'LSTM') expect(n.attrs.stateful).toBe(true)
    }
    // Input ids differ: feed the same bytes by position.
    const xs = frames(q, c.frames, 7)
    const ids = (graph: Graph) => graph.nodes.filter((n) => n.op === 'Input').map((n) => n.id)
    const renamed = xs.map((x) => Object.fromEntries(ids(g).map((id, i) => [id, x[ids(q)[i]]])))
    expect(stream(g, renamed)).toEqual(stream(q, xs))
  })

  it.each(CASES.map((c) => [c.name, c] as const))('%s: the imported model\'s C package is bit-exact (host ASan/UBSan, qemu M4)', (_n, c) => {
    const g = importModel(writeTflite(quantized(c.graph, 's8')), `${c.name}.tflite`).doc.graph
    const prefix = `tfl_${c.name}`
    const dir = tempDir(prefix)
    writeFiles(dir, generateCPackage(g, { prefix, library: 'cmsis-nn' }))
    const host = run('make', ['-s', 'test', 'SANITIZE=1'], dir)
    expect(host.output).toMatch(new RegExp(`${prefix}: 3/3 vectors bit-exact \\(\\d+ output bytes each\\) on host\\n`))
    expect(host.stderr).toBe('')
    expect(host.code).toBe(0)
    if (c.qemu) {
      const m4 = run('make', ['-s', 'test-qemu-m4'], dir, 300_000)
      expect(m4.stderr).toMatch(new RegExp(`${prefix}: 3/3 vectors bit-exact \\(\\d+ output bytes each\\) on qemu mps2-an386`))
      expect(m4.code).toBe(0)
    }
  }, 300_000)
})
