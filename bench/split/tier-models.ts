/**
 * Writes the models that measure a compute tier (docs/split.md, "Measured tier throughput"): for each MLPerf Tiny int8
 * model, the tail ONNX (QDQ, int8 inputs) at every legal cut, each with a JSON of its MACs. A tier's effective GMAC/s and
 * per-inference overhead are the slope and intercept of latency against tail MACs (bench/split/tier-fit.ts times them
 * in onnxruntime-web and fits; on a real edge box or server, time the same files in its onnxruntime).
 *   node bin/run-ts.mjs bench/split/tier-models.ts <out-dir> [stride]
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { importModel } from '../../src/core/formats/import-model.ts'
import { exportOnnxModel } from '../../src/core/formats/onnx/export-onnx.ts'
import { projectCutTable } from '../../src/core/formats/split/export-split.ts'
import { extractSplit } from '../../src/core/formats/split/extract.ts'

const MLPERF = new URL('../../../shared/data/mlperf-tiny/', import.meta.url).pathname
const out = process.argv[2] ?? 'out/split-tier-models'
const stride = Number(process.argv[3] ?? 1)
mkdirSync(out, { recursive: true })
let count = 0
for (const file of ['vww_96_int8.tflite', 'pretrainedResnet_quant.tflite', 'kws_ref_model.tflite']) {
  const doc = importModel(new Uint8Array(readFileSync(MLPERF + file)), file).doc
  const table = projectCutTable(doc, 'all')
  const stem = file.replace(/\.tflite$/, '')
  table.cuts.forEach((cut, k) => {
    if (cut.illegal || cut.onDevice || (k % stride !== 0 && k !== 0)) return
    const { tail } = extractSplit(doc.graph, table.order, cut)
    const model = exportOnnxModel(tail, { quantized: true, int8Inputs: true, name: `${stem}_tail${k}` })
    const name = `${stem}-cut${String(k).padStart(2, '0')}`
    writeFileSync(join(out, `${name}.onnx`), model.bytes)
    writeFileSync(join(out, `${name}.onnx.json`), JSON.stringify({ model: stem, cut: k, macs: cut.tailMacs, nodes: tail.nodes.length,
      inputs: model.inputs.map((i) => ({ name: i.name, dims: i.dims })) }))
    count++
  })
}
console.log(`wrote ${count} tail models to ${out}`)
