/**
 * How the int8 engine's requantization rounding changes its agreement with onnxruntime-web (wasm, the exported QDQ
 * model): the MLPerf Tiny int8 models as imported, each run with double rounding (TFLite reference) and single rounding
 * (CMSIS_NN_USE_SINGLE_ROUNDING) on the same seeded int8 input codes as src/core/formats/onnx/export-agreement.test.ts
 * (`export-agreement:<file>`; more samples with --samples). Per operator (each node's kernel on ORT's own inputs),
 * every layer end to end, and the model outputs.
 *
 *   npx tsx scripts/rounding-agreement.ts [--samples 10] [--json out.json]
 */
import { writeFileSync } from 'node:fs'
import { importModel } from '../src/core/formats/import-model.ts'
import { ROUNDINGS } from '../src/core/quant/fixed-point.ts'
import { sharedBytes } from '../src/core/testing/import-test-data.ts'
import { measureAgreement, seededCodes } from '../src/core/testing/onnx-export-test-utils.ts'

const args = process.argv.slice(2)
const flag = (name: string) => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : undefined }
const samples = Number(flag('--samples') ?? 10)
const MODELS = ['kws_ref_model.tflite', 'pretrainedResnet_quant.tflite', 'vww_96_int8.tflite', 'ad01_int8.tflite']
const pct = (x: number) => `${x.toFixed(3)}%`
const results: Record<string, unknown>[] = []
console.log(`onnxruntime-web wasm vs the int8 engine, ${samples} seeded samples per model\n`)
console.log('| model | rounding | per-op exact | per-op ≤ 1 | per-op max | layers exact | layers max | output values | exact | ≤ 1 LSB | max | top-1 |')
console.log('|---|---|---|---|---|---|---|---|---|---|---|---|')
for (const file of MODELS) {
  const graph = importModel(sharedBytes(`mlperf-tiny/${file}`), file).doc.graph
  const input = graph.nodes.find((n) => n.op === 'Input')!
  const codes = seededCodes(`export-agreement:${file}`, samples, [1, ...(input.attrs.shape as number[])])
  for (const rounding of ROUNDINGS) {
    const f = await measureAgreement(graph, graph, codes, 's8', rounding)
    const row = { model: file, rounding, perOp: { exact: f.perOp.exact, withinOne: f.perOp.withinOne, count: f.perOp.count, maxDiff: f.perOp.maxDiff },
      layers: { exact: f.layers.exact, withinOne: f.layers.withinOne, count: f.layers.count, maxDiff: f.layers.maxDiff },
      outputs: { exact: f.output.exact, withinOne: f.output.withinOne, count: f.output.count, maxDiff: f.output.maxDiff }, top1: f.top1, samples }
    results.push(row)
    console.log(`| ${file} | ${rounding} | ${pct(f.perOp.exactPct)} | ${pct(f.perOp.withinOnePct)} | ${f.perOp.maxDiff} | ${pct(f.layers.exactPct)} | ` +
      `${f.layers.maxDiff} | ${f.output.count} | ${pct(f.output.exactPct)} | ${pct(f.output.withinOnePct)} | ${f.output.maxDiff} | ` +
      `${file.startsWith('ad01') ? '—' : `${f.top1}/${samples}`} |`)
  }
}
const out = flag('--json')
if (out) writeFileSync(out, `${JSON.stringify(results, null, 1)}\n`)
