/**
 * Selects nodes and brings them into view on the canvas — what clicking a row of a dock table does.
 * Ids that are no longer in the graph are ignored; nothing happens when none is left.
 */
import { useReactFlow } from '@xyflow/react'
import { useCallback } from 'react'
import { editorStore } from '../../store/editor-store.ts'

export function useFocusNodes(): (ids: readonly string[]) => void {
  const { fitView } = useReactFlow()
  return useCallback((ids: readonly string[]) => {
    const present = new Set(editorStore.getState().doc.graph.nodes.map((n) => n.id))
    const existing = ids.filter((id) => present.has(id))
    if (existing.length === 0) return
    editorStore.getState().select(existing)
    void fitView({ nodes: existing.map((id) => ({ id })), maxZoom: 1.1, minZoom: 0.5, duration: 200 })
  }, [fitView])
}
