/**
 * The estimate (flash, RAM, latency, energy per compared target; per-layer figures; the arena plan) of the
 * current graph with the chosen kernel runtime (kernel-runtime-slice.ts). Derived, never stored: recomputed only when
 * the graph, the library, the compared targets (by identity) or the runtime change, reusing the shared analysis. The estimator is pure and measured at a few
 * milliseconds for VWW × 18 boards, so it runs on the main thread; `elapsedMs` reports each run's time.
 * It never throws into the UI: an unexpected failure becomes `error` and the panels say so.
 */
import { estimate } from '../../core/estimate/estimate.ts'
import type { KernelRuntime } from '../../core/estimate/kernel-runtime.ts'
import { defaultKernelRuntime } from '../../core/estimate/kernel-runtime.ts'
import type { EstimateReport } from '../../core/estimate/report-types.ts'
import type { Graph } from '../../core/ir/types.ts'
import type { Target } from '../../core/targets/types.ts'
import { selectGraph, selectLibraryId } from '../../store/document-slice.ts'
import { resolveLibrary } from '../../store/editor-commands.ts'
import { selectKernelRuntime } from '../../store/kernel-runtime-slice.ts'
import { analysisOf } from './use-analysis.ts'
import { useEditor } from './use-editor.ts'
import { useTargets } from './use-targets.ts'

export interface EstimateState {
  report: EstimateReport | null
  /** One line, when the estimator failed unexpectedly. */
  error: string | null
  /** Milliseconds the estimator took for this graph (analysis excluded; it is shared with the canvas). */
  elapsedMs: number
}

let memo: { graph: Graph; libraryId: string; targets: readonly Target[]; runtime: KernelRuntime; state: EstimateState } | undefined

/** `runtime` defaults to the library's own (defaultKernelRuntime). */
export function estimateOf(graph: Graph, libraryId: string, targets: readonly Target[], runtime?: KernelRuntime): EstimateState {
  const library = resolveLibrary(libraryId)
  const kernels = runtime ?? defaultKernelRuntime(library.scheme)
  if (memo && memo.graph === graph && memo.libraryId === libraryId && memo.targets === targets && memo.runtime === kernels) {
    return memo.state
  }
  const analysis = analysisOf(graph, libraryId)
  const started = performance.now()
  let state: EstimateState
  try {
    const report = estimate(graph, library, targets, { analysis, runtime: kernels })
    state = { report, error: null, elapsedMs: performance.now() - started }
  } catch (err) {
    const text = err instanceof Error ? err.message : String(err)
    state = { report: null, error: text.split('\n')[0] || 'unknown error', elapsedMs: performance.now() - started }
  }
  memo = { graph, libraryId, targets, runtime: kernels, state }
  return state
}

export function useEstimate(): EstimateState {
  const graph = useEditor(selectGraph)
  const libraryId = useEditor(selectLibraryId)
  const runtime = useEditor(selectKernelRuntime)
  const { targets } = useTargets()
  return estimateOf(graph, libraryId, targets, runtime)
}
