/**
 * Memory-planner report on the four MLPerf Tiny int8 models: the liveness lower bound of the activation
 * arena (ours, and the one in model_summary.jsonl), the arena planned by greedy-by-size (TFLM) and by the
 * optimizing planner, and their gap to the bound.
 *
 *   node bin/run-ts.mjs scripts/planner-report.ts     (prints the markdown table of docs/memory-planner.md)
 *
 * layers_int8_models.csv has one row per operator in execution order, with the shape of its first
 * input (`in_shape`), the bytes of all its activation inputs together (`in_act_bytes`), and its output
 * (`out_shape`, `out_act_bytes`); it names no tensors, so the graph is rebuilt from it:
 *  - row i writes tensor t_i; the model input (row 0's input) exists before row 0;
 *  - the first input of row i is t_{i-1} when its shape is `in_shape`, otherwise the latest tensor of
 *    that shape (ResNet-8's 1×1 shortcut convolutions read the block input, not the previous output);
 *  - `in_act_bytes` beyond the first input are further inputs of `in_shape` (the residual ADDs): the
 *    latest tensor of that shape nobody has read yet (the main branch beside a shortcut convolution),
 *    else the block input, i.e. the earliest tensor of the unbroken same-shape chain that led to the first
 *    input (an identity shortcut);
 *  - RESHAPE aliases its input (same bytes, no copy), as our runtime does; unread tensors are outputs.
 * Checked against the operators' tensor indices in pretrainedResnet_quant.tflite: ADD 3 reads t0 and t2,
 * ADD 7 reads t6 and t5, ADD 11 reads t10 and t9, convolutions 6 and 10 read t3 and t7.
 */
import { readFileSync } from 'node:fs'
import { pathToFileURL } from 'node:url'
import { GreedyMemoryPlanner } from '../src/core/plan/greedy-planner.ts'
import type { Schedule, ScheduleStep } from '../src/core/plan/lifetimes.ts'
import { scheduleBuffers } from '../src/core/plan/lifetimes.ts'
import { livenessPeak } from '../src/core/plan/liveness.ts'
import { OptimizingMemoryPlanner } from '../src/core/plan/optimizing-planner.ts'

export const DATA_DIR = new URL('../../shared/data/mlperf-tiny/', import.meta.url)

export const MODELS: ReadonlyArray<{ file: string; label: string }> = [
  { file: 'kws_ref_model.tflite', label: 'KWS DS-CNN' },
  { file: 'vww_96_int8.tflite', label: 'VWW MobileNetV1-0.25' },
  { file: 'pretrainedResnet_quant.tflite', label: 'IC ResNet-8' },
  { file: 'ad01_int8.tflite', label: 'AD autoencoder' },
]

export interface LayerRow {
  idx: number
  op: string
  inShape: string
  outShape: string
  inBytes: number
  outBytes: number
}

export interface ModelPlanRow {
  file: string
  label: string
  /** Arena buffers (tensors less aliases). */
  buffers: number
  lowerBound: number
  lowerBoundAt: number
  /** model_summary.jsonl's peak_act_bytes / peak_at_op (undefined when it has none). */
  jsonlLowerBound?: number
  jsonlLowerBoundAt?: number
  greedyPeak: number
  betterPeak: number
  betterStrategy: string
  betterOptimal: boolean
}

/** Rows of layers_int8_models.csv grouped by model, each group in execution order. */
export function parseLayerTable(text: string): Map<string, LayerRow[]> {
  const [header, ...lines] = text.trim().split(/\r?\n/)
  const col = new Map(header.split(',').map((name, i) => [name, i]))
  const field = (cells: string[], name: string): string => {
    const i = col.get(name)
    if (i === undefined) throw new Error(`layers table has no column '${name}'`)
    return cells[i]
  }
  const models = new Map<string, LayerRow[]>()
  for (const line of lines) {
    const cells = line.split(',')
    const rows = models.get(field(cells, 'model')) ?? []
    rows.push({
      idx: Number(field(cells, 'idx')), op: field(cells, 'op'),
      inShape: field(cells, 'in_shape'), outShape: field(cells, 'out_shape'),
      inBytes: Number(field(cells, 'in_act_bytes')), outBytes: Number(field(cells, 'out_act_bytes')),
    })
    models.set(field(cells, 'model'), rows)
  }
  for (const rows of models.values()) rows.sort((a, b) => a.idx - b.idx)
  return models
}

/** The schedule of one model's layer rows (tensor ids: 'input', 't0', 't1', …), by the rules above. */
export function layerSchedule(rows: readonly LayerRow[]): Schedule {
  interface Known { id: string; shape: string; bytes: number; firstInput?: string }
  const known: Known[] = [{ id: 'input', shape: rows[0].inShape, bytes: rows[0].inBytes }]
  const read = new Set<string>()
  const latest = (accept: (t: Known) => boolean): Known | undefined => [...known].reverse().find(accept)
  const steps: ScheduleStep[] = rows.map((row, i) => {
    const previous = known[known.length - 1]
    const first = previous.shape === row.inShape ? previous : latest((t) => t.shape === row.inShape)
    if (!first) throw new Error(`layer ${row.idx} (${row.op}): no earlier tensor has shape ${row.inShape}`)
    const inputs = [first]
    let rest = row.inBytes - first.bytes
    while (rest > 0) {
      const taken = (t: Known) => inputs.includes(t) || t.shape !== row.inShape || t.bytes > rest
      const next = latest((t) => !taken(t) && !read.has(t.id)) ?? blockInput(first, known, taken)
      if (!next) throw new Error(`layer ${row.idx} (${row.op}): cannot find ${rest} more input bytes of shape ${row.inShape}`)
      inputs.push(next)
      rest -= next.bytes
    }
    for (const t of inputs) read.add(t.id)
    const id = `t${i}`
    known.push({ id, shape: row.outShape, bytes: row.outBytes, firstInput: first.id })
    return { inputs: inputs.map((t) => t.id), output: { id, size: row.outBytes }, alias: row.op === 'RESHAPE' }
  })
  return {
    steps,
    external: [{ id: 'input', size: rows[0].inBytes }],
    outputs: known.filter((t) => !read.has(t.id)).map((t) => t.id),
  }
}

/** Earliest tensor of the unbroken chain of first inputs of `from`'s shape that ends at `from`. */
function blockInput<T extends { id: string; shape: string; firstInput?: string }>(
  from: T, known: readonly T[], taken: (t: T) => boolean,
): T | undefined {
  let found: T | undefined
  for (let t = known.find((k) => k.id === from.firstInput); t && t.shape === from.shape; t = known.find((k) => k.id === t!.firstInput)) {
    if (!taken(t)) found = t
  }
  return found
}

export function plannerReport(dataDir: URL = DATA_DIR): ModelPlanRow[] {
  const layers = parseLayerTable(readFileSync(new URL('layers_int8_models.csv', dataDir), 'utf8'))
  const summary = new Map<string, { peak_act_bytes?: number; peak_at_op?: number }>(
    readFileSync(new URL('model_summary.jsonl', dataDir), 'utf8').trim().split(/\r?\n/)
      .map((line) => JSON.parse(line)).map((s) => [s.file, s]),
  )
  return MODELS.map(({ file, label }) => {
    const rows = layers.get(file)
    if (!rows) throw new Error(`layers_int8_models.csv has no rows for ${file}`)
    const buffers = scheduleBuffers(layerSchedule(rows))
    const greedy = new GreedyMemoryPlanner()
    const better = new OptimizingMemoryPlanner()
    for (const b of buffers) {
      greedy.addBuffer(b.size, b.firstUse, b.lastUse)
      better.addBuffer(b.size, b.firstUse, b.lastUse)
    }
    const bound = livenessPeak(buffers)
    const details = better.details()
    return {
      file, label, buffers: buffers.length, lowerBound: bound.bytes, lowerBoundAt: bound.at,
      jsonlLowerBound: summary.get(file)?.peak_act_bytes, jsonlLowerBoundAt: summary.get(file)?.peak_at_op,
      greedyPeak: greedy.peak(), betterPeak: better.peak(), betterStrategy: details.strategy, betterOptimal: details.optimal,
    }
  })
}

const gap = (peak: number, bound: number): string => `${((100 * (peak - bound)) / bound).toFixed(1)} %`

export function formatReport(rows: readonly ModelPlanRow[]): string {
  const lines = [
    '| model | buffers | lower bound (ours) | lower bound (jsonl) | greedy peak | better peak | gap greedy | gap better | better found by |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---|',
  ]
  for (const r of rows) {
    const found = `${r.betterStrategy}${r.betterOptimal ? ' (optimal)' : ''}`
    lines.push(`| ${r.label} | ${r.buffers} | ${r.lowerBound} | ${r.jsonlLowerBound ?? '—'} | ${r.greedyPeak} | ` +
      `${r.betterPeak} | ${gap(r.greedyPeak, r.lowerBound)} | ${gap(r.betterPeak, r.lowerBound)} | ${found} |`)
  }
  return lines.join('\n')
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  console.log(formatReport(plannerReport()))
}
