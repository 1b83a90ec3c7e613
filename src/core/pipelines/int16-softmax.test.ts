/**
 * Softmax kept at 16 bits, end to end: the Digits template's final Softmax marked int16 through precisionChanges (a
 * Quantize int8 → int16 before it, and one back to int8 after it, the graph's output) → PTQ fixes its output at 1/32768
 * with zero point 0 (an int8 Softmax keeps 1/256, −128) → SQNR against float → the TS and the wasm engines agree on
 * every node → the estimator names arm_softmax_s16. Unmarking removes both Quantize nodes. Figures are printed for
 * docs/int16.md. (The C package of an int16 Softmax runs in codegen/c/package-build.test.ts, INT16_SOFTMAX_NET.)
 */
import { describe, expect, it } from 'vitest'
import { analyzeGraph } from '../analysis/analyze-graph.ts'
import { precisionChanges } from '../analysis/precision-changes.ts'
import { syntheticSamples } from '../data/calibration-data.ts'
import { TS_INT8_ENGINE } from '../engine/int8-engines.ts'
import { createWasmEngine } from '../engine/wasm/wasm-engine.ts'
import { estimate } from '../estimate/estimate.ts'
import { applyChanges } from '../ir/changes.ts'
import { getTarget } from '../targets/catalog.ts'
import { templateById } from '../templates/index.ts'
import { CMSIS_NN } from '../vendors/cmsis-nn/index.ts'
import { quantizeGraph } from './ptq.ts'
import { validateQuantized } from './validation.ts'

const floatGraph = templateById('digits-cnn')!.build().graph
const softmaxId = floatGraph.nodes.find((n) => n.op === 'Softmax')!.id
const marked = applyChanges(floatGraph, precisionChanges(floatGraph, softmaxId, 'int16')).graph
const calibration = syntheticSamples(floatGraph, 8, 1)
const held = syntheticSamples(floatGraph, 16, 2)

describe('Softmax kept at int16 (arm_softmax_s16)', () => {
  it('gets a Quantize on each side (the output one ends the graph); unmarking removes both', () => {
    const added = marked.nodes.filter((n) => !floatGraph.nodes.some((m) => m.id === n.id))
    expect(added.map((n) => [n.op, n.activations ?? 'int8'])).toEqual([['Quantize', 'int16'], ['Quantize', 'int8']])
    expect(marked.edges.some((e) => e.source === added[1].id)).toBe(false)
    expect(analyzeGraph(marked, CMSIS_NN).diagnostics.filter((d) => d.severity === 'error')).toEqual([])
    const back = applyChanges(marked, precisionChanges(marked, softmaxId, undefined)).graph
    expect(back.nodes.map((n) => n.id).sort()).toEqual(floatGraph.nodes.map((n) => n.id).sort())
    expect(back.edges.map((e) => `${e.source}>${e.target}`).sort()).toEqual(floatGraph.edges.map((e) => `${e.source}>${e.target}`).sort())
  })

  it('PTQ fixes its output at 1/32768 (zero point 0); SQNR; TS = wasm engine; the estimator names arm_softmax_s16 (+ the tables of tf_softmax_s16)', async () => {
    const q8 = quantizeGraph(floatGraph, { scheme: 's8', samples: calibration })
    const q16 = quantizeGraph(marked, { scheme: 's8', samples: calibration })
    expect(q8.nodes.find((n) => n.id === softmaxId)!.quant!.output).toEqual({ scale: [1 / 256], zeroPoint: [-128] })
    expect(q16.nodes.find((n) => n.id === softmaxId)!.quant!.output).toEqual({ scale: [1 / 32768], zeroPoint: [0] })
    const r8 = validateQuantized(floatGraph, q8, { scheme: 's8', samples: held })
    const r16 = validateQuantized(marked, q16, { scheme: 's8', samples: held })
    const layer = (r: typeof r8) => r.layers.find((l) => l.node === softmaxId)!.sqnrDb
    console.log(`digits softmax SQNR vs float: int8 ${layer(r8).toFixed(2)} dB, int16 ${layer(r16).toFixed(2)} dB; ` +
      `model output (int8 after the Quantize) ${r8.outputs[0].sqnrDb.toFixed(2)} → ${r16.outputs[0].sqnrDb.toFixed(2)} dB`)
    expect(layer(r16)).toBeGreaterThan(layer(r8))

    const wasm = (await createWasmEngine()).prepare(q16, 's8')
    const ts = TS_INT8_ENGINE.prepare(q16, 's8')
    for (let s = 0; s < 4; s++) {
      const raw = Object.fromEntries(Object.entries(held).map(([id, list]) => [id, list[s]]))
      const a = wasm.run(wasm.preprocess(raw))
      const b = ts.run(ts.preprocess(raw))
      expect(a.get(softmaxId)).toBeInstanceOf(Int16Array)
      for (const [id, t] of b) expect(Array.from(a.get(id)!), id).toEqual(Array.from(t))
    }
    wasm.dispose()

    const board = [getTarget('nucleo-l4r5zi')!]
    const e16 = estimate(q16, CMSIS_NN, board)
    expect(e16.layers.find((l) => l.node === softmaxId)!.kernels).toEqual(['arm_softmax_s16', 'tf_softmax_s16'])
    const [t8, t16] = [estimate(q8, CMSIS_NN, board).targets[0], e16.targets[0]]
    console.log(`digits on nucleo-l4r5zi: flash ${t8.flashBytes} → ${t16.flashBytes} B, RAM ${t8.ramBytes} → ${t16.ramBytes} B, ` +
      `latency ${t8.latencyMs?.toFixed(3)} → ${t16.latencyMs?.toFixed(3)} ms; unknown code: ${t16.flash.unknownCode.join(', ') || 'none'}`)
  }, 120_000)
})
