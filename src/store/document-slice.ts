/**
 * Document slice: the open project and its undo history. Every graph edit goes through `applyEdit`,
 * which runs `applyChanges` and records one history entry (the inverse to undo, the changes to redo),
 * so one user gesture is exactly one undo step. Project name and library are document settings, not
 * graph edits: they change the document without entering the undo history.
 */
import type { StateCreator } from 'zustand/vanilla'
import { applyChanges } from '../core/ir/changes.ts'
import type { GraphChange } from '../core/ir/changes.ts'
import type { ProjectDoc } from '../core/ir/project.ts'
import { EMPTY_GRAPH } from '../core/ir/types.ts'
import type { Graph } from '../core/ir/types.ts'
import type { EditorState } from './editor-store.ts'

export interface HistoryEntry {
  label: string
  undo: GraphChange[]
  redo: GraphChange[]
}

export interface DocumentSlice {
  doc: ProjectDoc
  past: HistoryEntry[]
  future: HistoryEntry[]
  /** Increases on every document change (edit, undo, redo, load, rename, library switch). */
  revision: number
  /** Applies one user gesture's changes as one undo entry; an empty list does nothing. */
  applyEdit(changes: readonly GraphChange[], label: string): void
  undo(): void
  redo(): void
  /** Replaces the whole document (open, new, restore) and clears the history. */
  loadDoc(doc: ProjectDoc): void
  renameProject(name: string): void
  setLibrary(id: string): void
}

/** Undo steps kept; older ones are dropped. */
export const HISTORY_LIMIT = 200

export function emptyProject(name: string, library: string): ProjectDoc {
  return { name, library, graph: EMPTY_GRAPH, targets: [] }
}

export const createDocumentSlice = (defaultLibrary: string): StateCreator<EditorState, [], [], DocumentSlice> =>
  (set, get) => ({
    doc: emptyProject('untitled', defaultLibrary),
    past: [],
    future: [],
    revision: 0,
    applyEdit(changes, label) {
      if (changes.length === 0) return
      const { doc, past, revision } = get()
      const result = applyChanges(doc.graph, changes)
      const entry: HistoryEntry = { label, undo: result.inverse, redo: [...changes] }
      set({
        doc: { ...doc, graph: result.graph },
        past: [...past, entry].slice(-HISTORY_LIMIT),
        future: [],
        revision: revision + 1,
      })
      get().pruneSelection(result.graph)
    },
    undo() {
      const { doc, past, future, revision } = get()
      const entry = past[past.length - 1]
      if (!entry) return
      const result = applyChanges(doc.graph, entry.undo)
      set({
        doc: { ...doc, graph: result.graph },
        past: past.slice(0, -1),
        future: [...future, { label: entry.label, undo: entry.undo, redo: result.inverse }],
        revision: revision + 1,
      })
      get().pruneSelection(result.graph)
    },
    redo() {
      const { doc, past, future, revision } = get()
      const entry = future[future.length - 1]
      if (!entry) return
      const result = applyChanges(doc.graph, entry.redo)
      set({
        doc: { ...doc, graph: result.graph },
        past: [...past, { label: entry.label, undo: result.inverse, redo: entry.redo }],
        future: future.slice(0, -1),
        revision: revision + 1,
      })
      get().pruneSelection(result.graph)
    },
    loadDoc(doc) {
      set({ doc, past: [], future: [], revision: get().revision + 1 })
      get().pruneSelection(doc.graph)
    },
    renameProject(name) {
      const { doc, revision } = get()
      if (name === doc.name) return
      set({ doc: { ...doc, name }, revision: revision + 1 })
    },
    setLibrary(id) {
      const { doc, revision } = get()
      if (id === doc.library) return
      set({ doc: { ...doc, library: id }, revision: revision + 1 })
    },
  })

export const selectDoc = (s: DocumentSlice): ProjectDoc => s.doc
export const selectGraph = (s: DocumentSlice): Graph => s.doc.graph
export const selectLibraryId = (s: DocumentSlice): string => s.doc.library
export const selectProjectName = (s: DocumentSlice): string => s.doc.name
export const selectCanUndo = (s: DocumentSlice): boolean => s.past.length > 0
export const selectCanRedo = (s: DocumentSlice): boolean => s.future.length > 0
export const selectUndoLabel = (s: DocumentSlice): string | undefined => s.past[s.past.length - 1]?.label
export const selectRedoLabel = (s: DocumentSlice): string | undefined => s.future[s.future.length - 1]?.label
