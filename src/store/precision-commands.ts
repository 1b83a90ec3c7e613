/**
 * Per-layer precision from the UI (inspector, Quantization tab), each change ONE undoable edit:
 * - activations: keep a layer at int16 (TFLite 16x8, the library's `_s16` kernel) or back at int8; the edit also inserts /
 *   removes the Quantize nodes at its int8 boundaries (core/analysis/precision-changes.ts);
 * - weights: int4 packed weights or back to int8 (core/pipelines/precision/weight-precision.ts). Float layers record
 *   the choice (the next quantization run honours it); int8 layers are requantized from their int8 values at once. A
 *   refusal returns its one-line reason and leaves the document as it is.
 */
import { precisionChanges } from '../core/analysis/precision-changes.ts'
import type { WeightPrecision } from '../core/ir/types.ts'
import { PrecisionError, setWeightPrecision } from '../core/pipelines/precision/weight-precision.ts'
import { resolveLibrary } from './editor-commands.ts'
import type { EditorStore } from './editor-store.ts'

export function setActivationPrecision(store: EditorStore, nodeId: string, precision: 'int16' | undefined): void {
  const s = store.getState()
  const node = s.doc.graph.nodes.find((n) => n.id === nodeId)
  if (!node || (node.activations ?? undefined) === precision) return
  const changes = precisionChanges(s.doc.graph, nodeId, precision)
  if (changes.length === 0) return
  s.applyEdit(changes, `${node.name}: activations ${precision ?? 'int8'}`)
}

/** Applies the weight precision to the nodes; null, or the one-line reason nothing changed. */
export function setLayerPrecision(store: EditorStore, nodeIds: readonly string[], precision: WeightPrecision): string | null {
  const s = store.getState()
  let result
  try {
    result = setWeightPrecision(s.doc.graph, resolveLibrary(s.doc.library), nodeIds, precision)
  } catch (err) {
    if (err instanceof PrecisionError) return err.message
    throw err
  }
  if (result.changes.length > 0) s.applyEdit(result.changes, precision === 'int4' ? 'Weights int4' : 'Weights int8')
  return null
}
