/**
 * Measures a compute tier the way docs/split.md models it: times every tail model of tier-models.ts in onnxruntime-web
 * (Node, wasm, one thread) on this machine and fits latency = MACs / throughput + overhead by least squares. Prints the
 * fit, its residuals and one line per model; writes JSON when given a path.
 *   node bin/run-ts.mjs bench/split/tier-fit.ts <models-dir> [out.json]
 */
import { readFileSync, readdirSync, writeFileSync } from 'node:fs'
import { cpus } from 'node:os'
import { join } from 'node:path'
import * as ort from 'onnxruntime-web'

const dir = process.argv[2] ?? 'out/split-tier-models'
ort.env.wasm.numThreads = 1
const rows: { file: string; macs: number; medianMs: number }[] = []
for (const file of readdirSync(dir).filter((f) => f.endsWith('.onnx')).sort()) {
  const meta = JSON.parse(readFileSync(join(dir, `${file}.json`), 'utf8')) as { macs: number; inputs: { name: string; dims: number[] }[] }
  const session = await ort.InferenceSession.create(readFileSync(join(dir, file)))
  const feeds: Record<string, ort.Tensor> = {}
  for (const i of meta.inputs) {
    const n = i.dims.reduce((a, b) => a * b, 1)
    feeds[i.name] = new ort.Tensor('int8', Int8Array.from({ length: n }, (_, k) => ((k * 37) % 256) - 128), i.dims)
  }
  for (let k = 0; k < 10; k++) await session.run(feeds)
  const times: number[] = []
  for (let k = 0; k < 60; k++) {
    const t = performance.now()
    await session.run(feeds)
    times.push(performance.now() - t)
  }
  times.sort((a, b) => a - b)
  rows.push({ file, macs: meta.macs, medianMs: times[30] })
  await session.release()
}
const n = rows.length
const mx = rows.reduce((s, r) => s + r.macs, 0) / n
const my = rows.reduce((s, r) => s + r.medianMs, 0) / n
const slope = rows.reduce((s, r) => s + (r.macs - mx) * (r.medianMs - my), 0) / rows.reduce((s, r) => s + (r.macs - mx) ** 2, 0)
const overheadMs = my - slope * mx
const gmacPerS = 1 / (slope * 1e6)
const residuals = rows.map((r) => r.medianMs - (overheadMs + slope * r.macs))
const rel = rows.map((r, i) => Math.abs(residuals[i]) / r.medianMs).sort((a, b) => a - b)
const ssRes = residuals.reduce((s, e) => s + e * e, 0)
const ssTot = rows.reduce((s, r) => s + (r.medianMs - my) ** 2, 0)
const fit = { machine: `${cpus()[0]?.model ?? '?'} (${cpus().length} logical CPUs)`, runtime: 'onnxruntime-web 1.30 wasm, Node, 1 thread',
  models: n, gmacPerS, overheadMs, r2: 1 - ssRes / ssTot, medianAbsRelErr: rel[Math.floor(n / 2)], maxAbsRelErr: rel[n - 1] }
console.log(JSON.stringify(fit))
for (const r of rows) console.log(`${r.file.padEnd(44)} ${String(r.macs).padStart(9)} MACs  ${r.medianMs.toFixed(3)} ms`)
if (process.argv[3]) writeFileSync(process.argv[3], JSON.stringify({ fit, rows }, null, 1))
