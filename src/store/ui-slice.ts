/**
 * UI slice: transient editor state that is not part of the document — the notice banner, positions of
 * nodes while a drag is in progress (committed to the document as one edit at drag stop), the internal
 * clipboard, dialogs, and whether the last project has been restored yet.
 */
import type { StateCreator } from 'zustand/vanilla'
import type { Edge, GraphNode, Position } from '../core/ir/types.ts'
import type { EditorState } from './editor-store.ts'

/** 'refusal': a connection the graph rejected; 'error': a file or storage failure; 'info': feedback. */
export type NoticeKind = 'refusal' | 'error' | 'info'

export interface Notice {
  kind: NoticeKind
  text: string
  /** Distinguishes two notices with the same text, so each one restarts its timer. */
  serial: number
}

export interface Clipboard {
  nodes: readonly GraphNode[]
  edges: readonly Edge[]
}

export interface UiSlice {
  notice: Notice | null
  dragPositions: Readonly<Record<string, Position>>
  clipboard: Clipboard | null
  /** How many times the current clipboard has been pasted (each paste is offset further). */
  pasteCount: number
  templateDialogOpen: boolean
  /** False until the last project was restored (autosave must not overwrite it before then). */
  restored: boolean
  /** Increases when the canvas should frame the graph legibly (after open, new, restore, auto-layout). */
  fitViewSerial: number
  showNotice(kind: NoticeKind, text: string): void
  dismissNotice(): void
  setDragPositions(positions: Readonly<Record<string, Position>>): void
  clearDragPositions(): void
  setClipboard(clipboard: Clipboard | null): void
  notePaste(): number
  setTemplateDialogOpen(open: boolean): void
  markRestored(): void
  requestFitView(): void
}

export const createUiSlice: StateCreator<EditorState, [], [], UiSlice> = (set, get) => ({
  notice: null,
  dragPositions: {},
  clipboard: null,
  pasteCount: 0,
  templateDialogOpen: false,
  restored: false,
  fitViewSerial: 0,
  showNotice(kind, text) {
    set({ notice: { kind, text, serial: (get().notice?.serial ?? 0) + 1 } })
  },
  dismissNotice() {
    if (get().notice) set({ notice: null })
  },
  setDragPositions(positions) {
    set({ dragPositions: { ...get().dragPositions, ...positions } })
  },
  clearDragPositions() {
    if (Object.keys(get().dragPositions).length > 0) set({ dragPositions: {} })
  },
  setClipboard(clipboard) {
    set({ clipboard, pasteCount: 0 })
  },
  notePaste() {
    const count = get().pasteCount + 1
    set({ pasteCount: count })
    return count
  },
  setTemplateDialogOpen(open) {
    set({ templateDialogOpen: open })
  },
  markRestored() {
    set({ restored: true })
  },
  requestFitView() {
    set({ fitViewSerial: get().fitViewSerial + 1 })
  },
})

export const selectNotice = (s: UiSlice): Notice | null => s.notice
export const selectDragPositions = (s: UiSlice): Readonly<Record<string, Position>> => s.dragPositions
export const selectTemplateDialogOpen = (s: UiSlice): boolean => s.templateDialogOpen
export const selectRestored = (s: UiSlice): boolean => s.restored
export const selectFitViewSerial = (s: UiSlice): number => s.fitViewSerial
export const selectHasClipboard = (s: UiSlice): boolean => s.clipboard !== null
