/**
 * Explore slice: the Explore tab's choices — which family (a shipped id, or a family loaded from a file), the score
 * the fronts rank by, the cost on the chart's x axis, the constraints, the board shown and the variant picked. UI
 * state only: the variants and fronts are the explore job's result (jobs slice).
 */
import type { StateCreator } from 'zustand/vanilla'
import type { Constraints, Cost, ProxyScore } from '../core/pipelines/explore/explore.ts'
import type { Family } from '../core/pipelines/explore/family.ts'
import type { EditorState } from './editor-store.ts'

export interface ExploreSettings {
  familyId: string
  /** A family read from a file (its id is then `familyId`). */
  customFamily: Family | null
  score: ProxyScore
  cost: Cost
  constraints: Constraints
  /** Board whose chart shows; undefined = the first compared board. */
  boardId: string | undefined
  /** The picked variant (index into the result's variants). */
  picked: number | null
  /** One line when a family file could not be read. */
  fileError: string | null
}

export interface ExploreSlice {
  explore: ExploreSettings
  setExplore(patch: Partial<ExploreSettings>): void
}

export const DEFAULT_EXPLORE: ExploreSettings = {
  familyId: 'mobilenet-v1', customFamily: null, score: 'macs', cost: 'latencyMs', constraints: {}, boardId: undefined, picked: null,
  fileError: null,
}

export const createExploreSlice: StateCreator<EditorState, [], [], ExploreSlice> = (set, get) => ({
  explore: DEFAULT_EXPLORE,
  setExplore(patch) {
    set({ explore: { ...get().explore, ...patch } })
  },
})

export const selectExplore = (s: ExploreSlice): ExploreSettings => s.explore
