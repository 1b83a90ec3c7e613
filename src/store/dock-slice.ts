/**
 * Dock slice: the bottom panel under the canvas — which tab shows, whether it is open, and the view
 * choices inside it (the target of the per-layer table, the comparison's sort). UI state only: the
 * figures it shows are derived from the document on render.
 */
import type { StateCreator } from 'zustand/vanilla'
import type { EditorState } from './editor-store.ts'

export type DockTab = 'targets' | 'layers' | 'memory' | 'split' | 'exits' | 'train' | 'cut' | 'quantize' | 'compress' | 'explore'
  | 'import'

export type TargetSortColumn = 'name' | 'flash' | 'ram' | 'latency' | 'energy' | 'fits'

export interface TargetSort {
  column: TargetSortColumn
  direction: 'ascending' | 'descending'
}

export interface DockSlice {
  dockTab: DockTab
  dockOpen: boolean
  /** Target whose per-layer figures and memory plan are shown; undefined = the first compared target. */
  focusTargetId: string | undefined
  targetSort: TargetSort | null
  showDockTab(tab: DockTab): void
  setDockOpen(open: boolean): void
  setFocusTarget(id: string | undefined): void
  /** Sorts by `column`; the same column again flips the direction. */
  sortTargetsBy(column: TargetSortColumn): void
}

export const createDockSlice: StateCreator<EditorState, [], [], DockSlice> = (set, get) => ({
  dockTab: 'targets',
  dockOpen: true,
  focusTargetId: undefined,
  targetSort: null,
  showDockTab(tab) {
    set({ dockTab: tab, dockOpen: true })
  },
  setDockOpen(open) {
    set({ dockOpen: open })
  },
  setFocusTarget(id) {
    set({ focusTargetId: id })
  },
  sortTargetsBy(column) {
    const current = get().targetSort
    const direction = current?.column === column && current.direction === 'ascending' ? 'descending' : 'ascending'
    set({ targetSort: { column, direction } })
  },
})

export const selectDockTab = (s: DockSlice): DockTab => s.dockTab
export const selectDockOpen = (s: DockSlice): boolean => s.dockOpen
export const selectFocusTargetId = (s: DockSlice): string | undefined => s.focusTargetId
export const selectTargetSort = (s: DockSlice): TargetSort | null => s.targetSort
