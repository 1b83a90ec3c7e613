/**
 * Exits slice: the Exits tab's choices — the accuracy loss allowed when calibrating, and the placement explorer's
 * head template, target and assumed exit rate. UI state only: the measured report is the exits job's result.
 */
import type { StateCreator } from 'zustand/vanilla'
import type { ExitHeadId } from '../core/templates/exit-heads.ts'
import type { EditorState } from './editor-store.ts'

export interface ExitsSettings {
  /** Accuracy loss allowed by calibration, in percentage points. */
  maxLossPct: number
  head: ExitHeadId
  /** Placement explorer target; undefined = the first compared target. */
  targetId: string | undefined
  /** Exit rate assumed at every position of the placement explorer (0..1). */
  rate: number
}

export interface ExitsSlice {
  exits: ExitsSettings
  setExits(patch: Partial<ExitsSettings>): void
}

export const DEFAULT_EXITS: ExitsSettings = { maxLossPct: 1, head: 'conv-gap-fc', targetId: undefined, rate: 0.3 }

export const createExitsSlice: StateCreator<EditorState, [], [], ExitsSlice> = (set, get) => ({
  exits: DEFAULT_EXITS,
  setExits(patch) {
    set({ exits: { ...get().exits, ...patch } })
  },
})

export const selectExits = (s: ExitsSlice): ExitsSettings => s.exits
