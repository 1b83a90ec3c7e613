/**
 * Train slice: what the Train tab will run — the chosen data (kept as Blobs so switching tabs loses nothing), the
 * subset size, validation split, float and QAT epochs, batch size, learning rate, seed, TensorFlow.js backend and
 * int8 engine — and the checkpoint of the last run that stopped early (cancelled or failed after an epoch), with
 * the graph it belongs to, so Resume continues it. UI state: never saved with the project.
 */
import type { StateCreator } from 'zustand/vanilla'
import type { Int8EngineId } from '../core/engine/int8-engines.ts'
import type { Graph } from '../core/ir/types.ts'
import type { TrainCheckpoint } from '../core/pipelines/train/train-graph.ts'
import type { DataFileRef } from '../workers/quantize-protocol.ts'
import type { TrainBackendChoice, TrainJobInput } from '../workers/train-protocol.ts'
import type { EditorState } from './editor-store.ts'

export interface TrainDataChoice {
  kind: 'folder' | 'files'
  files: readonly DataFileRef[]
  /** The folder's name or the files' names, for the panel. */
  label: string
}

export interface TrainSettings {
  data: TrainDataChoice | null
  /** Keep the first N samples ('' = all). */
  maxSamples: number | null
  valSplit: number
  epochs: number
  qatEpochs: number
  batchSize: number
  lr: number
  seed: number
  backend: TrainBackendChoice
  engine: Int8EngineId
  dataError: string | null
}

export interface TrainResume {
  checkpoint: TrainCheckpoint
  /** The document graph the stopped run started from (Resume needs the same one). */
  graph: Graph
  input: TrainJobInput
}

export const DEFAULT_TRAIN_SETTINGS: TrainSettings = {
  data: null, maxSamples: null, valSplit: 0.1, epochs: 3, qatEpochs: 1, batchSize: 32, lr: 0.003, seed: 1,
  backend: 'auto', engine: 'wasm', dataError: null,
}

export interface TrainSlice {
  train: TrainSettings
  trainResume: TrainResume | null
  setTrain(patch: Partial<TrainSettings>): void
  setTrainResume(resume: TrainResume | null): void
}

export const createTrainSlice: StateCreator<EditorState, [], [], TrainSlice> = (set, get) => ({
  train: DEFAULT_TRAIN_SETTINGS,
  trainResume: null,
  setTrain(patch) {
    set({ train: { ...get().train, ...patch } })
  },
  setTrainResume(resume) {
    set({ trainResume: resume })
  },
})

export const selectTrain = (s: TrainSlice): TrainSettings => s.train
export const selectTrainResume = (s: TrainSlice): TrainResume | null => s.trainResume
