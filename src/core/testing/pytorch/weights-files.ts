/** Weights files for tests: random float weights and ranges for a project's graph, optionally with its int8 model. */
import type { ProjectDoc } from '../../ir/project.ts'
import { mulberry32 } from '../../ir/seeded-init.ts'
import type { QuantParams } from '../../ir/types.ts'
import { getOp } from '../../ops/registry.ts'
import { quantizeGraphFromRanges } from '../../pipelines/ptq-ranges.ts'
import { buildGraphJson } from '../../formats/pytorch/graph-json.ts'
import type { NpyArray } from '../../formats/pytorch/npz.ts'
import type { WeightsFile, WeightsMeta } from '../../formats/pytorch/weights-file.ts'
import { WEIGHTS_FORMAT } from '../../formats/pytorch/weights-file.ts'

/** Random float weights (zero channels included) and ranges for every node; no int8 model. */
export function randomWeights(d: ProjectDoc, seed: number, scheme: 's8' | 'pow2'): WeightsFile {
  const graph = buildGraphJson(d)
  const next = mulberry32(seed)
  const arrays = new Map<string, NpyArray>()
  const tensors: WeightsMeta['tensors'] = []
  for (const n of graph.nodes) {
    for (const w of n.weights) {
      const size = w.shape.reduce((a, b) => a * b, 1)
      const magnitude = 10 ** (next() * 3 - 2)
      const data = Float32Array.from({ length: size }, () => (next() * 2 - 1) * magnitude)
      if (w.name === 'weights' && w.shape[0] > 1 && next() < 0.5) data.fill(0, 0, size / w.shape[0]) // an all-zero channel
      arrays.set(`float/${n.id}/${w.name}`, { dtype: 'float32', shape: w.shape, data })
      tensors.push({ key: `float/${n.id}/${w.name}`, node: n.id, name: w.name, kind: 'float' })
    }
  }
  const ranges: Record<string, [number, number]> = {}
  graph.nodes.forEach((n, i) => {
    const width = scheme === 'pow2' ? 2 ** (next() * 4 - 1) : 10 ** (next() * 5 - 3)
    const kind = i % 4
    const lo = kind === 0 ? 0 : kind === 1 ? -width * next() : kind === 2 ? width * next() * 0.5 : -width
    ranges[n.id] = [lo, lo + width * (0.2 + next())]
  })
  const internal: WeightsMeta['internal'] = {}
  for (const n of graph.nodes) {
    const names = getOp(n.op)!.internalRanges
    if (names) internal[n.id] = Object.fromEntries(names.map((k) => { const w = 10 ** (next() * 3 - 2); return [k, [-w * next(), w * next()]] }))
  }
  const meta: WeightsMeta = {
    format: WEIGHTS_FORMAT, version: 1,
    graph: { name: graph.name, fingerprint: graph.fingerprint, scheme: graph.scheme, rounding: graph.rounding, denseWeights: graph.denseWeights },
    tensors, ranges, internal, int8: null, training: null,
  }
  return { meta, arrays }
}

/** The same file with the int8 model TinyForge derives from it (what train.py writes) and a training record. */
export function withInt8(d: ProjectDoc, file: WeightsFile, training: unknown = null): WeightsFile {
  const trained = { ...d.graph, nodes: d.graph.nodes.map((n) => {
    const weights = { ...n.weights }
    for (const t of file.meta.tensors) {
      if (t.node !== n.id) continue
      const a = file.arrays.get(t.key)!
      weights[t.name] = { dtype: 'float32' as const, shape: a.shape, data: a.data as Float32Array, origin: 'trained' as const }
    }
    return { ...n, weights }
  }) }
  const ranges = Object.fromEntries(Object.entries(file.meta.ranges).map(([id, [min, max]]) => [id, { min, max }]))
  const internal = Object.fromEntries(Object.entries(file.meta.internal).map(([id, names]) =>
    [id, Object.fromEntries(Object.entries(names).map(([k, [min, max]]) => [k, { min, max }]))]))
  const q = quantizeGraphFromRanges(trained, { scheme: file.meta.graph.scheme, ranges, denseWeights: file.meta.graph.denseWeights, internal })
  const arrays = new Map(file.arrays)
  const tensors = [...file.meta.tensors]
  const int8: NonNullable<WeightsMeta['int8']> = {}
  for (const n of q.nodes) {
    const wq: Record<string, QuantParams> = {}
    for (const [name, t] of Object.entries(n.weights ?? {})) {
      if (t.dtype === 'float32') continue
      arrays.set(`int8/${n.id}/${name}`, { dtype: t.dtype === 'int32' ? 'int32' : t.dtype === 'int16' ? 'int16' : 'int8', shape: [...t.shape],
        data: t.data as Int8Array })
      tensors.push({ key: `int8/${n.id}/${name}`, node: n.id, name, kind: 'int8' })
      wq[name] = t.quant!
    }
    int8[n.id] = { output: n.quant!.output, weights: wq, ...(n.quant!.state ? { state: n.quant!.state } : {}) }
  }
  return { meta: { ...file.meta, tensors, int8, training }, arrays }
}

/** A plausible training record (the shape train.py writes). */
export function sampleRecord(): Record<string, unknown> {
  return {
    date: '2026-12-04T12:00:00Z', backend: 'pytorch 1.13.0a0 (python 3.11.2)', device: 'cpu', ranks: 1, distributed: 'none',
    scheme: 's8', rounding: 'double',
    dataset: { source: 'fashion-mnist', fingerprint: 'ab12', train: 54000, validation: 6000, test: 10000, classes: 10 },
    hyperParameters: { epochs: 2, qatEpochs: 1, batchSize: 64, lr: 0.002, seed: 1, valSplit: 0.1, batchnorm: false, optimizer: 'adam' },
    epochs: [{ epoch: 1, phase: 'float', loss: 0.46, trainAccuracy: 0.83, validationAccuracy: 0.87, seconds: 6.2 },
      { epoch: 2, phase: 'qat', loss: 0.31, trainAccuracy: 0.89, validationAccuracy: 0.88 }],
    result: { floatAccuracy: 0.879, qatAccuracy: 0.8778, int8Accuracy: 0.8778, evaluatedOn: 'test', samples: 10000 },
  }
}
