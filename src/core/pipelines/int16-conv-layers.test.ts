/**
 * Convolutions kept at 16 bits, end to end: the KWS DS-CNN template's first Conv2D and second DepthwiseConv2D marked
 * int16 (precisionChanges inserts their Quantize boundaries) → PTQ (symmetric int16 ranges, per-channel weights) →
 * per-layer SQNR against the all-int8 model → the TS and the wasm engines give the same values on every node → the
 * estimator names the s16 kernels and moves RAM/flash as the scheme says. Figures are printed for docs/int16.md. (The C
 * package of the int16 convolutions and Add runs in codegen/c/package-build.test.ts, INT16_CONV_NET.)
 */
import { describe, expect, it } from 'vitest'
import { analyzeGraph } from '../analysis/analyze-graph.ts'
import { precisionChanges } from '../analysis/precision-changes.ts'
import { syntheticSamples } from '../data/calibration-data.ts'
import { createWasmEngine } from '../engine/wasm/wasm-engine.ts'
import { TS_INT8_ENGINE } from '../engine/int8-engines.ts'
import { estimate } from '../estimate/estimate.ts'
import { applyChanges } from '../ir/changes.ts'
import type { Graph } from '../ir/types.ts'
import { getTarget } from '../targets/catalog.ts'
import { templateById } from '../templates/index.ts'
import { CMSIS_NN } from '../vendors/cmsis-nn/index.ts'
import { quantizeGraph } from './ptq.ts'
import { validateQuantized } from './validation.ts'

const floatGraph = templateById('kws-ds-cnn')!.build().graph
const idOf = (name: string) => floatGraph.nodes.find((n) => n.name === name)!.id
const [conv1, dw2] = [idOf('conv1'), idOf('dw2')]
let marked: Graph = applyChanges(floatGraph, precisionChanges(floatGraph, conv1, 'int16')).graph
marked = applyChanges(marked, precisionChanges(marked, dw2, 'int16')).graph
const calibration = syntheticSamples(floatGraph, 8, 1)
const held = syntheticSamples(floatGraph, 8, 2)

describe('convolutions kept at int16 (16x8)', () => {
  it('analysis, PTQ, SQNR, TS = wasm engine, estimates', async () => {
    expect(analyzeGraph(marked, CMSIS_NN).diagnostics.filter((d) => d.severity === 'error')).toEqual([])
    const q8 = quantizeGraph(floatGraph, { scheme: 's8', samples: calibration })
    const q16 = quantizeGraph(marked, { scheme: 's8', samples: calibration })
    for (const id of [conv1, dw2]) {
      const n = q16.nodes.find((x) => x.id === id)!
      expect(n.quant!.output.zeroPoint).toEqual([0])
      expect(n.weights!.weights.quant!.scale.length).toBeGreaterThan(1) // per channel, as the s16 conv kernels take
    }
    const r8 = validateQuantized(floatGraph, q8, { scheme: 's8', samples: held })
    const r16 = validateQuantized(marked, q16, { scheme: 's8', samples: held })
    const sqnr = (r: typeof r8, id: string) => r.layers.find((l) => l.node === id)!.sqnrDb
    console.log(`kws conv1 SQNR: int8 ${sqnr(r8, conv1).toFixed(2)} dB, int16 ${sqnr(r16, conv1).toFixed(2)} dB; ` +
      `dw2 int8 ${sqnr(r8, dw2).toFixed(2)} dB, int16 ${sqnr(r16, dw2).toFixed(2)} dB; ` +
      `output int8 ${r8.outputs[0].sqnrDb.toFixed(2)} dB, int16 layers ${r16.outputs[0].sqnrDb.toFixed(2)} dB`)
    // The int8 input bounds conv1's gain (its error against float starts at the int8 Input).
    expect(sqnr(r16, conv1)).toBeGreaterThan(sqnr(r8, conv1))
    expect(sqnr(r16, dw2)).toBeGreaterThan(sqnr(r8, dw2))

    const wasm = (await createWasmEngine()).prepare(q16, 's8')
    const ts = TS_INT8_ENGINE.prepare(q16, 's8')
    for (let s = 0; s < 2; s++) {
      const raw = Object.fromEntries(Object.entries(held).map(([id, list]) => [id, list[s]]))
      const a = wasm.run(wasm.preprocess(raw))
      const b = ts.run(ts.preprocess(raw))
      expect(a.get(conv1)).toBeInstanceOf(Int16Array)
      expect(a.get(dw2)).toBeInstanceOf(Int16Array)
      for (const [id, t] of b) expect(Array.from(a.get(id)!), id).toEqual(Array.from(t))
    }
    wasm.dispose()

    const board = [getTarget('nucleo-l4r5zi')!]
    const est16 = estimate(q16, CMSIS_NN, board)
    const e8 = estimate(q8, CMSIS_NN, board).targets[0]
    const e16 = est16.targets[0]
    expect(est16.layers.find((l) => l.node === conv1)!.kernels).toEqual(['arm_convolve_wrapper_s16'])
    expect(est16.layers.find((l) => l.node === dw2)!.kernels).toEqual(['arm_depthwise_conv_wrapper_s16'])
    console.log(`kernels: ${e16.flash.kernels.map((k) => `${k.kernel} ${k.bytes}`).join(', ')}; unknown code: ${e16.flash.unknownCode.join(', ') || 'none'}`)
    console.log(`kws on nucleo-l4r5zi: flash ${e8.flashBytes} → ${e16.flashBytes} B, RAM ${e8.ramBytes} → ${e16.ramBytes} B, ` +
      `latency ${e8.latencyMs?.toFixed(3)} → ${e16.latencyMs?.toFixed(3)} ms`)
    for (const id of [conv1, dw2]) {
      const l8 = e8.layers.find((l) => l.node === id)!
      const l16 = e16.layers.find((l) => l.node === id)!
      console.log(`${id}: flash ${l8.flashBytes} → ${l16.flashBytes} B, RAM ${l8.ramBytes} → ${l16.ramBytes} B`)
      expect(l16.ramBytes).toBeGreaterThan(l8.ramBytes)
    }
    expect(e16.flashBytes).toBeGreaterThan(e8.flashBytes)
  }, 120_000)
})
