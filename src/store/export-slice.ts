/**
 * Export slice: the Export dialog — whether it is open, the user's package options (C prefix, test vectors) and the
 * file shown in its code view. UI state only: never saved with the project; the package itself is derived from the
 * document on render.
 */
import type { StateCreator } from 'zustand/vanilla'
import type { EditorState } from './editor-store.ts'

export interface ExportSettings {
  /** The C prefix as typed; null = derived from the project name. */
  prefix: string | null
  /** Embedded test vectors in examples/test_vectors.h (the generator takes 1..16). */
  vectors: number
  /** Seed of those vectors' inputs. */
  seed: number
}

export const DEFAULT_EXPORT_SETTINGS: ExportSettings = { prefix: null, vectors: 3, seed: 1 }

export interface ExportSlice {
  exportDialogOpen: boolean
  exportSettings: ExportSettings
  /** Package path shown in the code view (e.g. 'include/digits_cnn.h'); null = the package's header. */
  codeViewPath: string | null
  setExportDialogOpen(open: boolean): void
  setExportSettings(patch: Partial<ExportSettings>): void
  showCodeFile(path: string | null): void
}

export const createExportSlice: StateCreator<EditorState, [], [], ExportSlice> = (set, get) => ({
  exportDialogOpen: false,
  exportSettings: DEFAULT_EXPORT_SETTINGS,
  codeViewPath: null,
  setExportDialogOpen(open) {
    set({ exportDialogOpen: open })
  },
  setExportSettings(patch) {
    set({ exportSettings: { ...get().exportSettings, ...patch } })
  },
  showCodeFile(path) {
    set({ codeViewPath: path })
  },
})

export const selectExportDialogOpen = (s: ExportSlice): boolean => s.exportDialogOpen
export const selectExportSettings = (s: ExportSlice): ExportSettings => s.exportSettings
export const selectCodeViewPath = (s: ExportSlice): string | null => s.codeViewPath
