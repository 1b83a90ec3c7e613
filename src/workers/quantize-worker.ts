/**
 * The quantize worker (Vite: `new Worker(new URL('./quantize-worker.ts', import.meta.url), { type: 'module' })`):
 * runs one quantize & validate job per 'run' message, posting progress, then 'done' or 'failed'. Images are decoded
 * here (createImageBitmap + OffscreenCanvas). Cancel = the page terminates the worker.
 */
import { decodeImageInBrowser } from './image-decode.ts'
import { failureMessage, runQuantizeJob } from './quantize-job.ts'
import type { WorkerRequest, WorkerResponse } from './quantize-protocol.ts'

interface WorkerScope {
  onmessage: ((event: MessageEvent<WorkerRequest>) => void) | null
  postMessage(message: WorkerResponse): void
}

const scope = self as unknown as WorkerScope

scope.onmessage = (event) => {
  const { id, input } = event.data
  runQuantizeJob(input, {
    decodeImage: decodeImageInBrowser,
    onProgress: (progress) => scope.postMessage({ type: 'progress', id, progress }),
  }).then(
    (result) => scope.postMessage({ type: 'done', id, result }),
    (err: unknown) => scope.postMessage({ type: 'failed', id, error: failureMessage(err) }),
  )
}
