/**
 * Document slice: the open project and its undo history. Every graph edit goes through `applyEdit`,
 * which runs `applyChanges` and records one history entry (the inverse to undo, the changes to redo),
 * so one user gesture is exactly one undo step. `replaceDoc` (model import) swaps the whole document as
 * one undo step that brings the previous project back, earlier history included. Project name, library,
 * requantization rounding and target selection are document settings, not graph edits: they change the document
 * without entering the undo history.
 */
import type { StateCreator } from 'zustand/vanilla'
import { applyChanges } from '../core/ir/changes.ts'
import type { GraphChange } from '../core/ir/changes.ts'
import type { CustomTargetSpec, ProjectDoc } from '../core/ir/project.ts'
import { EMPTY_GRAPH } from '../core/ir/types.ts'
import type { Graph } from '../core/ir/types.ts'
import type { EditorState } from './editor-store.ts'

/** 'edit': graph changes and their inverse; 'replace': the documents before and after a whole-document swap. */
export type HistoryEntry =
  | { kind: 'edit'; label: string; undo: GraphChange[]; redo: GraphChange[] }
  | { kind: 'replace'; label: string; before: ProjectDoc; after: ProjectDoc }

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
  /** Replaces the whole document as one undo step (undo restores the previous document). */
  replaceDoc(doc: ProjectDoc, label: string): void
  renameProject(name: string): void
  setLibrary(id: string): void
  /** Sets the s8 requantization rounding ('double' is stored as the absent default). */
  setRounding(rounding: 'double' | 'single'): void
  /** Sets the compared target ids (catalog or custom), in the given order, without duplicates. */
  setTargets(ids: readonly string[]): void
  /** Adds (or replaces, by id) a custom target and selects it for comparison. */
  addCustomTarget(spec: CustomTargetSpec): void
  /** Removes a custom target and its selection. */
  removeCustomTarget(id: string): void
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
      const entry: HistoryEntry = { kind: 'edit', label, undo: result.inverse, redo: [...changes] }
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
      if (entry.kind === 'replace') {
        // The redo entry keeps the document as it is now (settings changed since the swap included).
        set({ doc: entry.before, past: past.slice(0, -1), future: [...future, { ...entry, after: doc }], revision: revision + 1 })
        get().pruneSelection(entry.before.graph)
        return
      }
      const result = applyChanges(doc.graph, entry.undo)
      set({
        doc: { ...doc, graph: result.graph },
        past: past.slice(0, -1),
        future: [...future, { kind: 'edit', label: entry.label, undo: entry.undo, redo: result.inverse }],
        revision: revision + 1,
      })
      get().pruneSelection(result.graph)
    },
    redo() {
      const { doc, past, future, revision } = get()
      const entry = future[future.length - 1]
      if (!entry) return
      if (entry.kind === 'replace') {
        set({ doc: entry.after, past: [...past, { ...entry, before: doc }], future: future.slice(0, -1), revision: revision + 1 })
        get().pruneSelection(entry.after.graph)
        return
      }
      const result = applyChanges(doc.graph, entry.redo)
      set({
        doc: { ...doc, graph: result.graph },
        past: [...past, { kind: 'edit', label: entry.label, undo: result.inverse, redo: entry.redo }],
        future: future.slice(0, -1),
        revision: revision + 1,
      })
      get().pruneSelection(result.graph)
    },
    loadDoc(doc) {
      set({ doc, past: [], future: [], revision: get().revision + 1 })
      get().pruneSelection(doc.graph)
    },
    replaceDoc(next, label) {
      const { doc, past, revision } = get()
      const entry: HistoryEntry = { kind: 'replace', label, before: doc, after: next }
      set({ doc: next, past: [...past, entry].slice(-HISTORY_LIMIT), future: [], revision: revision + 1 })
      get().pruneSelection(next.graph)
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
    setRounding(rounding) {
      const { doc, revision } = get()
      if (rounding === (doc.rounding ?? 'double')) return
      const { rounding: _previous, ...rest } = doc
      set({ doc: rounding === 'single' ? { ...rest, rounding } : rest, revision: revision + 1 })
    },
    setTargets(ids) {
      const { doc, revision } = get()
      const targets = [...new Set(ids)]
      if (targets.length === doc.targets.length && targets.every((t, i) => t === doc.targets[i])) return
      set({ doc: { ...doc, targets }, revision: revision + 1 })
    },
    addCustomTarget(spec) {
      const { doc, revision } = get()
      const customTargets = [...(doc.customTargets ?? []).filter((t) => t.id !== spec.id), spec]
      const targets = doc.targets.includes(spec.id) ? doc.targets : [...doc.targets, spec.id]
      set({ doc: { ...doc, customTargets, targets }, revision: revision + 1 })
    },
    removeCustomTarget(id) {
      const { doc, revision } = get()
      if (!doc.customTargets?.some((t) => t.id === id)) return
      const customTargets = doc.customTargets.filter((t) => t.id !== id)
      set({
        doc: { ...doc, customTargets, targets: doc.targets.filter((t) => t !== id) },
        revision: revision + 1,
      })
    },
  })

export const selectDoc = (s: DocumentSlice): ProjectDoc => s.doc
export const selectGraph = (s: DocumentSlice): Graph => s.doc.graph
export const selectLibraryId = (s: DocumentSlice): string => s.doc.library
export const selectRounding = (s: DocumentSlice): 'double' | 'single' => s.doc.rounding ?? 'double'
export const selectTargetIds = (s: DocumentSlice): readonly string[] => s.doc.targets
const NO_CUSTOM_TARGETS: readonly CustomTargetSpec[] = []
export const selectCustomTargets = (s: DocumentSlice): readonly CustomTargetSpec[] => s.doc.customTargets ?? NO_CUSTOM_TARGETS
export const selectProjectName = (s: DocumentSlice): string => s.doc.name
export const selectCanUndo = (s: DocumentSlice): boolean => s.past.length > 0
export const selectCanRedo = (s: DocumentSlice): boolean => s.future.length > 0
export const selectUndoLabel = (s: DocumentSlice): string | undefined => s.past[s.past.length - 1]?.label
export const selectRedoLabel = (s: DocumentSlice): string | undefined => s.future[s.future.length - 1]?.label
