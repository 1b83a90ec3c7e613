/**
 * Runs quantize jobs on the calling thread (tests, and tools without Web Workers), with the same callbacks as the
 * worker runner. Cancel aborts cooperatively at the job's next progress step; no callback fires after it.
 */
import type { ImageDecoder } from './calibration-files.ts'
import { JobCancelled, failureMessage, runQuantizeJob } from './quantize-job.ts'
import type { JobHandlers, QuantizeJobInput, QuantizeRunner } from './quantize-protocol.ts'

export function createInProcessRunner(decodeImage: ImageDecoder): QuantizeRunner {
  return {
    start(input: QuantizeJobInput, handlers: JobHandlers) {
      const controller = new AbortController()
      const live = () => !controller.signal.aborted
      runQuantizeJob(input, { decodeImage, signal: controller.signal, onProgress: (p) => { if (live()) handlers.onProgress(p) } }).then(
        (result) => { if (live()) handlers.onDone(result) },
        (err: unknown) => { if (live() && !(err instanceof JobCancelled)) handlers.onFailed(failureMessage(err)) },
      )
      return { cancel: () => controller.abort() }
    },
  }
}
