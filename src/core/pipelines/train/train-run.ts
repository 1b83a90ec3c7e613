/**
 * `trainProject`: a whole training run of the IDE — train in TensorFlow.js (train-graph.ts), quantize the trained
 * float weights with the learned ranges (quantizeGraphFromRanges: the int8 model IS the QAT model, as import-weights
 * does for the PyTorch trainer), measure that int8 model's accuracy with an int8 engine (the device's arithmetic) on
 * the held-out set, and write the provenance record (ir/training-run.ts). Returns the trained, quantized graph —
 * the caller applies it as one undoable change — and never touches the input.
 */
import type { Rounding } from '../../quant/fixed-point.ts'
import { analyzeGraph } from '../../analysis/analyze-graph.ts'
import type { Int8Engine } from '../../engine/int8-engines.ts'
import { outputNodes } from '../../ir/graph-queries.ts'
import type { TrainingRun } from '../../ir/training-run.ts'
import type { Graph, Tensor } from '../../ir/types.ts'
import type { Tf } from '../../ops/tfjs-twin.ts'
import type { QuantScheme } from '../../quant/scheme.ts'
import { argmax } from '../validation.ts'
import { quantizeGraphFromRanges } from '../ptq-ranges.ts'
import type { LabelledSamples, TrainCheckpoint, TrainData, TrainHooks, TrainOptions, TrainOutcome } from './train-graph.ts'
import { trainGraph } from './train-graph.ts'

export interface TrainProjectInput {
  graph: Graph
  scheme: QuantScheme
  /** Requantization rounding of the int8 accuracy's engine (default 'double'); recorded in the run. */
  rounding?: Rounding
  data: TrainData
  options: TrainOptions
  engine: Int8Engine
  /** For the record: what the data came from, and where TensorFlow.js ran (e.g. 'webgl'). */
  source: string
  backend: string
  device: string
  resume?: TrainCheckpoint
}

export interface TrainProjectResult {
  /** The graph with the trained weights, quantized with the learned ranges. */
  graph: Graph
  run: TrainingRun
  outcome: Omit<TrainOutcome, 'weights' | 'ranges' | 'shapes' | 'internal'>
  int8Accuracy: number
  evaluatedOn: 'test' | 'validation'
}

export async function trainProject(tf: Tf, input: TrainProjectInput, hooks: TrainHooks = {}): Promise<TrainProjectResult> {
  const { graph, scheme, data, options } = input
  const outcome = await trainGraph(tf, graph, scheme, data, options, hooks, input.resume)
  const trained = withTrainedWeights(graph, outcome.weights, outcome.shapes)
  const quantized = quantizeGraphFromRanges(trained, { scheme, ranges: outcome.ranges, denseWeights: options.denseWeights, internal: outcome.internal })
  const held: LabelledSamples = data.test ?? pick(data, outcome.validationIndices)
  const evaluatedOn = data.test ? 'test' : 'validation'
  const rounding = scheme === 's8' ? input.rounding ?? 'double' : 'double'
  const int8Accuracy = held.samples.length > 0 ? int8Accuracy_(input.engine, quantized, scheme, held, rounding) : NaN
  const { weights: _w, ranges: _r, shapes: _s, internal: _i, ...rest } = outcome
  const run: TrainingRun = {
    date: new Date().toISOString(),
    backend: `tensorflow.js ${tf.version?.tfjs ?? ''} (${input.backend})`.replace('  ', ' '),
    device: input.device,
    ranks: 1,
    distributed: 'none',
    scheme,
    rounding,
    dataset: {
      source: input.source,
      fingerprint: await fingerprint([pick(data, outcome.trainIndices), pick(data, outcome.validationIndices), ...(data.test ? [data.test] : [])]),
      train: outcome.trainIndices.length,
      validation: outcome.validationIndices.length,
      test: data.test?.samples.length ?? 0,
      classes: classesOf(graph),
    },
    hyperParameters: {
      epochs: options.epochs, qatEpochs: options.qatEpochs, batchSize: options.batchSize, lr: options.lr,
      qatLr: options.qatLr ?? options.lr / 10, seed: options.seed, valSplit: options.valSplit, batchnorm: false, optimizer: 'adam',
      ...(input.resume ? { resumedAfterEpoch: input.resume.epoch } : {}),
    },
    epochs: outcome.history,
    result: { floatAccuracy: outcome.floatAccuracy, qatAccuracy: outcome.qatAccuracy, int8Accuracy, evaluatedOn, samples: held.samples.length },
  }
  return { graph: quantized, run, outcome: rest, int8Accuracy, evaluatedOn }
}

/** `graph` with float32 constants (origin 'trained') for every weighted node in `weights`, quantization dropped. */
export function withTrainedWeights(graph: Graph, weights: Record<string, Record<string, Float32Array>>,
  shapes: Record<string, Record<string, number[]>>): Graph {
  return {
    ...graph,
    nodes: graph.nodes.map((n) => {
      const mine = weights[n.id]
      if (!mine) return { ...n, quant: undefined }
      const next: Record<string, Tensor> = { ...n.weights }
      for (const [name, data] of Object.entries(mine)) {
        next[name] = { dtype: 'float32', shape: [...shapes[n.id][name]], data, origin: 'trained' }
      }
      return { ...n, weights: next, quant: undefined }
    }),
  }
}

/** Top-1 accuracy of the int8 model on labelled raw samples, run by `engine` (argmax: first index on ties). */
function int8Accuracy_(engine: Int8Engine, quantized: Graph, scheme: QuantScheme, held: LabelledSamples, rounding: Rounding): number {
  const model = engine.prepare(quantized, scheme, rounding)
  try {
    const inputId = quantized.nodes.find((n) => n.op === 'Input')!.id
    const outputId = model.prepared.outputIds[0]
    let correct = 0
    held.samples.forEach((raw, i) => {
      const out = model.run(model.preprocess({ [inputId]: raw }), { capture: 'outputs' }).get(outputId)!
      if (argmax(out) === held.labels[i]) correct++
    })
    return correct / held.samples.length
  } finally {
    model.dispose()
  }
}

function pick(data: LabelledSamples, indices: readonly number[]): LabelledSamples {
  return { samples: indices.map((i) => data.samples[i]), labels: indices.map((i) => data.labels[i]) }
}

/** Classes = the size of the first output (as train.py). */
function classesOf(graph: Graph): number {
  const analysis = analyzeGraph(graph)
  const out = outputNodes(graph)[0]
  return analysis.nodes.get(out.id)!.output!.shape.slice(1).reduce((a, b) => a * b, 1)
}

/** sha256 (hex) of the samples (float32) and labels (int64, little-endian) of the sets, in order — as train.py. */
export async function fingerprint(sets: readonly LabelledSamples[]): Promise<string> {
  const parts: Uint8Array[] = []
  for (const s of sets) {
    for (const x of s.samples) parts.push(new Uint8Array(x.buffer, x.byteOffset, x.byteLength))
    const labels = new BigInt64Array(s.labels.map((l) => BigInt(l)))
    parts.push(new Uint8Array(labels.buffer))
  }
  const total = parts.reduce((n, p) => n + p.length, 0)
  const all = new Uint8Array(total)
  let at = 0
  for (const p of parts) { all.set(p, at); at += p.length }
  const digest = await globalThis.crypto.subtle.digest('SHA-256', all)
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('')
}
