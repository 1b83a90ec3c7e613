/**
 * The compress-scan job: the Compress panel's sensitivity scan (core/pipelines/compress/sensitivity.ts) off the UI
 * thread — per layer and level, top-1 agreement with the uncompressed model on seeded inputs (quantized graphs on the
 * WebAssembly int8 engine, falling back to the TypeScript one), and the size-vs-agreement curve of the whole model.
 */
import type { Rounding } from '../core/quant/fixed-point.ts'
import type { Graph } from '../core/ir/types.ts'
import { createInt8Engine } from '../core/engine/create-int8-engine.ts'
import type { KernelRuntime } from '../core/estimate/kernel-runtime.ts'
import type { CompressSettings } from '../core/pipelines/compress/compress-plan.ts'
import type { SensitivityResult } from '../core/pipelines/compress/sensitivity.ts'
import { sensitivityScan } from '../core/pipelines/compress/sensitivity.ts'
import type { Target } from '../core/targets/types.ts'
import { getLibrary } from '../core/vendors/registry.ts'
import { defineJob } from './job-protocol.ts'

export interface CompressScanInput {
  graph: Graph
  libraryId: string
  settings: CompressSettings
  /** The board whose flash the size curve shows. */
  target: Target
  runtime?: KernelRuntime
  samples?: number
  /** The project's requantization rounding (default 'double'). */
  rounding?: Rounding
}

export interface CompressScanResult {
  input: CompressScanInput
  result: SensitivityResult
}

export const compressScanJob = defineJob<CompressScanInput, CompressScanResult>({
  async run(input, ctx) {
    const library = getLibrary(input.libraryId)
    if (!library) throw new Error(`unknown library '${input.libraryId}'`)
    const engine = await createInt8Engine()
    const result = await sensitivityScan(input.graph, library, input.settings, input.target, {
      engine, rounding: input.rounding, samples: input.samples, runtime: input.runtime, onProgress: (done, total, label) => ctx.progress(done, total, label),
    })
    return { input, result }
  },
})
