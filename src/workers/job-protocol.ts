/**
 * The generic job protocol: heavy work (quantize, C generation; next train, explore, PyTorch export) runs as a JOB —
 * typed input → progress events → typed result, or one line of error — in a Web Worker in the IDE, or in-process in
 * Node (tests, tools). Inputs and results are plain structured-cloneable data (graphs hold typed arrays; files are
 * Blobs; Maps are fine), never functions or class instances.
 *
 * Adding a job = one file defining it with `defineJob` (its run function, over framework-free core code) + one line
 * in the registry (jobs.ts). Nothing else changes: the worker (job-worker.ts), the worker runner (worker-runner.ts),
 * the in-process runner (in-process-runner.ts) and the store's jobs slice are all keyed by the registry.
 *
 * Progress: `{ done, total, label }` (done ≤ total, in the job's own units; the bar shows done / total).
 * Cancel: a runner's handle stops the job at once — the worker runner terminates the job's worker, the in-process
 * runner aborts `signal` (checked at every `progress` call, which then throws JobCancelled) — and no callback fires
 * after it.
 * Errors: a job fails with one line: its `failureMessage` (if any) or the error's first line.
 */
import type { ImageDecoder } from './calibration-files.ts'

export interface JobProgress {
  done: number
  total: number
  /** What runs now, e.g. "Calibrating 3 / 16". */
  label: string
  /** Job-specific data the panel draws while the job runs (e.g. the training curves); structured-cloneable. */
  detail?: unknown
}

/** What the place a job runs in provides (the worker decodes images with the browser; Node tests with the PNG reader). */
export interface JobEnv {
  decodeImage: ImageDecoder
}

export interface JobContext {
  env: JobEnv
  /** Aborted when the job is cancelled (in-process runs). */
  signal: AbortSignal
  /** Reports progress (with optional job-specific `detail`); throws JobCancelled once the job is cancelled. */
  progress(done: number, total: number, label: string, detail?: unknown): void
}

export interface JobDefinition<Input, Result> {
  run(input: Input, ctx: JobContext): Result | Promise<Result>
  /** The one line a failure shows (default: the error's first line). */
  failureMessage?(err: unknown): string
}

/** Defines a job (identity; it types the input and result for the registry). */
export function defineJob<Input, Result>(job: JobDefinition<Input, Result>): JobDefinition<Input, Result> {
  return job
}

export class JobCancelled extends Error {
  constructor() {
    super('The run was cancelled')
  }
}

/** The first line of an error's message ('unknown error' when empty). */
export function oneLine(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err)
  return text.split('\n')[0].trim() || 'unknown error'
}

export interface JobHandlers<Result> {
  onProgress(progress: JobProgress): void
  onDone(result: Result): void
  onFailed(error: string): void
}

export interface JobHandle {
  /** Stops the job at once; no handler is called after it. */
  cancel(): void
}

/** Page → worker. */
export type JobRequest = { type: 'run'; id: number; job: string; input: unknown }

/** Worker → page. */
export type JobResponse =
  | { type: 'progress'; id: number; progress: JobProgress }
  | { type: 'done'; id: number; result: unknown }
  | { type: 'failed'; id: number; error: string }
