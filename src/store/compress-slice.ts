/**
 * Compress slice: the Compress tab's choices — the method with its global knob and per-layer overrides
 * (core/pipelines/compress/compress-plan.ts CompressSettings) and the target whose per-layer latency the table shows.
 * UI state only: the preview is derived on render, the sensitivity scan is the 'compress-scan' job's result.
 */
import type { StateCreator } from 'zustand/vanilla'
import type { CompressSettings } from '../core/pipelines/compress/compress-plan.ts'
import { DEFAULT_COMPRESS } from '../core/pipelines/compress/compress-plan.ts'
import type { EditorState } from './editor-store.ts'

export interface CompressSlice {
  compress: CompressSettings
  /** Patches the settings; a new method clears the per-layer overrides (their knob differs). */
  setCompress(patch: Partial<CompressSettings>): void
  /** Sets (or, with undefined, clears) one layer's override. */
  setCompressLayer(nodeId: string, value: number | undefined): void
}

export const createCompressSlice: StateCreator<EditorState, [], [], CompressSlice> = (set, get) => ({
  compress: DEFAULT_COMPRESS,
  setCompress(patch) {
    const current = get().compress
    const perLayer = patch.method !== undefined && patch.method !== current.method ? {} : patch.perLayer ?? current.perLayer
    set({ compress: { ...current, ...patch, perLayer } })
  },
  setCompressLayer(nodeId, value) {
    const current = get().compress
    const perLayer = { ...current.perLayer }
    if (value === undefined) delete perLayer[nodeId]
    else perLayer[nodeId] = value
    set({ compress: { ...current, perLayer } })
  },
})

export const selectCompress = (s: CompressSlice): CompressSettings => s.compress
