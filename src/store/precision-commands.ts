/**
 * Per-layer weight precision from the UI (inspector, Quantization tab): sets layers to int4 packed weights or back to
 * int8 as ONE undoable edit (core/pipelines/precision/weight-precision.ts). Float layers record the choice (the next
 * quantization run honours it); int8 layers are requantized from their int8 values at once. A refusal returns its
 * one-line reason and leaves the document as it is.
 */
import type { WeightPrecision } from '../core/ir/types.ts'
import { PrecisionError, setWeightPrecision } from '../core/pipelines/precision/weight-precision.ts'
import { resolveLibrary } from './editor-commands.ts'
import type { EditorStore } from './editor-store.ts'

/** Applies the precision to the nodes; null, or the one-line reason nothing changed. */
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
