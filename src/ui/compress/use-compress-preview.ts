/**
 * The Compress tab's preview of its settings on the open design (core/pipelines/compress/compress-plan.ts): derived,
 * never stored — recomputed only when the graph, the library, the settings, the compared targets, the focused target
 * or the kernels change. A method that refuses the graph gives its one-line reason instead.
 */
import type { KernelRuntime } from '../../core/estimate/kernel-runtime.ts'
import type { Graph } from '../../core/ir/types.ts'
import type { CompressPreview, CompressSettings } from '../../core/pipelines/compress/compress-plan.ts'
import { compressPreview, isCompressError } from '../../core/pipelines/compress/compress-plan.ts'
import type { Target } from '../../core/targets/types.ts'
import { selectCompress } from '../../store/compress-slice.ts'
import { selectFocusTargetId } from '../../store/dock-slice.ts'
import { selectGraph, selectLibraryId } from '../../store/document-slice.ts'
import { resolveLibrary } from '../../store/editor-commands.ts'
import { selectKernelRuntime } from '../../store/kernel-runtime-slice.ts'
import { useEditor } from '../hooks/use-editor.ts'
import { useTargets } from '../hooks/use-targets.ts'

export type PreviewState = { preview: CompressPreview; error: null; focus: number } | { preview: null; error: string; focus: number }

let memo: { key: unknown[]; state: PreviewState } | undefined

export function previewOf(graph: Graph, libraryId: string, settings: CompressSettings, targets: readonly Target[], focus: number,
  runtime: KernelRuntime): PreviewState {
  const key = [graph, libraryId, settings, targets, focus, runtime]
  if (memo && memo.key.every((k, i) => k === key[i])) return memo.state
  let state: PreviewState
  try {
    state = { preview: compressPreview(graph, resolveLibrary(libraryId), settings, targets, { focus, runtime }), error: null, focus }
  } catch (err) {
    if (!isCompressError(err)) throw err
    state = { preview: null, error: err.message, focus }
  }
  memo = { key, state }
  return state
}

export function useCompressPreview(): PreviewState & { targets: readonly Target[] } {
  const graph = useEditor(selectGraph)
  const libraryId = useEditor(selectLibraryId)
  const settings = useEditor(selectCompress)
  const runtime = useEditor(selectKernelRuntime)
  const focusId = useEditor(selectFocusTargetId)
  const { targets } = useTargets()
  const focus = Math.max(0, targets.findIndex((t) => t.id === focusId))
  return { ...previewOf(graph, libraryId, settings, targets, focus, runtime), targets }
}
