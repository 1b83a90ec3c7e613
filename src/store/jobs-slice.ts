/**
 * Jobs slice: background work started from the UI (workers/jobs.ts), tracked by kind — one entry per job kind, with the
 * id of its latest run. Status moves idle → running (with progress) → done | failed | cancelled (job-commands.ts
 * starts, supersedes and cancels runs). `result` is the last successful run's outcome, kept while a later run runs,
 * fails or is cancelled: the result of an action, like the import report (the quantization), or work too heavy to
 * derive on render (the C package, computed in a worker from the document and the export settings — export-commands.ts
 * knows which inputs it belongs to). Never saved with the project; graphs in it are references, never edited. An entry
 * appears with its kind's first run (jobOf gives IDLE_JOB before).
 */
import type { StateCreator } from 'zustand/vanilla'
import type { Graph } from '../core/ir/types.ts'
import type { JobProgress } from '../workers/job-protocol.ts'
import type { JobKind, JobResult } from '../workers/jobs.ts'
import type { QuantizeJobResult } from '../workers/quantize-protocol.ts'
import type { EditorState } from './editor-store.ts'
import type { CPackageBuild } from './export-commands.ts'

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

/** Kinds whose kept outcome is not the job's result as it comes back (any other kind keeps its JobResult). */
interface OutcomeOf {
  quantize: QuantizeOutcome
  'c-package': CPackageBuild
}

export type JobOutcome<K extends JobKind> = K extends keyof OutcomeOf ? OutcomeOf[K] : JobResult<K>

export interface JobEntry<R> {
  /** The latest run (0: none yet). */
  id: number
  status: JobStatus
  progress: JobProgress | null
  /** One line, when the latest run failed. */
  error: string | null
  result: R | null
}

export type JobEntries = { [K in JobKind]?: JobEntry<JobOutcome<K>> }

export const IDLE_JOB: JobEntry<never> = { id: 0, status: 'idle', progress: null, error: null, result: null }

export interface JobsSlice {
  jobs: JobEntries
  patchJob<K extends JobKind>(kind: K, patch: Partial<JobEntry<JobOutcome<K>>>): void
}

export const createJobsSlice: StateCreator<EditorState, [], [], JobsSlice> = (set, get) => ({
  jobs: {},
  patchJob(kind, patch) {
    const jobs = get().jobs
    set({ jobs: { ...jobs, [kind]: { ...(jobs[kind] ?? IDLE_JOB), ...patch } } })
  },
})

/** The entry of `kind` (IDLE_JOB before its first run). */
export function jobOf<K extends JobKind>(s: JobsSlice, kind: K): JobEntry<JobOutcome<K>> {
  return (s.jobs[kind] as JobEntry<JobOutcome<K>> | undefined) ?? IDLE_JOB
}

/** Progress as a fraction 0..1 (0 without progress). */
export function progressFraction(progress: JobProgress | null): number {
  return progress && progress.total > 0 ? Math.min(1, Math.max(0, progress.done / progress.total)) : 0
}

export type QuantizeJobState = JobEntry<QuantizeOutcome>

export const selectQuantizeJob = (s: JobsSlice): QuantizeJobState => jobOf(s, 'quantize')
export const selectQuantizeStatus = (s: JobsSlice): JobStatus => jobOf(s, 'quantize').status
export const selectQuantizeResult = (s: JobsSlice): QuantizeOutcome | null => jobOf(s, 'quantize').result
export const selectCPackageJob = (s: JobsSlice): JobEntry<CPackageBuild> => jobOf(s, 'c-package')
