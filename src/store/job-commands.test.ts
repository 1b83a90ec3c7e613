/**
 * startJob / cancelJob through the jobs slice with a runner the test drives: one entry per kind with the latest run's
 * id; a new run supersedes the running one (cancelled, its late reports ignored); settle may turn a result into an
 * error; cancel marks the run cancelled and keeps the last result.
 */
import { describe, expect, it } from 'vitest'
import type { JobHandlers } from '../workers/job-protocol.ts'
import type { JobRunner } from '../workers/jobs.ts'
import type { CPackageJobResult } from '../workers/c-package-job.ts'
import { CMSIS_NN } from '../core/vendors/cmsis-nn/index.ts'
import { createEditorStore } from './editor-store.ts'
import { cPackageBuildOf } from './export-commands.ts'
import { cancelJob, startJob } from './job-commands.ts'
import { IDLE_JOB, jobOf } from './jobs-slice.ts'

/** A runner that keeps every run's handlers, and whether it was cancelled. */
function drivenRunner() {
  const runs: { kind: string; handlers: JobHandlers<unknown>; cancelled: boolean }[] = []
  const runner: JobRunner = {
    start(kind, _input, handlers) {
      const run = { kind, handlers: handlers as JobHandlers<unknown>, cancelled: false }
      runs.push(run)
      return { cancel: () => { run.cancelled = true } }
    },
  }
  return { runner, runs }
}

const refused = (reason: string): CPackageJobResult => ({ kind: 'refused', libraryId: 'cmsis-nn', reasons: [reason] })
const settle = (r: CPackageJobResult) => ({ outcome: cPackageBuildOf(r) })
const input = { doc: { name: 'x', library: 'cmsis-nn', graph: { nodes: [], edges: [], seed: 1 }, targets: [] }, prefix: 'x', vectors: 1, seed: 1 }

describe('startJob', () => {
  it('tracks the latest run of a kind; a new run supersedes the running one and its late reports are ignored', () => {
    const store = createEditorStore()
    const { runner, runs } = drivenRunner()
    expect(jobOf(store.getState(), 'c-package')).toBe(IDLE_JOB)
    expect(startJob(store, runner, 'c-package', input, { progress: { done: 0, total: 2, label: 'Starting' }, settle })).toBe(1)
    expect(jobOf(store.getState(), 'c-package')).toEqual({ id: 1, status: 'running', progress: { done: 0, total: 2, label: 'Starting' }, error: null, result: null })
    runs[0].handlers.onProgress({ done: 1, total: 2, label: 'Writing' })
    expect(jobOf(store.getState(), 'c-package').progress).toEqual({ done: 1, total: 2, label: 'Writing' })

    expect(startJob(store, runner, 'c-package', input, { settle })).toBe(2)
    expect(runs[0].cancelled).toBe(true)
    runs[0].handlers.onProgress({ done: 2, total: 2, label: 'late' })
    runs[0].handlers.onDone(refused('first'))
    expect(jobOf(store.getState(), 'c-package')).toMatchObject({ id: 2, status: 'running', progress: null, result: null })
    runs[1].handlers.onDone(refused('second'))
    expect(jobOf(store.getState(), 'c-package')).toEqual({ id: 2, status: 'done', progress: null, error: null,
      result: { kind: 'refused', library: CMSIS_NN, reasons: ['second'] } })
    expect(jobOf(store.getState(), 'quantize')).toBe(IDLE_JOB)
  })

  it('a failure or a settle error fails the run with one line and keeps the last result', () => {
    const store = createEditorStore()
    const { runner, runs } = drivenRunner()
    startJob(store, runner, 'c-package', input, { settle })
    runs[0].handlers.onDone(refused('kept'))
    startJob(store, runner, 'c-package', input, { settle })
    runs[1].handlers.onFailed('the worker stopped')
    expect(jobOf(store.getState(), 'c-package')).toEqual({ id: 2, status: 'failed', progress: null, error: 'the worker stopped', result: cPackageBuildOf(refused('kept')) })
    startJob(store, runner, 'c-package', input, { settle: () => ({ error: 'not applied' }) })
    runs[2].handlers.onDone(refused('ignored'))
    expect(jobOf(store.getState(), 'c-package')).toMatchObject({ id: 3, status: 'failed', error: 'not applied', result: cPackageBuildOf(refused('kept')) })
  })
})

describe('cancelJob', () => {
  it('stops the running run at once, marks it cancelled, ignores its result; nothing to cancel is false', () => {
    const store = createEditorStore()
    const { runner, runs } = drivenRunner()
    expect(cancelJob(store, 'c-package')).toBe(false)
    startJob(store, runner, 'c-package', input, { settle })
    expect(cancelJob(store, 'c-package')).toBe(true)
    expect(runs[0].cancelled).toBe(true)
    runs[0].handlers.onDone(refused('late'))
    expect(jobOf(store.getState(), 'c-package')).toEqual({ id: 1, status: 'cancelled', progress: null, error: null, result: null })
    expect(cancelJob(store, 'c-package')).toBe(false)
  })
})
