/**
 * A layer kept at 16 bits, end to end: the Digits template's last FullyConnected marked int16 (precisionChanges inserts
 * the Quantize nodes) → PTQ (symmetric int16 range) → per-layer SQNR against the all-int8 model → the TS and the wasm
 * engines give the same values → the C package (portable, and its CMSIS-NN call text) runs bit-exact on the host under
 * ASan + UBSan → the estimator's RAM/flash move as the scheme says. Figures are printed for docs/int16.md.
 */
import { afterAll, describe, expect, it } from 'vitest'
import { analyzeGraph } from '../analysis/analyze-graph.ts'
import { INT16_BOUNDARY, precisionChanges } from '../analysis/precision-changes.ts'
import { generateCPackage } from '../codegen/c/generate-package.ts'
import { syntheticSamples } from '../data/calibration-data.ts'
import { createWasmEngine } from '../engine/wasm/wasm-engine.ts'
import { TS_INT8_ENGINE } from '../engine/int8-engines.ts'
import { estimate } from '../estimate/estimate.ts'
import { applyChanges } from '../ir/changes.ts'
import type { Graph } from '../ir/types.ts'
import { getTarget } from '../targets/catalog.ts'
import { templateById } from '../templates/index.ts'
import { removeTempDirs, run, tempDir, writeFiles } from '../testing/c-toolchain.ts'
import { CMSIS_NN } from '../vendors/cmsis-nn/index.ts'
import { quantizeGraph } from './ptq.ts'
import { validateQuantized } from './validation.ts'

afterAll(removeTempDirs)

const floatGraph = templateById('digits-cnn')!.build().graph
const logitsId = floatGraph.nodes.find((n) => n.name === 'logits')!.id
const marked: Graph = applyChanges(floatGraph, precisionChanges(floatGraph, logitsId, 'int16')).graph
const calibration = syntheticSamples(floatGraph, 8, 1)
const held = syntheticSamples(floatGraph, 16, 2)

describe('a layer kept at int16 (16x8)', () => {
  it('marking inserts one Quantize on each side, the analysis accepts it, unmarking restores the graph', () => {
    const added = marked.nodes.filter((n) => n.source?.op === INT16_BOUNDARY)
    expect(added.map((n) => [n.op, n.activations ?? 'int8'])).toEqual([['Quantize', 'int16'], ['Quantize', 'int8']])
    const a = analyzeGraph(marked, CMSIS_NN)
    expect(a.diagnostics.filter((d) => d.severity === 'error')).toEqual([])
    expect(a.nodes.get(logitsId)!.output!.dtype).toBe('int16')
    const back = applyChanges(marked, precisionChanges(marked, logitsId, undefined)).graph
    expect(back.nodes.map((n) => n.id)).toEqual(floatGraph.nodes.map((n) => n.id))
    expect(analyzeGraph(back).diagnostics.filter((d) => d.severity === 'error')).toEqual([])
    // Without its Quantize, the int8 Softmax refuses the int16 logits with the fix in the sentence.
    const bare = applyChanges(floatGraph, [{ type: 'updateNode', id: logitsId, set: { activations: 'int16' } }]).graph
    expect(analyzeGraph(bare).diagnostics.map((d) => d.message)).toContain(
      'FullyConnected has kernels for int8 → int8, int16 → int16 only, not int8 → int16: insert a Quantize (int8 → int16) before it')
  })

  it('PTQ gives the int16 logits a symmetric int16 range; SQNR of the logits rises; engines and C agree', async () => {
    const q8 = quantizeGraph(floatGraph, { scheme: 's8', samples: calibration })
    const q16 = quantizeGraph(marked, { scheme: 's8', samples: calibration })
    const fc = q16.nodes.find((n) => n.id === logitsId)!
    expect(fc.quant!.output.zeroPoint).toEqual([0])
    expect(fc.weights!.weights.quant!.scale.length).toBe(1)
    const r8 = validateQuantized(floatGraph, q8, { scheme: 's8', samples: held })
    const r16 = validateQuantized(marked, q16, { scheme: 's8', samples: held })
    const sqnr = (r: typeof r8) => r.layers.find((l) => l.node === logitsId)!.sqnrDb
    console.log(`digits logits SQNR: int8 ${sqnr(r8).toFixed(2)} dB, int16 ${sqnr(r16).toFixed(2)} dB; ` +
      `softmax output SQNR int8 ${r8.outputs[0].sqnrDb.toFixed(2)} dB, int16 logits ${r16.outputs[0].sqnrDb.toFixed(2)} dB`)
    expect(sqnr(r16)).toBeGreaterThan(sqnr(r8))

    // The wasm engine (the C runtime compiled) gives the TS engine's values on every node, int16 tensors included.
    const wasm = (await createWasmEngine()).prepare(q16, 's8')
    const ts = TS_INT8_ENGINE.prepare(q16, 's8')
    for (let s = 0; s < 4; s++) {
      const raw = Object.fromEntries(Object.entries(held).map(([id, list]) => [id, list[s]]))
      const a = wasm.run(wasm.preprocess(raw))
      const b = ts.run(ts.preprocess(raw))
      expect(a.get(logitsId)).toBeInstanceOf(Int16Array)
      for (const [id, t] of b) expect(Array.from(a.get(id)!), id).toEqual(Array.from(t))
    }
    wasm.dispose()

    // The C package: portable build on the host under ASan + UBSan, bit-exact with the TS engine.
    const files = generateCPackage(q16, { prefix: 'digits16', library: 'cmsis-nn' })
    const source = files.get('src/digits16.c') as string
    expect(source).toContain('tf_fully_connected_s16(')
    expect(source).toContain('arm_fully_connected_s16(')
    expect(source).toMatch(/static const int64_t n\d+_logits_bias\[10\]/)
    const dir = tempDir('digits16')
    writeFiles(dir, files)
    const host = run('make', ['-s', 'test', 'SANITIZE=1'], dir)
    expect(host.output).toContain('digits16: 3/3 vectors bit-exact (10 output bytes each) on host\n')
    expect(host.code).toBe(0)

    // Estimates: the int16 logits (10 values) take 20 bytes; the 10 biases 8 bytes each; the Quantize nodes add work.
    const board = [getTarget('nucleo-l4r5zi')!]
    const e8 = estimate(q8, CMSIS_NN, board).targets[0]
    const e16 = estimate(q16, CMSIS_NN, board).targets[0]
    console.log(`digits on nucleo-l4r5zi: flash ${e8.flashBytes} → ${e16.flashBytes} B, RAM ${e8.ramBytes} → ${e16.ramBytes} B, ` +
      `latency ${e8.latencyMs?.toFixed(3)} → ${e16.latencyMs?.toFixed(3)} ms`)
    const fc8 = e8.layers.find((l) => l.node === logitsId)!
    const fc16 = e16.layers.find((l) => l.node === logitsId)!
    console.log(`logits layer: flash ${fc8.flashBytes} → ${fc16.flashBytes} B, RAM ${fc8.ramBytes} → ${fc16.ramBytes} B`)
    // 7,840 int8 weights and 10 biases of 8 bytes (int64) at int16; int32 biases and no multiplier arrays at int8 per tensor.
    expect(fc16.flashBytes).toBeGreaterThanOrEqual(7840 + 80)
    expect(fc16.ramBytes).toBeGreaterThan(fc8.ramBytes)
  }, 120_000)
})
