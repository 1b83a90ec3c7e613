/**
 * The worker runner with a fake Worker: messages are routed to the job that posted them, cancel terminates the
 * worker and silences the job, the next job spawns a fresh worker, and a crashed worker fails its job with one line;
 * jobs running together get a worker each.
 */
import { describe, expect, it } from 'vitest'
import { EMPTY_GRAPH } from '../core/ir/types.ts'
import type { JobHandlers, JobRequest as WorkerRequest, JobResponse as WorkerResponse } from './job-protocol.ts'
import type { QuantizeJobInput, QuantizeJobResult } from './quantize-protocol.ts'
import { createWorkerRunner } from './worker-runner.ts'

class FakeWorker {
  onmessage: ((e: MessageEvent<WorkerResponse>) => void) | null = null
  onerror: ((e: ErrorEvent) => void) | null = null
  posted: WorkerRequest[] = []
  terminated = false
  postMessage(m: WorkerRequest) { this.posted.push(m) }
  terminate() { this.terminated = true }
  reply(m: WorkerResponse) { this.onmessage?.({ data: m } as MessageEvent<WorkerResponse>) }
  crash(message: string) { this.onerror?.({ message, preventDefault() {} } as ErrorEvent) }
}

const input: QuantizeJobInput = { graph: EMPTY_GRAPH, scheme: 's8', method: 'minmax', data: { kind: 'synthetic', count: 1, seed: 1 },
  compareSchemes: false, ort: 'off', name: 'x' }

function recorder(): JobHandlers<QuantizeJobResult> & { log: string[] } {
  const log: string[] = []
  return { log, onProgress: (p) => log.push(`progress ${p.done / p.total}`), onDone: () => log.push('done'), onFailed: (e) => log.push(`failed ${e}`) }
}

describe('createWorkerRunner', () => {
  it('routes progress and the result of the current job; keeps the worker between jobs', () => {
    const workers: FakeWorker[] = []
    const runner = createWorkerRunner(() => { const w = new FakeWorker(); workers.push(w); return w as unknown as Worker })
    const a = recorder()
    runner.start('quantize', input, a)
    const w = workers[0]
    expect(w.posted).toEqual([{ type: 'run', id: 1, job: 'quantize', input }])
    w.reply({ type: 'progress', id: 1, progress: { done: 0.5, total: 1, label: '' } })
    w.reply({ type: 'progress', id: 7, progress: { done: 0.9, total: 1, label: '' } })
    w.reply({ type: 'done', id: 1, result: {} as QuantizeJobResult })
    w.reply({ type: 'failed', id: 1, error: 'late' })
    expect(a.log).toEqual(['progress 0.5', 'done'])
    const b = recorder()
    runner.start('quantize', input, b)
    expect(workers).toHaveLength(1)
    expect(w.posted[1].id).toBe(2)
  })

  it('cancel terminates the worker, ignores what it still sends, and the next job gets a new worker', () => {
    const workers: FakeWorker[] = []
    const runner = createWorkerRunner(() => { const w = new FakeWorker(); workers.push(w); return w as unknown as Worker })
    const a = recorder()
    const handle = runner.start('quantize', input, a)
    handle.cancel()
    expect(workers[0].terminated).toBe(true)
    workers[0].reply({ type: 'done', id: 1, result: {} as QuantizeJobResult })
    expect(a.log).toEqual([])
    const b = recorder()
    runner.start('quantize', input, b)
    expect(workers).toHaveLength(2)
    workers[1].crash('out of memory')
    expect(b.log).toEqual(['failed The quantize worker stopped: out of memory'])
    expect(workers[1].terminated).toBe(true)
  })
})

describe('createWorkerRunner with jobs running together', () => {
  it('gives each running job its own worker; cancelling one leaves the other running; idle workers are reused', () => {
    const workers: FakeWorker[] = []
    const runner = createWorkerRunner(() => { const w = new FakeWorker(); workers.push(w); return w as unknown as Worker })
    const a = recorder()
    const b = recorder()
    runner.start('quantize', input, a)
    const handleB = runner.start('c-package', { doc: { name: 'x', library: 'cmsis-nn', graph: EMPTY_GRAPH, targets: [] }, prefix: 'x', vectors: 1, seed: 1 },
      { onProgress: (p) => b.log.push(`progress ${p.label}`), onDone: () => b.log.push('done'), onFailed: (e) => b.log.push(`failed ${e}`) })
    expect(workers).toHaveLength(2)
    expect(workers[1].posted[0]).toMatchObject({ type: 'run', id: 2, job: 'c-package' })
    workers[1].reply({ type: 'progress', id: 2, progress: { done: 0, total: 2, label: 'Checking' } })
    handleB.cancel()
    expect(workers[1].terminated).toBe(true)
    expect(workers[0].terminated).toBe(false)
    workers[0].reply({ type: 'done', id: 1, result: {} as QuantizeJobResult })
    expect(a.log).toEqual(['done'])
    expect(b.log).toEqual(['progress Checking'])
    runner.start('quantize', input, recorder())
    expect(workers).toHaveLength(2)
    expect(workers[0].posted.map((m) => m.id)).toEqual([1, 3])
  })

  it('a crash while idle drops the worker; the next job gets a fresh one', () => {
    const workers: FakeWorker[] = []
    const runner = createWorkerRunner(() => { const w = new FakeWorker(); workers.push(w); return w as unknown as Worker })
    runner.start('quantize', input, recorder())
    workers[0].reply({ type: 'done', id: 1, result: {} as QuantizeJobResult })
    workers[0].crash('lost')
    runner.start('quantize', input, recorder())
    expect(workers).toHaveLength(2)
  })
})
