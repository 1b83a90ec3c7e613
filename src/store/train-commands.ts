/**
 * Train commands: choose the data, start / cancel / resume a training run (the train job), and apply its result.
 *
 * Contract:
 * - A run trains the document's graph as it is when the run starts (an int8 graph trains from its dequantized
 *   weights) in the project library's scheme.
 * - Success replaces the document as ONE undo step ("Train (3 float + 1 QAT epochs)"): the trained int8 model (the
 *   QAT model quantized with the learned ranges), names and positions kept, and the run's record appended to the
 *   project's training runs. Undo brings the previous weights back.
 * - A cancelled or failed run changes nothing in the document; its last checkpoint (after a finished epoch) is kept
 *   so Resume continues from there — as long as the graph is still the one it started from.
 * - A run whose graph was edited meanwhile is not applied (one-line reason).
 */
import { projectRounding } from '../core/ir/project.ts'
import { usableImages } from '../workers/calibration-files.ts'
import type { JobRunner } from '../workers/jobs.ts'
import type { DataFileRef } from '../workers/quantize-protocol.ts'
import type { TrainJobInput, TrainProgressDetail } from '../workers/train-protocol.ts'
import { resolveLibrary } from './editor-commands.ts'
import type { EditorStore } from './editor-store.ts'
import { cancelJob, startJob } from './job-commands.ts'
import { libraryForScheme, mergeQuantized } from './quantize-commands.ts'

export function trainLabel(epochs: number, qatEpochs: number): string {
  return `Train (${epochs} float + ${qatEpochs} QAT epoch${qatEpochs === 1 ? '' : 's'})`
}

const IDX = /(-idx\d-ubyte|\.idx\d?)(\.gz)?$/i

/**
 * Takes a folder (class sub-folders of images) or files (.npy samples + labels, IDX images + labels) as the training
 * data; refuses a choice that cannot be training data, keeping the previous one.
 */
export function chooseTrainData(store: EditorStore, kind: 'folder' | 'files', label: string, files: readonly DataFileRef[]): boolean {
  const s = store.getState()
  const fail = (why: string): false => { s.setTrain({ dataError: why }); return false }
  if (kind === 'folder') {
    const images = usableImages(files)
    if (images.length === 0) return fail(`The folder ${label ? `'${label}' ` : ''}holds no images (.png, .jpg, .gif, .bmp, .webp).`)
    if (images.some((f) => !f.path.includes('/'))) return fail('Put the images in one sub-folder per class (the folder names are the labels).')
  } else {
    const npy = files.filter((f) => /\.npy$/i.test(f.path)).length
    const idx = files.filter((f) => IDX.test(f.path)).length
    if (!(npy === 2 && files.length === 2) && !(idx >= 2 && idx === files.length)) {
      return fail('Choose two .npy files (samples and labels) or IDX files (images and labels, e.g. Fashion-MNIST).')
    }
  }
  s.setTrain({ data: { kind, files, label }, dataError: null })
  return true
}

/** Starts a run (or, with `resume`, continues the stopped one); false (with the reason in the panel) when it cannot start. */
export function startTraining(store: EditorStore, runner: JobRunner, resume = false): boolean {
  const s = store.getState()
  const fail = (error: string): false => {
    s.patchJob('train', { status: 'failed', progress: null, error })
    return false
  }
  const startGraph = s.doc.graph
  let input: TrainJobInput
  if (resume) {
    const r = s.trainResume
    if (!r) return fail('There is no stopped run to resume.')
    if (r.graph !== startGraph) return fail('The graph changed since the run stopped; start a new run.')
    input = { ...r.input, resume: r.checkpoint }
  } else {
    const t = s.train
    if (startGraph.nodes.length === 0) return fail('The graph is empty; add or import a model first.')
    if (!t.data) return fail('Choose the training data first.')
    input = {
      graph: startGraph, scheme: resolveLibrary(s.doc.library).scheme, rounding: projectRounding(s.doc),
      source: t.data.kind === 'folder' ? { kind: 'folder', files: t.data.files, folder: t.data.label } : { kind: 'files', files: t.data.files },
      ...(t.maxSamples ? { maxSamples: t.maxSamples } : {}),
      options: { epochs: t.epochs, qatEpochs: t.qatEpochs, batchSize: t.batchSize, lr: t.lr, seed: t.seed, valSplit: t.valSplit },
      engine: t.engine, backend: t.backend,
    }
    s.setTrainResume(null)
  }
  const { epochs, qatEpochs } = input.options
  startJob(store, runner, 'train', input, {
    progress: { done: 0, total: 1, label: resume ? `Resuming after epoch ${input.resume!.epoch}` : 'Starting',
      detail: { backend: '…', totalEpochs: epochs + qatEpochs, history: input.resume?.history ?? [], curve: [] } satisfies TrainProgressDetail },
    onProgress(p) {
      const checkpoint = (p.detail as TrainProgressDetail | undefined)?.checkpoint
      if (checkpoint && checkpoint !== store.getState().trainResume?.checkpoint) {
        store.getState().setTrainResume({ checkpoint, graph: startGraph, input: { ...input, resume: undefined } })
      }
    },
    settle(result) {
      const now = store.getState()
      if (now.doc.graph !== startGraph) return { error: 'The graph changed during training, so the trained weights were not applied; train again.' }
      const library = libraryForScheme(now.doc.library, input.scheme)
      const graph = mergeQuantized(startGraph, result.graph)
      now.replaceDoc({ ...now.doc, library: library.id, graph, trainingRuns: [...(now.doc.trainingRuns ?? []), result.run] },
        trainLabel(epochs, qatEpochs))
      now.setTrainResume(null)
      return { outcome: result }
    },
    afterDone(outcome) {
      const r = outcome.run.result
      const pct = (v: number | null) => (v === null ? 'n/a' : `${(v * 100).toFixed(1)} %`)
      store.getState().showNotice('info', `Trained on ${outcome.backend}: int8 ${pct(r.int8Accuracy)} on the ${r.evaluatedOn} set ` +
        `(float ${pct(r.floatAccuracy)}, QAT ${pct(r.qatAccuracy)}). Undo (Ctrl+Z) brings back the previous weights.`)
    },
  })
  return true
}

/** Stops the running run at once; the document stays as it was and the last checkpoint can be resumed. */
export function cancelTraining(store: EditorStore): void {
  cancelJob(store, 'train')
}
