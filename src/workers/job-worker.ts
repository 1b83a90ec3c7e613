/**
 * The job worker (Vite: `new Worker(new URL('./job-worker.ts', import.meta.url), { type: 'module' })`): runs each
 * 'run' message's job from the registry (jobs.ts), posting progress, then 'done' or 'failed' (one line). Images are
 * decoded here (createImageBitmap + OffscreenCanvas). Cancel = the page terminates the worker.
 */
import { decodeImageInBrowser } from './image-decode.ts'
import type { JobRequest, JobResponse } from './job-protocol.ts'
import { JobFailure, runJob } from './jobs.ts'

interface WorkerScope {
  onmessage: ((event: MessageEvent<JobRequest>) => void) | null
  postMessage(message: JobResponse): void
}

const scope = self as unknown as WorkerScope

scope.onmessage = (event) => {
  const { id, job, input } = event.data
  runJob(job, input, {
    env: { decodeImage: decodeImageInBrowser },
    onProgress: (progress) => scope.postMessage({ type: 'progress', id, progress }),
  }).then(
    (result) => {
      try {
        scope.postMessage({ type: 'done', id, result })
      } catch (err) { // a result that cannot be cloned is a bug of the job; say so instead of leaving the page waiting
        scope.postMessage({ type: 'failed', id, error: `the ${job} job's result cannot be sent to the page: ${String(err)}` })
      }
    },
    (err: unknown) => scope.postMessage({ type: 'failed', id, error: err instanceof JobFailure ? err.message : String(err) }),
  )
}
