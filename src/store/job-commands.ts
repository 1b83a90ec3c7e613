/**
 * Starting and cancelling jobs through the jobs slice, for any kind of the registry (workers/jobs.ts).
 *
 * Contract:
 * - `startJob` runs one job of a kind at a time: a new run supersedes the kind's running one (cancelled at once, and
 *   nothing it still reports reaches the store). The entry takes the new run's id and becomes 'running'.
 * - Progress, the result and a failure reach the entry only while their run is the kind's latest.
 * - `settle` turns the job's result into the outcome the entry keeps (and may act on the store, e.g. apply a
 *   quantized graph), or into a one-line error; without it the result is kept as it comes.
 * - `cancelJob` stops the kind's running run at once and marks it 'cancelled'; the last result stays.
 */
import type { JobHandle, JobProgress } from '../workers/job-protocol.ts'
import type { JobInput, JobKind, JobResult, JobRunner } from '../workers/jobs.ts'
import type { EditorStore } from './editor-store.ts'
import type { JobOutcome } from './jobs-slice.ts'
import { jobOf } from './jobs-slice.ts'

const inFlight = new WeakMap<EditorStore, Map<JobKind, { id: number; handle: JobHandle }>>()

function runs(store: EditorStore): Map<JobKind, { id: number; handle: JobHandle }> {
  let map = inFlight.get(store)
  if (!map) inFlight.set(store, (map = new Map()))
  return map
}

export type Settled<K extends JobKind> = { outcome: JobOutcome<K> } | { error: string }

/** `settle` may be left out only where the job's result is what the entry keeps. */
type SettleOption<K extends JobKind> = [JobResult<K>] extends [JobOutcome<K>]
  ? { settle?(result: JobResult<K>): Settled<K> }
  : { settle(result: JobResult<K>): Settled<K> }

export type StartJobOptions<K extends JobKind> = SettleOption<K> & {
  /** Progress shown until the job's first report. */
  progress?: JobProgress
  /** Called after the entry took the outcome (e.g. a notice). */
  afterDone?(outcome: JobOutcome<K>): void
  /** Called with each progress report of the run while it is the kind's latest (e.g. to keep a checkpoint). */
  onProgress?(progress: JobProgress): void
}

/** Starts a run of `kind`; returns its id. */
export function startJob<K extends JobKind>(store: EditorStore, runner: JobRunner, kind: K, input: JobInput<K>,
  options: StartJobOptions<K>): number {
  const map = runs(store)
  map.get(kind)?.handle.cancel()
  map.delete(kind)
  const id = jobOf(store.getState(), kind).id + 1
  store.getState().patchJob(kind, { id, status: 'running', progress: options.progress ?? null, error: null })
  // Registered before the runner starts, so a runner that reports at once is heard.
  const run: { id: number; handle: JobHandle } = { id, handle: { cancel() {} } }
  map.set(kind, run)
  const latest = () => map.get(kind) === run
  const finish = () => { if (latest()) map.delete(kind) }
  run.handle = runner.start(kind, input, {
    onProgress(progress) {
      if (!latest()) return
      store.getState().patchJob(kind, { progress })
      options.onProgress?.(progress)
    },
    onFailed(error) {
      if (!latest()) return
      finish()
      store.getState().patchJob(kind, { status: 'failed', progress: null, error })
    },
    onDone(result) {
      if (!latest()) return
      finish()
      const settle = options.settle as ((r: JobResult<K>) => Settled<K>) | undefined
      const settled: Settled<K> = settle ? settle(result) : { outcome: result as JobOutcome<K> }
      if ('error' in settled) return store.getState().patchJob(kind, { status: 'failed', progress: null, error: settled.error })
      store.getState().patchJob(kind, { status: 'done', progress: null, error: null, result: settled.outcome })
      options.afterDone?.(settled.outcome)
    },
  })
  return id
}

/** Stops the running run of `kind` (false when none runs); the document and the last result stay as they are. */
export function cancelJob(store: EditorStore, kind: JobKind): boolean {
  const map = runs(store)
  const run = map.get(kind)
  if (!run) return false
  map.delete(kind)
  run.handle.cancel()
  store.getState().patchJob(kind, { status: 'cancelled', progress: null, error: null })
  return true
}
