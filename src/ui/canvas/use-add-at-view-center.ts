/**
 * Adds an operator node near the centre of the visible canvas (keyboard and double-click adds), moved
 * right to the first spot where it does not cover another card.
 */
import { useStoreApi } from '@xyflow/react'
import { useCallback } from 'react'
import { addOpNode } from '../../store/editor-commands.ts'
import { editorStore } from '../../store/editor-store.ts'
import { CARD_WIDTH, snap } from './palette-drag.ts'
import { freeSpot } from './viewport.ts'

export function useAddAtViewCenter(): (type: string) => void {
  const flow = useStoreApi()
  return useCallback((type: string) => {
    const { width, height, transform } = flow.getState()
    const [tx, ty, zoom] = transform
    const start = { x: snap((width / 2 - tx) / zoom - CARD_WIDTH / 2), y: snap((height / 3 - ty) / zoom) }
    const taken = editorStore.getState().doc.graph.nodes.map((n) => n.position)
    addOpNode(editorStore, type, freeSpot(start, taken))
  }, [flow])
}
