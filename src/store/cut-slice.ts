/**
 * Cut-training slice: the Cut-training panel's plan — the cut points (node ids, each with its head template), the
 * trainer device of each block, the epoch size and batch the estimates assume. UI state only: the blocks, estimates
 * and the simulated timeline are derived on render (ui/hooks/use-cut-plan.ts). A cut that no longer names a node is
 * reported by the panel, not dropped.
 */
import type { StateCreator } from 'zustand/vanilla'
import type { CutPoint } from '../core/formats/cut/cut-layout.ts'
import type { HeadTemplate } from '../core/formats/cut/heads.ts'
import type { EditorState } from './editor-store.ts'

export interface CutChoices {
  cuts: CutPoint[]
  /** Trainer id per block (missing entries: DEFAULT_TRAINER). */
  devices: string[]
  /** Head template of new cuts. */
  head: HeadTemplate
  /** Blocks the balancer aims for. */
  blocks: number
  samples: number
  batch: number
}

export const DEFAULT_TRAINER = 'dev-1core'

export const DEFAULT_CUT: CutChoices = { cuts: [], devices: [], head: 'gap-fc', blocks: 3, samples: 54_000, batch: 64 }

export interface CutSlice {
  cut: CutChoices
  setCut(patch: Partial<CutChoices>): void
  /** Adds a cut after `node` (with the current head template) or removes the one there. */
  toggleCutAfter(node: string): void
  setCutHead(node: string, head: HeadTemplate): void
  setBlockDevice(block: number, trainer: string): void
}

export const createCutSlice: StateCreator<EditorState, [], [], CutSlice> = (set, get) => ({
  cut: DEFAULT_CUT,
  setCut(patch) {
    set({ cut: { ...get().cut, ...patch } })
  },
  toggleCutAfter(node) {
    const c = get().cut
    const cuts = c.cuts.some((x) => x.after === node) ? c.cuts.filter((x) => x.after !== node) : [...c.cuts, { after: node, head: c.head }]
    set({ cut: { ...c, cuts } })
  },
  setCutHead(node, head) {
    const c = get().cut
    set({ cut: { ...c, cuts: c.cuts.map((x) => (x.after === node ? { ...x, head } : x)) } })
  },
  setBlockDevice(block, trainer) {
    const c = get().cut
    const devices = [...c.devices]
    while (devices.length <= block) devices.push(DEFAULT_TRAINER)
    devices[block] = trainer
    set({ cut: { ...c, devices } })
  },
})

export const selectCut = (s: CutSlice): CutChoices => s.cut
