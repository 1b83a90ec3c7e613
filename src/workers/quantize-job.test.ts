/**
 * The quantize & validate job on mnist-8 (in-process, onnxruntime-web wasm in Node): figures as measured, the job's
 * graph equal to a direct quantizeGraph call, progress monotone to 1, cancel, and one-line failures.
 */
import { describe, expect, it } from 'vitest'
import type { Graph } from '../core/ir/types.ts'
import { syntheticSamples } from '../core/data/calibration-data.ts'
import { quantizeGraph } from '../core/pipelines/ptq.ts'
import { JobCancelled } from './job-protocol.ts'
import { failureMessage, runQuantizeJob } from './quantize-job.ts'
import type { QuantizeProgress as JobProgress, QuantizeJobInput } from './quantize-protocol.ts'
import { decodePngBlob, digitFolder, mnistGraph } from './test-fixtures.ts'

const graph = mnistGraph()
const base: QuantizeJobInput = {
  graph, scheme: 's8', method: 'minmax', data: { kind: 'synthetic', count: 16, seed: 1 }, compareSchemes: true, ort: 'auto', name: 'mnist-8',
}
const db = (x: number) => Number(x.toFixed(3))

describe('runQuantizeJob on mnist-8', () => {
  it('synthetic data: quantizes as quantizeGraph does, validates on other seeded samples, compares pow2 and ORT', async () => {
    const progress: JobProgress[] = []
    const r = await runQuantizeJob(base, { decodeImage: decodePngBlob, onProgress: (p) => progress.push(p) })
    expect(r.graph).toEqual(quantizeGraph(graph, { scheme: 's8', method: 'minmax', samples: syntheticSamples(graph, 16, 1) }))
    expect(r.data).toEqual({ kind: 'synthetic', samples: 16, description: '16 seeded synthetic samples (seed 1), validated on 16 more' })
    expect(r.report.samples).toBe(16)
    expect(r.report.layers.map((l) => l.op)).toEqual(['Input', 'Conv2D', 'MaxPool2D', 'Conv2D', 'MaxPool2D', 'Flatten', 'FullyConnected'])
    expect(r.report.layers.map((l) => db(l.sqnrDb))).toEqual([48.131, 40.929, 42.187, 35.56, 36.514, 36.514, 30.583])
    expect(r.report.outputs[0].top1Agreement).toBe(1)
    expect(r.other && 'report' in r.other ? db(r.other.report.outputs[0].sqnrDb) : r.other).toBe(27.304)
    expect(r.ort).toMatchObject({ backend: 'wasm', samples: 16, top1: 16,
      outputs: { count: 160, exact: 156, withinOne: 160, maxDiff: 1 }, layers: { count: 183968, exact: 183844, withinOne: 183968, maxDiff: 1 } })
    const fractions = progress.map((p) => p.fraction)
    expect(fractions.every((f, i) => i === 0 || f >= fractions[i - 1])).toBe(true)
    expect(fractions[fractions.length - 1]).toBe(1)
    expect(new Set(progress.map((p) => p.stage))).toEqual(new Set(['data', 'calibrate', 'validate', 'compare', 'ort']))
  }, 60_000)

  it('the wasm engines (int8: the C runtime; float reference: the wasm float kernels) give the TypeScript engines\' graph and report', async () => {
    const input: QuantizeJobInput = { ...base, compareSchemes: true, ort: 'off' }
    const wasm = await runQuantizeJob({ ...input, engine: 'wasm' }, { decodeImage: decodePngBlob })
    const ts = await runQuantizeJob({ ...input, engine: 'ts' }, { decodeImage: decodePngBlob })
    expect(wasm.report.engine).toBe('wasm')
    expect(wasm.graph).toEqual(ts.graph)
    expect(wasm.report).toEqual({ ...ts.report, engine: 'wasm' })
    expect(wasm.other && 'report' in wasm.other ? { ...wasm.other.report, engine: 'ts' } : wasm.other)
      .toEqual(ts.other && 'report' in ts.other ? ts.other.report : ts.other)
  }, 60_000)

  it('five labelled digit images: accuracy, confusion matrix, class names; ORT outputs agree exactly', async () => {
    const r = await runQuantizeJob({ ...base, data: { kind: 'images', files: digitFolder(), folder: 'digits' } }, { decodeImage: decodePngBlob })
    expect(r.data).toEqual({ kind: 'images', samples: 5, description: '5 images from digits', classes: ['0', '2', '9'] })
    const out = r.report.outputs[0]
    expect([out.top1Agreement, out.floatAccuracy, out.int8Accuracy]).toEqual([1, 1, 1])
    expect(out.confusion![0][0]).toBe(1)
    expect(out.confusion![2][2]).toBe(2)
    expect(out.confusion![9][9]).toBe(2)
    expect(out.confusion!.flat().reduce((a, b) => a + b, 0)).toBe(5)
    expect(r.report.layers.map((l) => db(l.sqnrDb))).toEqual([Infinity, 44.194, 45.378, 39.639, 41.561, 41.561, 38.266])
    expect(r.ort).toMatchObject({ backend: 'wasm', samples: 5, top1: 5,
      outputs: { count: 50, exact: 50, withinOne: 50, maxDiff: 0 }, layers: { count: 57490, exact: 57462, withinOne: 57490, maxDiff: 1 } })
  }, 60_000)

  it('skips the comparison and ORT when asked; progress still ends at 1', async () => {
    const progress: number[] = []
    const r = await runQuantizeJob({ ...base, scheme: 'pow2', compareSchemes: false, ort: 'off' },
      { decodeImage: decodePngBlob, onProgress: (p) => progress.push(p.fraction) })
    expect(r.scheme).toBe('pow2')
    expect(r.other).toBeUndefined()
    expect(r.ort).toBeNull()
    expect(progress[progress.length - 1]).toBe(1)
  }, 60_000)

  it('stops with JobCancelled at the next step once aborted', async () => {
    const controller = new AbortController()
    let steps = 0
    const run = runQuantizeJob(base, { decodeImage: decodePngBlob, signal: controller.signal, onProgress: () => {
      if (++steps === 3) controller.abort()
    } })
    await expect(run).rejects.toBeInstanceOf(JobCancelled)
    expect(steps).toBe(3)
  })

  it('fails with one sentence when the chosen scheme cannot quantize; a failing comparison is reported, not thrown', async () => {
    const odd: Graph = { ...graph, nodes: graph.nodes.map((n) => (n.op === 'Input' ? { ...n, attrs: { ...n.attrs, scale: 0.3 } } : n)) }
    const err = await runQuantizeJob({ ...base, graph: odd, scheme: 'pow2', ort: 'off' }, { decodeImage: decodePngBlob }).catch((e: unknown) => e)
    expect(failureMessage(err)).toBe("Cannot quantize with pow2: Input 'Input3': the pow2 scheme preprocesses with a shift, so its scale must be a power of two")
    const r = await runQuantizeJob({ ...base, graph: odd, ort: 'off' }, { decodeImage: decodePngBlob })
    expect(r.other).toEqual({ scheme: 'pow2',
      error: "Input 'Input3': the pow2 scheme preprocesses with a shift, so its scale must be a power of two" })
  })

  it('bad data fails the job with a line naming it', async () => {
    const err = await runQuantizeJob({ ...base, data: { kind: 'images', files: [], folder: 'empty' } }, { decodeImage: decodePngBlob })
      .catch((e: unknown) => e)
    expect(failureMessage(err)).toBe("Calibration data: the folder 'empty' holds no images (.png, .jpg, .jpeg, .gif, .bmp, .webp)")
  })
})
