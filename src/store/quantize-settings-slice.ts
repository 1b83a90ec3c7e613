/**
 * Quantize settings slice: what the Quantization panel will run — scheme (null = the project library's), calibration
 * method, which data, the files chosen for it, the int8 engine that validates, and the onnxruntime-web backend of the
 * agreement check. UI state:
 * never saved with the project. Chosen files are kept (as Blobs) so switching tabs does not lose them.
 */
import type { StateCreator } from 'zustand/vanilla'
import type { QuantScheme } from '../core/quant/scheme.ts'
import type { CalibrationMethod } from '../core/quant/observers.ts'
import type { Int8EngineId } from '../core/engine/int8-engines.ts'
import type { DataFileRef, OrtChoice } from '../workers/quantize-protocol.ts'
import type { EditorState } from './editor-store.ts'

export type DataChoice = 'synthetic' | 'images' | 'npy'

/** A chosen image folder or set of .npy files, checked for usable files when chosen. */
export interface ChosenFiles {
  files: readonly DataFileRef[]
  /** The chosen folder's name (images) or the files' summary (npy). */
  label: string
  /** Usable files: images of the folder, or .npy files. */
  usable: number
  /** Class folders of an image folder (sorted as labels are assigned). */
  classes?: string[]
}

export interface QuantizeSettings {
  scheme: QuantScheme | null
  method: CalibrationMethod
  data: DataChoice
  syntheticCount: number
  seed: number
  images: ChosenFiles | null
  npy: ChosenFiles | null
  ort: OrtChoice
  /** The int8 engine of the validation: the C runtime as WebAssembly (default) or the TypeScript reference. */
  engine: Int8EngineId
  /** One line about the last rejected file choice; cleared by the next choice. */
  dataError: string | null
}

export const DEFAULT_SYNTHETIC_COUNT = 16

export const DEFAULT_QUANTIZE_SETTINGS: QuantizeSettings = {
  scheme: null, method: 'minmax', data: 'synthetic', syntheticCount: DEFAULT_SYNTHETIC_COUNT, seed: 1,
  images: null, npy: null, ort: 'auto', engine: 'wasm', dataError: null,
}

export interface QuantizeSettingsSlice {
  quantizeSettings: QuantizeSettings
  setQuantizeSettings(patch: Partial<QuantizeSettings>): void
}

export const createQuantizeSettingsSlice: StateCreator<EditorState, [], [], QuantizeSettingsSlice> = (set, get) => ({
  quantizeSettings: DEFAULT_QUANTIZE_SETTINGS,
  setQuantizeSettings(patch) {
    set({ quantizeSettings: { ...get().quantizeSettings, ...patch } })
  },
})

export const selectQuantizeSettings = (s: QuantizeSettingsSlice): QuantizeSettings => s.quantizeSettings
