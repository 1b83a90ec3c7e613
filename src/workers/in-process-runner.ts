/**
 * Runs jobs on the calling thread (Node tests and tools without Web Workers), with the same handlers as the worker
 * runner. The job starts on the next microtask; cancel aborts it cooperatively at its next progress step, and no
 * handler is called after it.
 */
import type { ImageDecoder } from './calibration-files.ts'
import { JobCancelled } from './job-protocol.ts'
import type { JobRunner } from './jobs.ts'
import { JobFailure, runJob } from './jobs.ts'

export function createInProcessRunner(decodeImage: ImageDecoder): JobRunner {
  return {
    start(kind, input, handlers) {
      const controller = new AbortController()
      const live = () => !controller.signal.aborted
      Promise.resolve().then(() => runJob(kind, input, { env: { decodeImage }, signal: controller.signal,
        onProgress: (p) => { if (live()) handlers.onProgress(p) } })).then(
        (result) => { if (live()) handlers.onDone(result as Parameters<typeof handlers.onDone>[0]) },
        (err: unknown) => {
          if (!live() || err instanceof JobCancelled) return
          handlers.onFailed(err instanceof JobFailure ? err.message : String(err))
        },
      )
      return { cancel: () => controller.abort() }
    },
  }
}
