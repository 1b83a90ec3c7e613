/**
 * Runs jobs in Web Workers (job-worker.ts). Each running job has a worker of its own, so a long quantization never
 * holds up a C package; a worker that finishes its job is kept for the next one (onnxruntime-web's wasm and the
 * generator stay loaded; at most MAX_IDLE are kept). Cancelling terminates the job's worker at once — its partial work
 * dies with it — and nothing it still sends is delivered. A worker that crashes (e.g. out of memory) fails its job
 * with one line.
 */
import type { JobHandlers, JobRequest, JobResponse } from './job-protocol.ts'
import type { JobRunner } from './jobs.ts'

/** Idle workers kept for the next jobs. */
export const MAX_IDLE = 1

interface Running {
  kind: string
  worker: Worker
  handlers: JobHandlers<unknown>
}

export function createWorkerRunner(spawn: () => Worker = spawnJobWorker): JobRunner {
  const idle: Worker[] = []
  const running = new Map<number, Running>()
  let serial = 0

  const release = (worker: Worker): void => {
    if (idle.length < MAX_IDLE) idle.push(worker)
    else worker.terminate()
  }
  const jobOn = (worker: Worker): [number, Running] | undefined => [...running].find(([, r]) => r.worker === worker)

  const create = (): Worker => {
    const w = spawn()
    w.onmessage = (event: MessageEvent<JobResponse>) => {
      const msg = event.data
      const job = running.get(msg.id)
      if (!job || job.worker !== w) return
      if (msg.type === 'progress') return job.handlers.onProgress(msg.progress)
      running.delete(msg.id)
      release(w)
      if (msg.type === 'done') job.handlers.onDone(msg.result)
      else job.handlers.onFailed(msg.error)
    }
    w.onerror = (event: ErrorEvent) => {
      event.preventDefault()
      w.terminate()
      const at = idle.indexOf(w)
      if (at >= 0) idle.splice(at, 1)
      const entry = jobOn(w)
      if (!entry) return
      running.delete(entry[0])
      entry[1].handlers.onFailed(`The ${entry[1].kind} worker stopped: ${event.message || 'unknown error'}`)
    }
    return w
  }

  return {
    start(kind, input, handlers) {
      const id = ++serial
      const worker = idle.pop() ?? create()
      running.set(id, { kind, worker, handlers: handlers as JobHandlers<unknown> })
      const request: JobRequest = { type: 'run', id, job: kind, input }
      worker.postMessage(request)
      return {
        cancel() {
          const job = running.get(id)
          if (!job) return
          running.delete(id)
          job.worker.terminate()
        },
      }
    },
  }
}

function spawnJobWorker(): Worker {
  return new Worker(new URL('./job-worker.ts', import.meta.url), { type: 'module', name: 'jobs' })
}
