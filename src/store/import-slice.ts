/**
 * Import slice: the report of the last model import (what every source operator became). It is the
 * result of an action, not derivable from the graph, so it is kept until the next import or until
 * dismissed. Its node ids refer to the imported document; readers must tolerate ids that no longer exist.
 */
import type { StateCreator } from 'zustand/vanilla'
import type { ImportReport } from '../core/formats/import-model.ts'
import type { EditorState } from './editor-store.ts'

export interface LastImport {
  fileName: string
  report: ImportReport
  /** Milliseconds the import took (read, map, lay out, analyse). */
  elapsedMs: number
}

export interface ImportSlice {
  lastImport: LastImport | null
  setLastImport(value: LastImport | null): void
}

export const createImportSlice: StateCreator<EditorState, [], [], ImportSlice> = (set) => ({
  lastImport: null,
  setLastImport(value) {
    set({ lastImport: value })
  },
})

export const selectLastImport = (s: ImportSlice): LastImport | null => s.lastImport
