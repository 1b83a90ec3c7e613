/**
 * The worker runner with a fake Worker: messages are routed to the job that posted them, cancel terminates the
 * worker and silences the job, the next job spawns a fresh worker, and a crashed worker fails its job with one line.
 */
import { describe, expect, it } from 'vitest'
import { EMPTY_GRAPH } from '../core/ir/types.ts'
import type { JobHandlers, QuantizeJobInput, QuantizeJobResult, WorkerRequest, WorkerResponse } from './quantize-protocol.ts'
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

function recorder(): JobHandlers & { log: string[] } {
  const log: string[] = []
  return { log, onProgress: (p) => log.push(`progress ${p.fraction}`), onDone: () => log.push('done'), onFailed: (e) => log.push(`failed ${e}`) }
}

describe('createWorkerRunner', () => {
  it('routes progress and the result of the current job; keeps the worker between jobs', () => {
    const workers: FakeWorker[] = []
    const runner = createWorkerRunner(() => { const w = new FakeWorker(); workers.push(w); return w as unknown as Worker })
    const a = recorder()
    runner.start(input, a)
    const w = workers[0]
    expect(w.posted).toEqual([{ type: 'run', id: 1, input }])
    w.reply({ type: 'progress', id: 1, progress: { stage: 'data', fraction: 0.5, label: '' } })
    w.reply({ type: 'progress', id: 7, progress: { stage: 'data', fraction: 0.9, label: '' } })
    w.reply({ type: 'done', id: 1, result: {} as QuantizeJobResult })
    w.reply({ type: 'failed', id: 1, error: 'late' })
    expect(a.log).toEqual(['progress 0.5', 'done'])
    const b = recorder()
    runner.start(input, b)
    expect(workers).toHaveLength(1)
    expect(w.posted[1].id).toBe(2)
  })

  it('cancel terminates the worker, ignores what it still sends, and the next job gets a new worker', () => {
    const workers: FakeWorker[] = []
    const runner = createWorkerRunner(() => { const w = new FakeWorker(); workers.push(w); return w as unknown as Worker })
    const a = recorder()
    const handle = runner.start(input, a)
    handle.cancel()
    expect(workers[0].terminated).toBe(true)
    workers[0].reply({ type: 'done', id: 1, result: {} as QuantizeJobResult })
    expect(a.log).toEqual([])
    const b = recorder()
    runner.start(input, b)
    expect(workers).toHaveLength(2)
    workers[1].crash('out of memory')
    expect(b.log).toEqual(['failed The quantize worker stopped: out of memory'])
    expect(workers[1].terminated).toBe(true)
  })
})
