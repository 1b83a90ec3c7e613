/**
 * `trainGraph`: trains a graph in TensorFlow.js — float epochs, then quantization-aware epochs on the vendor's int8
 * grid — the browser's twin of the PyTorch project's train.py (same phases, range tracking, QAT grids and Adam).
 *
 * - Data: raw samples of the graph's one Input with class labels; a seeded validation split (the last `valSplit` of a
 *   seeded permutation is held out, as train.py); each epoch visits the training samples in a seeded order
 *   (mulberry32(seed · 1000003 + epoch)).
 * - Float epochs: Adam(lr), softmax cross-entropy on the logits; every node's batch extremes update the RangeTracker.
 * - QAT epochs: a fresh Adam(qatLr) (default lr / 10), the forward on fake-quantized constants and activations whose
 *   grids come from the tracked ranges before each step; the ranges keep moving.
 * - After every epoch: accuracy on the validation split in the epoch's phase, an entry of the history, and a
 *   checkpoint (weights, ranges, optimizer state, history) from which `resume` continues with the next epoch.
 * - Cancel: a hook throws (the job runner's progress does); variables and optimizer are released either way.
 * The result holds the float weights and every node's learned range — what quantizeGraphFromRanges turns into the
 * int8 model whose accuracy the int8 engine measures (train-run.ts).
 */
import type { TrainingEpoch } from '../../ir/training-run.ts'
import type { Graph } from '../../ir/types.ts'
import { mulberry32 } from '../../ir/seeded-init.ts'
import type { Tf, TfTensor } from '../../ops/tfjs-twin.ts'
import type { QuantScheme } from '../../quant/scheme.ts'
import type { RangeState } from './range-tracker.ts'
import { RangeTracker } from './range-tracker.ts'
import type { DenseWeights, FloatWeights, QatPlan } from './tf-graph-model.ts'
import { TfGraphModel, TrainError } from './tf-graph-model.ts'

export interface TrainOptions {
  epochs: number
  qatEpochs: number
  batchSize: number
  lr: number
  /** Default lr / 10. */
  qatLr?: number
  seed: number
  /** Share of the samples held out for validation, 0 ≤ valSplit < 1. */
  valSplit: number
  denseWeights?: DenseWeights
}

export interface LabelledSamples {
  /** Raw samples of the Input (its H·W·C values each). */
  samples: readonly Float32Array[]
  labels: readonly number[]
}

export interface TrainData extends LabelledSamples {
  /** A held-out test set (e.g. Fashion-MNIST's t10k): the final accuracies are measured on it instead of the validation split. */
  test?: LabelledSamples
}

export interface TrainCheckpoint {
  /** Epochs done (1-based count over float + QAT). */
  epoch: number
  weights: FloatWeights
  ranges: RangeState
  /** Adam's state (iterations, moments) in the variables' order. */
  optimizer: { name: string; shape: number[]; data: Float32Array | Int32Array }[]
  history: TrainingEpoch[]
}

export interface TrainHooks {
  /** After every batch; throw to stop. */
  onBatch?(p: { epoch: number; phase: 'float' | 'qat'; batch: number; batches: number; loss: number; samplesPerSecond: number }): void
  /** After every epoch with its history entry and a checkpoint to resume from. */
  onEpoch?(entry: TrainingEpoch, checkpoint: TrainCheckpoint): void | Promise<void>
}

export interface TrainOutcome {
  weights: FloatWeights
  /** Shapes of `weights` (IR layouts). */
  shapes: Record<string, Record<string, number[]>>
  /** Every node's learned range (its quantization group's). */
  ranges: Record<string, { min: number; max: number }>
  /** The learned inner ranges of SVDF / LSTM nodes (quantizeGraphFromRanges' `internal`). */
  internal: Record<string, Record<string, { min: number; max: number }>>
  history: TrainingEpoch[]
  trainIndices: number[]
  validationIndices: number[]
  /** Accuracy of the float and (after QAT epochs) of the fake-quantized model on the held-out set (test, else validation). */
  floatAccuracy: number | null
  qatAccuracy: number | null
  /** Training throughput over the run's batches. */
  samplesPerSecond: number
}

export function checkTrainOptions(o: TrainOptions): void {
  const whole = (v: number, min: number) => Number.isInteger(v) && v >= min
  if (!whole(o.epochs, 0) || !whole(o.qatEpochs, 0)) throw new TrainError('epochs and QAT epochs must be whole numbers ≥ 0')
  if (o.epochs + o.qatEpochs === 0) throw new TrainError('nothing to train: epochs and QAT epochs are both 0')
  if (!whole(o.batchSize, 1)) throw new TrainError('the batch size must be a whole number ≥ 1')
  if (!(o.lr > 0) || (o.qatLr !== undefined && !(o.qatLr > 0))) throw new TrainError('learning rates must be positive numbers')
  if (!(o.valSplit >= 0 && o.valSplit < 1)) throw new TrainError('the validation split must be in [0, 1)')
}

/** (train, validation) indices: a seeded permutation, the last `fraction` held out; both sorted. */
export function splitValidation(n: number, fraction: number, seed: number): { train: number[]; validation: number[] } {
  const perm = permutation(n, mulberry32(seed))
  const held = Math.round(n * fraction)
  return { train: perm.slice(0, n - held).sort((a, b) => a - b), validation: perm.slice(n - held).sort((a, b) => a - b) }
}

function permutation(n: number, random: () => number): number[] {
  const p = [...Array(n).keys()]
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1))
    ;[p[i], p[j]] = [p[j], p[i]]
  }
  return p
}

export async function trainGraph(tf: Tf, graph: Graph, scheme: QuantScheme, data: TrainData, options: TrainOptions,
  hooks: TrainHooks = {}, resume?: TrainCheckpoint): Promise<TrainOutcome> {
  checkTrainOptions(options)
  const model = new TfGraphModel(tf, graph, scheme, options.denseWeights, resume?.weights)
  let optimizer: ReturnType<Tf['train']['adam']> | undefined
  try {
    const size = model.sampleShape.reduce((a, b) => a * b, 1)
    checkData(data, size, model.classes)
    if (data.test) checkData(data.test, size, model.classes, 'the test set')
    const { train, validation } = splitValidation(data.samples.length, options.valSplit, options.seed)
    if (train.length === 0) throw new TrainError('no training samples are left after the validation split')
    const tracker = new RangeTracker(model.groups, 0.01, resume?.ranges)
    const total = options.epochs + options.qatEpochs
    const history = [...(resume?.history ?? [])]
    const start = (resume?.epoch ?? 0) + 1
    const qatLr = options.qatLr ?? options.lr / 10
    const vars = model.variables()
    // A checkpoint written after a QAT epoch resumes in QAT, with that phase's optimizer state.
    let inQat = resume !== undefined && resume.epoch > options.epochs
    optimizer = tf.train.adam(inQat ? qatLr : options.lr)
    if (resume && resume.optimizer.length > 0) await restoreOptimizer(tf, optimizer, resume)
    let seen = 0
    let busy = 0
    for (let epoch = start; epoch <= total; epoch++) {
      const phase: 'float' | 'qat' = epoch <= options.epochs ? 'float' : 'qat'
      if (phase === 'qat' && !inQat) {
        if (!tracker.ready()) await observeOnce(tf, model, tracker, data, train.slice(0, options.batchSize))
        optimizer.dispose()
        optimizer = tf.train.adam(qatLr)
        inQat = true
      }
      const order = permutation(train.length, mulberry32(options.seed * 1000003 + epoch)).map((i) => train[i])
      const batches = Math.ceil(order.length / options.batchSize)
      let lossSum = 0
      let correct = 0
      const t0 = now()
      for (let b = 0; b < batches; b++) {
        const idx = order.slice(b * options.batchSize, (b + 1) * options.batchSize)
        const tb = now()
        const plan = phase === 'qat' ? await model.plan(tracker) : undefined
        const [loss, hits, extremes] = await step(tf, model, optimizer, data, idx, size, plan, vars)
        busy += now() - tb
        seen += idx.length
        model.track(tracker, extremes)
        lossSum += loss * idx.length
        correct += hits
        hooks.onBatch?.({ epoch, phase, batch: b + 1, batches, loss: lossSum / Math.min(order.length, (b + 1) * options.batchSize),
          samplesPerSecond: seen / Math.max(1e-9, busy / 1000) })
      }
      const validationAccuracy = validation.length > 0
        ? await accuracy(tf, model, data, validation, size, phase === 'qat' ? await model.plan(tracker) : undefined) : null
      const entry: TrainingEpoch = { epoch, phase, loss: lossSum / order.length, trainAccuracy: correct / order.length,
        validationAccuracy, seconds: Math.round(now() - t0) / 1000 }
      history.push(entry)
      await hooks.onEpoch?.(entry, await checkpoint(model, tracker, optimizer, epoch, history))
    }
    if (!tracker.ready()) await observeOnce(tf, model, tracker, data, train.slice(0, options.batchSize))
    const held: [LabelledSamples, number[]] = data.test
      ? [data.test, [...data.test.samples.keys()]] : [data, validation]
    const floatAccuracy = held[1].length > 0 ? await accuracy(tf, model, held[0], held[1], size, undefined) : null
    const qatAccuracy = held[1].length > 0 && options.qatEpochs > 0 ? await accuracy(tf, model, held[0], held[1], size, await model.plan(tracker)) : null
    return {
      weights: await model.floatWeights(), shapes: model.weightShapes(), ranges: model.nodeRanges(tracker),
      internal: Object.fromEntries([...model.innerRanges(tracker)].map(([id, r]) => [id, Object.fromEntries(Object.entries(r).map(([k, [min, max]]) => [k, { min, max }]))])),
      history, trainIndices: train,
      validationIndices: validation, floatAccuracy, qatAccuracy, samplesPerSecond: seen / Math.max(1e-9, busy / 1000),
    }
  } finally {
    optimizer?.dispose()
    model.dispose()
  }
}

function now(): number {
  return typeof performance !== 'undefined' ? performance.now() : Date.now()
}

function checkData(data: LabelledSamples, size: number, classes: number, what = 'the dataset'): void {
  if (data.samples.length === 0) throw new TrainError(`${what} holds no samples`)
  if (data.labels.length !== data.samples.length) {
    throw new TrainError(`${what} has ${data.samples.length} samples but ${data.labels.length} labels`)
  }
  data.samples.forEach((s, i) => {
    if (s.length !== size) throw new TrainError(`sample ${i + 1} has ${s.length} values; the Input needs ${size}`)
  })
  const distinct = new Set(data.labels)
  for (const l of distinct) {
    if (!Number.isInteger(l) || l < 0 || l >= classes) throw new TrainError(`label ${l} does not fit the model, whose output has ${classes} classes`)
  }
  if (what === 'the dataset' && distinct.size < 2) throw new TrainError('the dataset has one class only; training a classifier needs at least two')
}

function batchTensor(tf: Tf, data: LabelledSamples, idx: readonly number[], size: number, shape: number[]): TfTensor {
  const flat = new Float32Array(idx.length * size)
  idx.forEach((j, k) => flat.set(data.samples[j], k * size))
  return tf.tensor(flat, [idx.length, ...shape])
}

/** One optimizer step; returns (mean loss, correct predictions, node extremes in execution order), read asynchronously. */
async function step(tf: Tf, model: TfGraphModel, optimizer: ReturnType<Tf['train']['adam']>, data: TrainData, idx: readonly number[],
  size: number, plan: QatPlan | undefined, vars: ReturnType<Tf['variable']>[]): Promise<[number, number, Float32Array]> {
  let side: TfTensor[] = []
  const lossTensor = optimizer.minimize(() => {
    const x = batchTensor(tf, data, idx, size, model.sampleShape)
    const y = tf.oneHot(tf.tensor1d(idx.map((j) => data.labels[j]), 'int32'), model.classes)
    const { logits, extremes } = model.forward(x, { training: true, plan })
    const hits = tf.sum(tf.cast(tf.equal(tf.argMax(logits, 1), tf.argMax(y, 1)), 'int32'))
    side = [tf.keep(hits), tf.keep(extremes!)]
    return tf.losses.softmaxCrossEntropy(y, logits) as never
  }, true, vars)!
  const [lossValues, hitValues, extremes] = await Promise.all([lossTensor.data(), side[0].data(), side[1].data()]) as [Float32Array, Int32Array, Float32Array]
  const loss = lossValues[0]
  const hits = hitValues[0]
  lossTensor.dispose()
  for (const t of side) t.dispose()
  if (!Number.isFinite(loss)) throw new TrainError('the loss became NaN or infinite; lower the learning rate')
  return [loss, hits, extremes]
}

/** Accuracy (argmax, first index on ties) of the float or fake-quantized model on `indices`. */
export async function accuracy(tf: Tf, model: TfGraphModel, data: LabelledSamples, indices: readonly number[], size: number,
  plan: QatPlan | undefined): Promise<number> {
  let correct = 0
  for (let s = 0; s < indices.length; s += 256) {
    const idx = indices.slice(s, s + 256)
    const t = tf.tidy(() => tf.argMax(model.forward(batchTensor(tf, data, idx, size, model.sampleShape), { training: false, plan }).logits, 1))
    const pred = await t.data()
    t.dispose()
    idx.forEach((j, k) => { if (pred[k] === data.labels[j]) correct++ })
  }
  return correct / indices.length
}

/** A float forward in training mode over one batch, only to observe every range (QAT straight after 0 float epochs). */
async function observeOnce(tf: Tf, model: TfGraphModel, tracker: RangeTracker, data: TrainData, idx: readonly number[]): Promise<void> {
  const size = model.sampleShape.reduce((a, b) => a * b, 1)
  const t = tf.tidy(() => model.forward(batchTensor(tf, data, idx, size, model.sampleShape), { training: true }).extremes!)
  const extremes = await t.data()
  t.dispose()
  model.track(tracker, extremes)
}

async function checkpoint(model: TfGraphModel, tracker: RangeTracker, optimizer: ReturnType<Tf['train']['adam']>,
  epoch: number, history: TrainingEpoch[]): Promise<TrainCheckpoint> {
  const state = await optimizer.getWeights()
  const saved = await Promise.all(state.map(async (w) => ({
    name: w.name, shape: [...w.tensor.shape], data: (await w.tensor.data()) as Float32Array | Int32Array,
  })))
  return { epoch, weights: await model.floatWeights(), ranges: tracker.state(), optimizer: saved, history: history.map((h) => ({ ...h })) }
}

async function restoreOptimizer(tf: Tf, optimizer: ReturnType<Tf['train']['adam']>, resume: TrainCheckpoint): Promise<void> {
  await optimizer.setWeights(resume.optimizer.map((w) => ({
    name: w.name, tensor: w.name === 'iter' ? tf.scalar(w.data[0], 'int32') : tf.tensor(w.data as Float32Array, w.shape),
  })))
}
