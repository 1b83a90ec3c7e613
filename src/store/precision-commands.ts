/**
 * Per-layer activation precision: keep a layer at int16 (TFLite 16x8, the library's `_s16` kernel) or back at int8, as one
 * undoable edit that also inserts / removes the Quantize nodes at its int8 boundaries (core/analysis/precision-changes.ts).
 */
import { precisionChanges } from '../core/analysis/precision-changes.ts'
import type { EditorStore } from './editor-store.ts'

export function setNodePrecision(store: EditorStore, nodeId: string, precision: 'int16' | undefined): void {
  const s = store.getState()
  const node = s.doc.graph.nodes.find((n) => n.id === nodeId)
  if (!node || (node.precision ?? undefined) === precision) return
  const changes = precisionChanges(s.doc.graph, nodeId, precision)
  if (changes.length === 0) return
  s.applyEdit(changes, `${node.name}: activations ${precision ?? 'int8'}`)
}
