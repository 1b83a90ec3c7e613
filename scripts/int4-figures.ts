/**
 * Measures int4 packed weights (docs/compression.md "int4 weights") and writes src/core/estimate/int4-kernel-cost.json,
 * the estimator's price of CMSIS-NN's _s4 kernels:
 *   MLPerf VWW and KWS int8, dense and with their largest layers (every weighted layer of ≥ 4096 weights) and then every
 *   weighted layer set to int4 (`setWeightPrecision`: requantized from the int8 values). Per variant: weight bytes,
 *   estimate() (NUCLEO-F446RE, portable runtime) against the built package (make size-m4), instructions of one inference
 *   on qemu mps2-an386 with the portable kernels and with CMSIS-NN (-DTINYFORGE_USE_CMSIS_NN), each build's bit-exact
 *   verdict, and — against the int8 model, on 200 seeded inputs through the int8 engine (WebAssembly) — top-1 agreement
 *   and the per-layer SQNR of the int4 layers' outputs (dequantized, int8 model as the reference).
 *   CMSIS-NN's s4 ÷ s8 instructions per op kind over the int4 layers of both models (M4, DSP path) go to the JSON.
 *
 *   npx tsx scripts/int4-figures.ts <CMSIS-NN v7.0.0 checkout>      (a few minutes; arm-none-eabi-gcc, qemu-system-arm)
 */
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { ARM_BOARDS, countInstructions, writePackage } from '../bench/c-package-build.ts'
import type { InstructionCount } from '../bench/c-package-build.ts'
import { M4_TARGET, compareSizes } from '../bench/c-package.ts'
import { createWasmEngine } from '../src/core/engine/wasm/wasm-engine.ts'
import { estimate } from '../src/core/estimate/estimate.ts'
import { applyChanges } from '../src/core/ir/changes.ts'
import type { Graph } from '../src/core/ir/types.ts'
import { setWeightPrecision } from '../src/core/pipelines/precision/weight-precision.ts'
import { mlperfGraph } from '../src/core/testing/c-fixtures.ts'
import { removeTempDirs, tempDir } from '../src/core/testing/c-toolchain.ts'
import { seededCodes } from '../src/core/testing/onnx-export-test-utils.ts'
import { encodedWeightBytes, storedEncoding } from '../src/core/quant/weight-encoding.ts'
import { CMSIS_NN } from '../src/core/vendors/cmsis-nn/index.ts'

const cmsisNn = process.argv[2]
if (!cmsisNn) throw new Error('usage: int4-figures.ts <CMSIS-NN checkout>')
const cmsisBuild = tempDir('cmsis-objs')
const SAMPLES = 200

const weighted = (g: Graph) => g.nodes.filter((n) => n.weights?.weights?.data instanceof Int8Array && ['Conv2D', 'DepthwiseConv2D', 'FullyConnected'].includes(n.op))
const weightBytes = (g: Graph) => weighted(g).reduce((s, n) => s + encodedWeightBytes(n.weights!.weights.data.length, storedEncoding(n.weights!.weights)), 0)
const toInt4 = (g: Graph, ids: string[]) => applyChanges(g, setWeightPrecision(g, CMSIS_NN, ids, 'int4').changes).graph

function sqnrDb(ref: Float64Array, got: Float64Array): number {
  let s = 0
  let e = 0
  for (let i = 0; i < ref.length; i++) { s += ref[i] * ref[i]; e += (ref[i] - got[i]) ** 2 }
  return e === 0 ? Infinity : 10 * Math.log10(s / e)
}

const engine = await createWasmEngine()
const ratios: Record<string, { s8: number; s4: number; layers: number }> = {}
const rows: string[] = []
for (const [model, file] of [['VWW', 'vww_96_int8.tflite'], ['KWS', 'kws_ref_model.tflite']] as const) {
  const base = mlperfGraph(file)
  const all = weighted(base)
  const largest = all.filter((n) => n.weights!.weights.data.length >= 4096)
  const variants: [string, Graph, string[]][] = [
    ['int8', base, []],
    [`${largest.length} largest layers int4`, toInt4(base, largest.map((n) => n.id)), largest.map((n) => n.id)],
    [`all ${all.length} weighted layers int4`, toInt4(base, all.map((n) => n.id)), all.map((n) => n.id)],
  ]
  const ref = engine.prepare(base, 's8')
  const inputId = ref.prepared.inputIds[0]
  const inputs = seededCodes(`int4:${model}`, SAMPLES, ref.prepared.nodes.get(inputId)!.outputShape)
  const refRuns = inputs.map((x) => ref.run({ [inputId]: x }))
  const outId = ref.prepared.outputIds[0]
  let dense: { portable: InstructionCount; cmsis: InstructionCount } | undefined
  for (const [label, g, ids] of variants) {
    const pkg = writePackage(g, CMSIS_NN, `${model.toLowerCase()}_${ids.length}`)
    const s = compareSizes(pkg, ARM_BOARDS.m4, M4_TARGET)
    const portable = countInstructions(pkg, ARM_BOARDS.m4)
    const cmsis = countInstructions(pkg, ARM_BOARDS.m4, { cmsisNn, cmsisBuild })
    const est = estimate(g, CMSIS_NN, [M4_TARGET], { runtime: 'portable' }).targets[0]
    const estCmsis = estimate(g, CMSIS_NN, [M4_TARGET], { runtime: 'cmsis-nn' }).targets[0]
    if (!dense) dense = { portable, cmsis }
    // Agreement and per-layer SQNR against the int8 model (int8 engine, dequantized outputs).
    const run = engine.prepare(g, 's8')
    let top1 = 0
    const ss = new Map<string, { ref: number[]; got: number[] }>()
    inputs.forEach((x, k) => {
      const out = run.run({ [inputId]: x })
      const a = refRuns[k].get(outId)!
      const b = out.get(outId)!
      const arg = (v: Int8Array | Int16Array) => (v as Int8Array).indexOf(Math.max(...v) as never)
      if (arg(a) === arg(b)) top1++
      for (const id of ids) {
        const q = g.nodes.find((n) => n.id === id)!.quant!.output
        const e = ss.get(id) ?? { ref: [], got: [] }
        if (k < 20) {
          refRuns[k].get(id)!.forEach((v) => e.ref.push(q.scale[0] * (v - q.zeroPoint[0])))
          out.get(id)!.forEach((v) => e.got.push(q.scale[0] * (v - q.zeroPoint[0])))
        }
        ss.set(id, e)
      }
    })
    const layerSqnr = [...ss].map(([id, e]) => `${g.nodes.find((n) => n.id === id)!.name.split('/').slice(-2).join('/')} ${sqnrDb(Float64Array.from(e.ref), Float64Array.from(e.got)).toFixed(1)}`)
    if (ids.length > 0) {
      const denseByNode = new Map(dense.cmsis.nodes.map((n) => [n.node, n]))
      for (const n of cmsis.nodes.filter((x) => ids.includes(x.node))) {
        const r = ratios[n.kind] ?? { s8: 0, s4: 0, layers: 0 }
        r.s8 += denseByNode.get(n.node)!.instructions
        r.s4 += n.instructions
        r.layers++
        ratios[n.kind] = r
      }
    }
    rows.push(`| ${model} ${label} | ${weightBytes(g)} | ${s.predictedFlash} / ${s.builtFlash} | ${s.predictedRam} / ${s.builtRam} | ` +
      `${est.latencyMs!.toFixed(1)} / ${estCmsis.latencyMs!.toFixed(1)} ms | ${portable.perInference} (×${(portable.perInference / dense.portable.perInference).toFixed(3)}) | ` +
      `${cmsis.perInference} (×${(cmsis.perInference / dense.cmsis.perInference).toFixed(3)}) | ${top1}/${SAMPLES} | ` +
      `${portable.verdict.replace(/ on .*/, '')}; CMSIS-NN: ${cmsis.verdict.replace(/ on .*/, '')} |`)
    console.log(rows[rows.length - 1])
    if (layerSqnr.length) console.log(`  per-layer SQNR vs int8 (dB, 20 inputs): ${layerSqnr.join(', ')}`)
  }
}
console.log(`\n| model | weights B | flash est. / built | RAM est. / built | latency est. portable / CMSIS-NN | QEMU M4 portable | QEMU M4 CMSIS-NN | top-1 = int8 | bit-exact |\n|---|---|---|---|---|---|---|---|---|\n${rows.join('\n')}`)
const kinds = Object.fromEntries(Object.entries(ratios).map(([k, r]) => [k, { ratio: Number((r.s4 / r.s8).toFixed(3)), layers: r.layers, s8: r.s8, s4: r.s4 }]))
const pooled = Object.values(ratios).reduce((a, r) => ({ s8: a.s8 + r.s8, s4: a.s4 + r.s4 }), { s8: 0, s4: 0 })
const table = {
  generator: 'scripts/int4-figures.ts',
  method: 'CMSIS-NN v7.0.0 _s4 ÷ _s8 instructions of the same layers (MLPerf VWW and KWS int8, every weighted layer at int4), qemu mps2-an386 (Cortex-M4), insn-segments plugin',
  note: 'Generated file: do not edit.',
  cmsis: { measuredOn: 'cortex-m4', kinds, pooled: Number((pooled.s4 / pooled.s8).toFixed(3)) },
}
writeFileSync(join(new URL('..', import.meta.url).pathname, 'src/core/estimate/int4-kernel-cost.json'), `${JSON.stringify(table, null, 1)}\n`)
console.log(JSON.stringify(table.cmsis))
removeTempDirs()
