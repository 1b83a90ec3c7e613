/**
 * Selection slice: which nodes and edges are selected on the canvas. Ids that no longer exist in the
 * graph (after an undo, delete or load) are dropped by `pruneSelection`, so readers never see stale ids.
 */
import type { StateCreator } from 'zustand/vanilla'
import type { Graph } from '../core/ir/types.ts'
import type { EditorState } from './editor-store.ts'

export interface SelectionSlice {
  selectedNodes: readonly string[]
  selectedEdges: readonly string[]
  select(nodes: readonly string[], edges?: readonly string[]): void
  /** Adds (`selected` true) or removes ids, keeping the rest of the selection. */
  setSelected(kind: 'node' | 'edge', ids: readonly string[], selected: boolean): void
  clearSelection(): void
  pruneSelection(graph: Graph): void
}

const NONE: readonly string[] = []

export const createSelectionSlice: StateCreator<EditorState, [], [], SelectionSlice> = (set, get) => ({
  selectedNodes: NONE,
  selectedEdges: NONE,
  select(nodes, edges = NONE) {
    set({ selectedNodes: dedupe(nodes), selectedEdges: dedupe(edges) })
  },
  setSelected(kind, ids, selected) {
    const key = kind === 'node' ? 'selectedNodes' : 'selectedEdges'
    const current = get()[key]
    const next = selected ? dedupe([...current, ...ids]) : current.filter((id) => !ids.includes(id))
    if (next.length === current.length && next.every((id, i) => id === current[i])) return
    set({ [key]: next } as Pick<SelectionSlice, typeof key>)
  },
  clearSelection() {
    if (get().selectedNodes.length === 0 && get().selectedEdges.length === 0) return
    set({ selectedNodes: NONE, selectedEdges: NONE })
  },
  pruneSelection(graph) {
    const nodeIds = new Set(graph.nodes.map((n) => n.id))
    const edgeIds = new Set(graph.edges.map((e) => e.id))
    const { selectedNodes, selectedEdges } = get()
    const nodes = selectedNodes.filter((id) => nodeIds.has(id))
    const edges = selectedEdges.filter((id) => edgeIds.has(id))
    if (nodes.length !== selectedNodes.length || edges.length !== selectedEdges.length) {
      set({ selectedNodes: nodes, selectedEdges: edges })
    }
  },
})

function dedupe(ids: readonly string[]): readonly string[] {
  return ids.length === 0 ? NONE : [...new Set(ids)]
}

export const selectSelectedNodes = (s: SelectionSlice): readonly string[] => s.selectedNodes
export const selectSelectedEdges = (s: SelectionSlice): readonly string[] => s.selectedEdges
/** The inspected node: the single selected node, if exactly one is selected. */
export const selectInspectedNodeId = (s: SelectionSlice): string | undefined =>
  s.selectedNodes.length === 1 ? s.selectedNodes[0] : undefined
