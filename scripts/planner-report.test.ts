import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { DATA_DIR, formatReport, layerSchedule, parseLayerTable, plannerReport } from './planner-report.ts'

describe('planner report on the MLPerf Tiny int8 models', () => {
  const rows = plannerReport()

  it('plans every model between its liveness bound and greedy, with the bound of model_summary.jsonl', () => {
    expect(rows.map((r) => r.file)).toEqual(['kws_ref_model.tflite', 'vww_96_int8.tflite', 'pretrainedResnet_quant.tflite', 'ad01_int8.tflite'])
    for (const r of rows) {
      expect(r.greedyPeak).toBeGreaterThanOrEqual(r.lowerBound)
      expect(r.betterPeak).toBeGreaterThanOrEqual(r.lowerBound)
      expect(r.betterPeak).toBeLessThanOrEqual(r.greedyPeak)
      expect(r.jsonlLowerBound).toBeDefined()
      expect(r.lowerBound).toBe(r.jsonlLowerBound)
      expect(r.lowerBoundAt).toBe(r.jsonlLowerBoundAt)
    }
  })

  it('gives the exact arenas', () => {
    expect(rows.map((r) => [r.buffers, r.lowerBound, r.greedyPeak, r.betterPeak, r.betterStrategy, r.betterOptimal])).toEqual([
      [13, 16000, 16000, 16000, 'size/first-fit', true],
      // Greedy puts the 48×48×16 output and the 96×96×3 input both at 0, then stacks the first two
      // 48×48×8 activations above the input: 27648 + 2 × 18432 = 64512.
      [31, 55296, 64512, 55296, 'lifetime/first-fit', true],
      [16, 49152, 49152, 49152, 'size/first-fit', true],
      [11, 768, 768, 768, 'size/first-fit', true],
    ])
  })

  it('rebuilds ResNet-8 skip connections as the .tflite wires them', () => {
    const table = parseLayerTable(readFileSync(new URL('layers_int8_models.csv', DATA_DIR), 'utf8'))
    const { steps, outputs } = layerSchedule(table.get('pretrainedResnet_quant.tflite')!)
    expect(steps.map((s) => s.inputs.join('+'))).toEqual([
      'input', 't0', 't1', 't2+t0', 't3', 't4', 't3', 't6+t5', 't7', 't8', 't7', 't10+t9', 't11', 't12', 't13', 't14',
    ])
    expect(steps.map((s) => s.alias).indexOf(true)).toBe(13)
    expect(outputs).toEqual(['t15'])
  })

  it('is the table in docs/memory-planner.md', () => {
    const doc = readFileSync(new URL('../docs/memory-planner.md', import.meta.url), 'utf8')
    expect(doc).toContain(formatReport(rows))
  })
})
