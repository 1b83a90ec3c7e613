/**
 * The job registry: every job the IDE runs off the UI thread, one line each (protocol: job-protocol.ts). A job's
 * kind is its key here; its input and result types come from its definition.
 *
 * To add a job (train, explore, PyTorch export, …): write `<name>-job.ts` exporting `defineJob<Input, Result>({ run })`
 * over core code, add its line below, and start it with a runner: `runner.start('<name>', input, handlers)` — or from
 * the store with `startJob` (store/job-commands.ts), which tracks it in the jobs slice by kind.
 */
import { cPackageJob } from './c-package-job.ts'
import { compressScanJob } from './compress-scan-job.ts'
import { exitsJob } from './exits-job.ts'
import { exploreJob } from './explore-job.ts'
import type { JobContext, JobDefinition, JobEnv, JobHandle, JobHandlers, JobProgress } from './job-protocol.ts'
import { JobCancelled, oneLine } from './job-protocol.ts'
import { proxyCheckJob } from './proxy-check-job.ts'
import { quantizeJob } from './quantize-job.ts'
import { splitJob } from './split-job.ts'
import { trainJob } from './train-job.ts'

export const JOBS = {
  quantize: quantizeJob,
  'c-package': cPackageJob,
  split: splitJob,
  explore: exploreJob,
  train: trainJob,
  exits: exitsJob,
  'compress-scan': compressScanJob,
  'proxy-check': proxyCheckJob,
} as const

export type JobKind = keyof typeof JOBS
export type JobInput<K extends JobKind> = (typeof JOBS)[K] extends JobDefinition<infer I, unknown> ? I : never
export type JobResult<K extends JobKind> = (typeof JOBS)[K] extends JobDefinition<never, infer R> ? R : never

/** Starts jobs somewhere (a Web Worker, or in-process) and reports back through the handlers. */
export interface JobRunner {
  start<K extends JobKind>(kind: K, input: JobInput<K>, handlers: JobHandlers<JobResult<K>>): JobHandle
}

export function isJobKind(kind: string): kind is JobKind {
  return Object.hasOwn(JOBS, kind)
}

/**
 * Runs the job `kind` where it is called (the worker's side of a run, and the in-process runner). Rejects with the
 * job's one-line failure, or with JobCancelled once `signal` is aborted; an unknown kind fails with one line.
 */
export async function runJob(kind: string, input: unknown, options: { env: JobEnv; signal?: AbortSignal; onProgress?(p: JobProgress): void }): Promise<unknown> {
  if (!isJobKind(kind)) throw new JobFailure(`unknown job '${kind}'`)
  const job: JobDefinition<unknown, unknown> = JOBS[kind] as JobDefinition<unknown, unknown>
  const signal = options.signal ?? new AbortController().signal
  const ctx: JobContext = {
    env: options.env,
    signal,
    progress(done, total, label, detail) {
      if (signal.aborted) throw new JobCancelled()
      options.onProgress?.(detail === undefined ? { done, total, label } : { done, total, label, detail })
    },
  }
  try {
    return await job.run(input, ctx)
  } catch (err) {
    if (err instanceof JobCancelled || signal.aborted) throw new JobCancelled()
    throw new JobFailure(job.failureMessage ? job.failureMessage(err) : oneLine(err))
  }
}

/** A job failed; `message` is the one line to show. */
export class JobFailure extends Error {}
