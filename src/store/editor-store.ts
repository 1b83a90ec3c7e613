/**
 * The editor store: document (+ history), selection, UI, import, dock, jobs, quantize-settings, export, kernel-runtime,
 * explore, cut-training, exits and compress slices combined into one
 * vanilla zustand store, so commands and tests drive the editor headless through the same API the UI uses.
 */
import { createStore } from 'zustand/vanilla'
import type { StoreApi } from 'zustand/vanilla'
import { DEFAULT_LIBRARY_ID } from '../core/vendors/registry.ts'
import { createCompressSlice } from './compress-slice.ts'
import type { CompressSlice } from './compress-slice.ts'
import { createDockSlice } from './dock-slice.ts'
import type { DockSlice } from './dock-slice.ts'
import { createDocumentSlice } from './document-slice.ts'
import type { DocumentSlice } from './document-slice.ts'
import { createExitsSlice } from './exits-slice.ts'
import type { ExitsSlice } from './exits-slice.ts'
import { createExploreSlice } from './explore-slice.ts'
import type { ExploreSlice } from './explore-slice.ts'
import { createTrainSlice } from './train-slice.ts'
import type { TrainSlice } from './train-slice.ts'
import { createExportSlice } from './export-slice.ts'
import type { ExportSlice } from './export-slice.ts'
import { createImportSlice } from './import-slice.ts'
import type { ImportSlice } from './import-slice.ts'
import { createJobsSlice } from './jobs-slice.ts'
import type { JobsSlice } from './jobs-slice.ts'
import { createKernelRuntimeSlice } from './kernel-runtime-slice.ts'
import type { KernelRuntimeSlice } from './kernel-runtime-slice.ts'
import { createQuantizeSettingsSlice } from './quantize-settings-slice.ts'
import type { QuantizeSettingsSlice } from './quantize-settings-slice.ts'
import { createSelectionSlice } from './selection-slice.ts'
import type { SelectionSlice } from './selection-slice.ts'
import { createCutSlice } from './cut-slice.ts'
import type { CutSlice } from './cut-slice.ts'
import { createSplitSlice } from './split-slice.ts'
import type { SplitSlice } from './split-slice.ts'
import { createUiSlice } from './ui-slice.ts'
import type { UiSlice } from './ui-slice.ts'

export type EditorState = DocumentSlice & SelectionSlice & UiSlice & ImportSlice & DockSlice & JobsSlice & QuantizeSettingsSlice
  & ExportSlice & KernelRuntimeSlice & SplitSlice & ExploreSlice & TrainSlice & CutSlice & ExitsSlice & CompressSlice

export type EditorStore = StoreApi<EditorState>

export function createEditorStore(): EditorStore {
  return createStore<EditorState>()((...a) => ({
    ...createDocumentSlice(DEFAULT_LIBRARY_ID)(...a),
    ...createSelectionSlice(...a),
    ...createUiSlice(...a),
    ...createImportSlice(...a),
    ...createDockSlice(...a),
    ...createJobsSlice(...a),
    ...createQuantizeSettingsSlice(...a),
    ...createExportSlice(...a),
    ...createKernelRuntimeSlice(...a),
    ...createSplitSlice(...a),
    ...createExploreSlice(...a),
    ...createTrainSlice(...a),
    ...createCutSlice(...a),
    ...createExitsSlice(...a),
    ...createCompressSlice(...a),
  }))
}

/** The application's single editor store. */
export const editorStore: EditorStore = createEditorStore()
