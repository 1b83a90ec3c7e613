/**
 * Compress commands: apply the Compress tab's settings to the document as ONE undoable edit (updateNode of every layer
 * the method changed: structured pruning's attrs and weights, clustering's and magnitude pruning's weights), and run or
 * cancel the sensitivity scan (the 'compress-scan' job). A method that refuses the graph returns its one-line reason
 * and leaves the document as it is.
 */
import { projectRounding } from '../core/ir/project.ts'
import type { KernelRuntime } from '../core/estimate/kernel-runtime.ts'
import { applyCompression, compressionChanges, isCompressError } from '../core/pipelines/compress/compress-plan.ts'
import type { Target } from '../core/targets/types.ts'
import type { JobRunner } from '../workers/jobs.ts'
import { resolveLibrary } from './editor-commands.ts'
import type { EditorStore } from './editor-store.ts'
import { cancelJob, startJob } from './job-commands.ts'

const LABELS = { 'prune-channels': 'Prune channels', cluster: 'Cluster weights', 'prune-weights': 'Prune weights' } as const

/** Applies the settings as one undo step; returns null, or the one-line reason nothing changed. */
export function applyCompress(store: EditorStore): string | null {
  const s = store.getState()
  const library = resolveLibrary(s.doc.library)
  let after
  try {
    after = applyCompression(s.doc.graph, library, s.compress).graph
  } catch (err) {
    if (isCompressError(err)) return err.message
    throw err
  }
  const changes = compressionChanges(s.doc.graph, after)
  if (changes.length === 0) return 'nothing to change at these settings'
  s.applyEdit(changes, LABELS[s.compress.method])
  s.setCompress({ perLayer: {} })
  return null
}

export function startCompressScan(store: EditorStore, runner: JobRunner, target: Target, runtime?: KernelRuntime): void {
  const s = store.getState()
  startJob(store, runner, 'compress-scan', { graph: s.doc.graph, libraryId: s.doc.library, settings: s.compress, target, runtime,
    rounding: projectRounding(s.doc) },
    { progress: { done: 0, total: 1, label: 'Starting' } })
}

export function cancelCompressScan(store: EditorStore): void {
  cancelJob(store, 'compress-scan')
}
