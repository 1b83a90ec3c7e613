/**
 * Jobs slice: background work started from the UI — today the quantize & validate job. Its status moves
 * idle → running (with progress) → done | failed | cancelled; a new run may start from any state but running.
 * `result` is the last successful run's outcome (kept when a later run fails or is cancelled): the result of an
 * action, not derivable from the document, like the import report. Its graphs are references, never edited.
 */
import type { StateCreator } from 'zustand/vanilla'
import type { Graph } from '../core/ir/types.ts'
import type { JobProgress, QuantizeJobResult } from '../workers/quantize-protocol.ts'
import type { EditorState } from './editor-store.ts'

export type JobStatus = 'idle' | 'running' | 'done' | 'failed' | 'cancelled'

/** Where the float reference of a run came from. */
export type FloatSourceKind = 'float' | 'last-run' | 'dequantized'

export interface QuantizeOutcome extends QuantizeJobResult {
  /** The float graph that was quantized and validated against. */
  source: Graph
  sourceKind: FloatSourceKind
  /** The document graph the run produced (what "same network" checks compare against); also `graph`. */
  applied: Graph
}

export interface QuantizeJobState {
  status: JobStatus
  progress: JobProgress | null
  /** One line, when the last run failed. */
  error: string | null
  result: QuantizeOutcome | null
}

export const IDLE_QUANTIZE_JOB: QuantizeJobState = { status: 'idle', progress: null, error: null, result: null }

export interface JobsSlice {
  quantizeJob: QuantizeJobState
  setQuantizeJob(patch: Partial<QuantizeJobState>): void
}

export const createJobsSlice: StateCreator<EditorState, [], [], JobsSlice> = (set, get) => ({
  quantizeJob: IDLE_QUANTIZE_JOB,
  setQuantizeJob(patch) {
    set({ quantizeJob: { ...get().quantizeJob, ...patch } })
  },
})

export const selectQuantizeJob = (s: JobsSlice): QuantizeJobState => s.quantizeJob
export const selectQuantizeStatus = (s: JobsSlice): JobStatus => s.quantizeJob.status
export const selectQuantizeResult = (s: JobsSlice): QuantizeOutcome | null => s.quantizeJob.result
