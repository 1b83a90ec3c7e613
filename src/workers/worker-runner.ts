/**
 * Runs quantize jobs in a Web Worker. One worker is kept between jobs (onnxruntime-web's wasm stays compiled);
 * cancelling terminates it at once — the job's partial work dies with it — and the next job starts a fresh one.
 * A worker that crashes (e.g. out of memory) fails the job with one line.
 */
import type { JobHandlers, QuantizeJobInput, QuantizeRunner, WorkerRequest, WorkerResponse } from './quantize-protocol.ts'

export function createWorkerRunner(spawn: () => Worker = spawnQuantizeWorker): QuantizeRunner {
  let worker: Worker | null = null
  let serial = 0
  let current: { id: number; handlers: JobHandlers } | null = null

  const stop = (): void => {
    worker?.terminate()
    worker = null
  }
  const ensure = (): Worker => {
    if (worker) return worker
    const w = spawn()
    w.onmessage = (event: MessageEvent<WorkerResponse>) => {
      const msg = event.data
      if (!current || msg.id !== current.id) return
      const { handlers } = current
      if (msg.type === 'progress') handlers.onProgress(msg.progress)
      else {
        current = null
        if (msg.type === 'done') handlers.onDone(msg.result)
        else handlers.onFailed(msg.error)
      }
    }
    w.onerror = (event: ErrorEvent) => {
      event.preventDefault()
      const job = current
      current = null
      stop()
      job?.handlers.onFailed(`The quantize worker stopped: ${event.message || 'unknown error'}`)
    }
    worker = w
    return w
  }

  return {
    start(input: QuantizeJobInput, handlers: JobHandlers) {
      if (current) stop()
      const id = ++serial
      current = { id, handlers }
      const request: WorkerRequest = { type: 'run', id, input }
      ensure().postMessage(request)
      return {
        cancel() {
          if (current?.id !== id) return
          current = null
          stop()
        },
      }
    },
  }
}

function spawnQuantizeWorker(): Worker {
  return new Worker(new URL('./quantize-worker.ts', import.meta.url), { type: 'module', name: 'quantize' })
}
