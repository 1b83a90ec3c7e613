/**
 * ONNX export of the second operator set in onnxruntime-web (wasm, Node): the float export against the float engine
 * and the QDQ export against the int8 engine, per operator on ORT's own inputs, on graphs that use every new
 * operator (testing/fixture-graphs-seq.ts); every file passes onnx 1.12's full checker and strict shape inference.
 */
import { spawnSync } from 'node:child_process'
import { mkdirSync, writeFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import type { Graph } from '../../ir/types.ts'
import { syntheticSamples } from '../../data/calibration-data.ts'
import { quantizeGraph } from '../../pipelines/ptq.ts'
import { LSTM_STREAM_NET, LSTM_WINDOW_NET, SECOND_SET_NET, SEQUENCE_NET, SVDF_STREAM_NET } from '../../testing/fixture-graphs-seq.ts'
import { floatDiff, measureAgreement, seededCodes } from '../../testing/onnx-export-test-utils.ts'
import { createOrtRunner } from '../../engine/ort/ort-runner.ts'
import type { FloatGraphState } from '../../engine/float-engine.ts'
import { runFloat } from '../../engine/float-engine.ts'
import { shapeSize } from '../../ir/types.ts'
import { exportOnnxModel } from './export-onnx.ts'

const OUT = 'out/onnx/'
const written: string[] = []

const CASES: [string, Graph][] = [['second-set', SECOND_SET_NET], ['sequence', SEQUENCE_NET], ['svdf-stream', SVDF_STREAM_NET],
  ['lstm-window', LSTM_WINDOW_NET], ['lstm-stream', LSTM_STREAM_NET]]

/**
 * SVDF and LSTM: their QDQ models compute the state and the gates in float, without the int8 kernels' int16 rounding
 * (export-ops-recurrent.ts), so they agree with the int8 engine less closely than the other operators. Measured
 * (onnxruntime-web 1.30.0 wasm): SVDF 100 % exact on these samples; LSTM 100 % exact on one frame, 78.8 % exact and
 * at most 16 LSB apart over 8 frames (the int8 engine rounds h to int8 and c to int16 at every step, ONNX's LSTM
 * keeps float). The float exports agree with the float engine to 1e-4 like every other operator.
 */
const RECURRENT_MAX_LSB: Record<string, number> = { SVDF: 1, LSTM: 16 }

describe('ONNX export of the second operator set', () => {
  it.each(CASES)('%s: float export = float engine; QDQ export within 1 LSB of every int8 kernel (SVDF, LSTM: measured bounds)',
    async (name, float) => {
    mkdirSync(OUT, { recursive: true })
    const int8 = quantizeGraph(float, { scheme: 's8', samples: syntheticSamples(float, 8, 1) })
    const input = int8.nodes.find((n) => n.op === 'Input')!
    const codes = seededCodes(`export-second-set:${name}`, 4, [1, ...(input.attrs.shape as number[])])
    const f = await measureAgreement(float, int8, codes)
    for (const [file, bytes] of [[`${OUT}${name}.float.onnx`, f.float.bytes], [`${OUT}${name}.qdq.onnx`, f.qdq.bytes]] as const) {
      writeFileSync(file, bytes)
      written.push(file)
    }
    expect(f.floatMaxRel).toBeLessThanOrEqual(1e-4)
    for (const [op, a] of f.perOpByType) {
      if (RECURRENT_MAX_LSB[op] !== undefined) expect([op, a.maxDiff <= RECURRENT_MAX_LSB[op]]).toEqual([op, true])
      else expect([op, a.withinOne]).toEqual([op, a.count])
    }
    if (![...f.perOpByType.keys()].some((op) => op in RECURRENT_MAX_LSB)) expect(f.perOp.exactPct).toBeGreaterThanOrEqual(99)
    console.log(name, [...f.perOpByType].map(([op, a]) => `${op}: ${a.exactPct.toFixed(1)}% exact, max ${a.maxDiff}`).join('; '))
  }, 120_000)

  it.each([['svdf-stream', SVDF_STREAM_NET], ['lstm-stream', LSTM_STREAM_NET]] as const)(
    '%s: feeding each run the previous state outputs streams frames exactly as the float engine carries its state',
    async (_name, graph) => {
      const exported = exportOnnxModel(graph, { quantized: false })
      expect(exported.states.length).toBeGreaterThan(0)
      const runner = await createOrtRunner(exported.bytes)
      const input = exported.inputs[0]
      const frames = syntheticSamples(graph, 5, 3)[input.nodeId]
      let state: Record<string, Float32Array> = Object.fromEntries(exported.states.map((st) => [st.input, new Float32Array(shapeSize(st.dims))]))
      const engineState: FloatGraphState = new Map()
      for (const frame of frames) {
        const feeds = { [input.name]: { data: frame, dims: input.dims },
          ...Object.fromEntries(exported.states.map((st) => [st.input, { data: state[st.input], dims: st.dims }])) }
        const got = await runner.run(feeds)
        const ref = runFloat(graph, { [input.nodeId]: frame }, { state: engineState })
        for (const o of exported.outputs) {
          expect(floatDiff(got[o.name].data as Float32Array, ref.outputs.get(o.nodeId)!).relative).toBeLessThanOrEqual(1e-4)
        }
        state = Object.fromEntries(exported.states.map((st) => [st.input, got[st.output].data as Float32Array]))
      }
      await runner.release()
    }, 60_000)

  it('every exported file passes onnx.checker (full_check) and strict shape inference', () => {
    const r = spawnSync('/usr/bin/python3', ['scripts/check_onnx.py', ...written], { encoding: 'utf8' })
    expect(r.stderr).toBe('')
    expect(r.status).toBe(0)
    expect(r.stdout.trim().split('\n')).toHaveLength(written.length)
  }, 120_000)
})
