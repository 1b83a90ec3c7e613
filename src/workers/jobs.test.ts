/**
 * The generic job runner, in-process (the same registry and job code the worker runs): progress events, the typed
 * result, cancel (nothing reported after it), one-line failures (the job's own wording), and an unknown job.
 */
import { describe, expect, it } from 'vitest'
import { templateGraph } from '../core/testing/c-fixtures.ts'
import type { ProjectDoc } from '../core/ir/project.ts'
import { createInProcessRunner } from './in-process-runner.ts'
import type { JobProgress } from './job-protocol.ts'
import { JobCancelled } from './job-protocol.ts'
import type { JobKind, JobResult } from './jobs.ts'
import { JOBS, JobFailure, runJob } from './jobs.ts'
import { decodePngBlob, mnistGraph } from './test-fixtures.ts'

const runner = createInProcessRunner(decodePngBlob)
const doc: ProjectDoc = { name: 'Digits CNN', library: 'cmsis-nn', graph: templateGraph('digits-cnn', 's8'), targets: [] }
const env = { decodeImage: decodePngBlob }

/** Starts a job and records what the runner reports, until it settles. */
function record<K extends JobKind>(kind: K, input: unknown, onProgress?: (p: JobProgress) => void) {
  const log: string[] = []
  const progress: JobProgress[] = []
  let result: JobResult<K> | undefined
  let cancel = () => {}
  const settled = new Promise<void>((resolve) => {
    const handle = runner.start(kind, input as never, {
      onProgress: (p) => { progress.push(p); log.push('progress'); onProgress?.(p) },
      onDone: (r) => { result = r; log.push('done'); resolve() },
      onFailed: (e) => { log.push(`failed ${e}`); resolve() },
    })
    cancel = () => handle.cancel()
  })
  return { log, progress, settled, get result() { return result }, cancel: () => cancel() }
}

describe('job registry', () => {
  it('registers every job by one line, each with a run function', () => {
    expect(Object.keys(JOBS).sort()).toEqual(['c-package', 'compress-scan', 'exits', 'explore', 'proxy-check', 'quantize', 'split', 'train'])
    for (const job of Object.values(JOBS)) expect(typeof job.run).toBe('function')
  })
})

describe('in-process runner', () => {
  it('reports progress as { done, total, label } up to total, then the typed result', async () => {
    const run = record('c-package', { doc, prefix: 'digits', vectors: 2, seed: 3 })
    await run.settled
    expect(run.progress).toEqual([
      { done: 0, total: 2, label: 'Checking and planning the graph' },
      { done: 1, total: 2, label: 'Writing the sources and test vectors' },
      { done: 2, total: 2, label: 'Done' },
    ])
    expect(run.log).toEqual(['progress', 'progress', 'progress', 'done'])
    const result = run.result!
    if (result.kind !== 'ready') throw new Error(result.reasons.join('; '))
    expect(result.prefix).toBe('digits')
    expect(result.libraryId).toBe('cmsis-nn')
    expect(result.files.get('examples/test_vectors.h')).toContain('#define TEST_VECTOR_COUNT 2\n')
    expect(result.figures.files).toBe(result.files.size)
  })

  it('cancel stops the job at its next progress step and nothing is reported after it', async () => {
    let run: ReturnType<typeof record<'c-package'>> | undefined
    run = record('c-package', { doc, prefix: 'digits', vectors: 1, seed: 1 }, () => run?.cancel())
    await new Promise((resolve) => setTimeout(resolve, 1000))
    expect(run.log).toEqual(['progress'])
    // The same cancel seen from the job's side: its next progress step throws JobCancelled.
    const controller = new AbortController()
    const job = runJob('quantize', { graph: mnistGraph(), scheme: 's8', method: 'minmax', data: { kind: 'synthetic', count: 4, seed: 1 },
      compareSchemes: false, ort: 'off', name: 'm' }, { env, signal: controller.signal, onProgress: () => controller.abort() })
    await expect(job).rejects.toBeInstanceOf(JobCancelled)
  })

  it('a failing job reports one line, in its own words', async () => {
    const prefix = record('c-package', { doc, prefix: 'Not C', vectors: 1, seed: 1 })
    await prefix.settled
    expect(prefix.log).toEqual(["failed the C prefix must be a C identifier, got 'Not C'"])
    const data = record('quantize', { graph: mnistGraph(), scheme: 's8', method: 'minmax', data: { kind: 'images', files: [], folder: 'empty' },
      compareSchemes: false, ort: 'off', name: 'm' })
    await data.settled
    expect(data.log.filter((l) => l !== 'progress')).toEqual(
      ["failed Calibration data: the folder 'empty' holds no images (.png, .jpg, .jpeg, .gif, .bmp, .webp)"])
  })

  it('an unknown job fails with one line', async () => {
    const run = record('no-such-job' as JobKind, {})
    await run.settled
    expect(run.log).toEqual(["failed unknown job 'no-such-job'"])
    await expect(runJob('no-such-job', {}, { env })).rejects.toEqual(new JobFailure("unknown job 'no-such-job'"))
  })

  it('a refused graph is a result with every reason, not a failure', async () => {
    const run = record('c-package', { doc: { ...doc, library: 'pow2-q7' }, prefix: 'digits', vectors: 1, seed: 1 })
    await run.settled
    expect(run.result).toEqual({ kind: 'refused', libraryId: 'pow2-q7', reasons: ['image (Input): Input tensor must have zero point 0 in the pow2 scheme'] })
  })
})
