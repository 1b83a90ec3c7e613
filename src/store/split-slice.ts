/**
 * Split slice: the Split panel's choices — which compared targets, links and tiers it prices, custom links and tiers
 * added in the panel (this session only; the CLI reads them from files), the live-tensor policy, the combination the
 * chart shows, the bandwidth slider and the cut picked for export. UI state only: the analysis is derived on render.
 */
import type { StateCreator } from 'zustand/vanilla'
import type { LivePolicy } from '../core/formats/split/cuts.ts'
import type { Link, Tier } from '../core/targets/remote-types.ts'
import type { EditorState } from './editor-store.ts'

export interface SplitChoices {
  /** Compared targets priced; null = the first three of the project's compared targets. */
  targetIds: string[] | null
  linkIds: string[]
  tierIds: string[]
  customLinks: Link[]
  customTiers: Tier[]
  policy: LivePolicy
  /** The combination the chart shows; null = the first. */
  focus: { target: string; link: string; tier: string } | null
  /** The slider's bandwidth (bit/s) for the focused link; null = the link's own. */
  bandwidthBps: number | null
  /** The cut chosen for export; null = the latency-best cut of the focused combination. */
  cut: number | null
}

export const DEFAULT_SPLIT: SplitChoices = {
  targetIds: null, linkIds: ['ble-2m', 'wifi-esp32', 'lte-m'], tierIds: ['rpi4-cpu', 'cloud-cpu'], customLinks: [], customTiers: [],
  policy: 'single', focus: null, bandwidthBps: null, cut: null,
}

export interface SplitSlice {
  split: SplitChoices
  setSplit(patch: Partial<SplitChoices>): void
  /** Adds or removes an id of targetIds / linkIds / tierIds (targetIds starts from `current` when still the default). */
  toggleSplitItem(list: 'targetIds' | 'linkIds' | 'tierIds', id: string, current: readonly string[]): void
}

export const createSplitSlice: StateCreator<EditorState, [], [], SplitSlice> = (set, get) => ({
  split: DEFAULT_SPLIT,
  setSplit(patch) {
    set({ split: { ...get().split, ...patch } })
  },
  toggleSplitItem(list, id, current) {
    const ids = [...(get().split[list] ?? current)]
    const next = ids.includes(id) ? ids.filter((x) => x !== id) : [...ids, id]
    set({ split: { ...get().split, [list]: next, bandwidthBps: list === 'linkIds' ? null : get().split.bandwidthBps } })
  },
})

export const selectSplit = (s: SplitSlice): SplitChoices => s.split
