/**
 * Explore slice: the Explore tab's choices — which family (a shipped id, or a family loaded from a file), the score
 * the fronts rank by (a proxy, or measured accuracies loaded from a file), the cost on the chart's x axis, the constraints, the board shown and the variant picked. UI
 * state only: the variants and fronts are the explore job's result (jobs slice).
 */
import type { StateCreator } from 'zustand/vanilla'
import type { AccuraciesFile } from '../core/pipelines/explore/accuracies.ts'
import type { Constraints, Cost, Score } from '../core/pipelines/explore/explore.ts'
import type { Family } from '../core/pipelines/explore/family.ts'
import type { ProxyName } from '../core/pipelines/explore/proxy-check.ts'
import type { EditorState } from './editor-store.ts'

export interface ExploreSettings {
  familyId: string
  /** A family read from a file (its id is then `familyId`). */
  customFamily: Family | null
  score: Score
  /** Measured accuracies read from a file (`tinyforge extract --accuracies`), for the family they name. */
  accuracies: AccuraciesFile | null
  cost: Cost
  constraints: Constraints
  /** Board whose chart shows; undefined = the first compared board. */
  boardId: string | undefined
  /** The picked variant (index into the result's variants). */
  picked: number | null
  /** One line when a family or accuracies file could not be read. */
  fileError: string | null
  /** What the middle of the tab shows: the explored variants or the proxy check. */
  view: 'variants' | 'proxies'
  proxyCheck: ProxyCheckSettings
}

/** The proxy check's choices (its data is the Train tab's choice). */
export interface ProxyCheckSettings {
  /** Variants to train. */
  count: number
  /** Only variants up to this many MACs (null: no bound). */
  maxMacs: number | null
  /** Keep the first N training samples (null: all). */
  maxSamples: number | null
  epochs: number
  qatEpochs: number
  /** The proxy on the scatter chart's x axis. */
  shown: ProxyName
}

export interface ExploreSlice {
  explore: ExploreSettings
  setExplore(patch: Partial<ExploreSettings>): void
}

export const DEFAULT_EXPLORE: ExploreSettings = {
  familyId: 'mobilenet-v1', customFamily: null, score: 'macs', accuracies: null, cost: 'latencyMs', constraints: {}, boardId: undefined, picked: null,
  fileError: null, view: 'variants',
  proxyCheck: { count: 8, maxMacs: 2_000_000, maxSamples: 6000, epochs: 2, qatEpochs: 1, shown: 'params' },
}

export const createExploreSlice: StateCreator<EditorState, [], [], ExploreSlice> = (set, get) => ({
  explore: DEFAULT_EXPLORE,
  setExplore(patch) {
    set({ explore: { ...get().explore, ...patch } })
  },
})

export const selectExplore = (s: ExploreSlice): ExploreSettings => s.explore
