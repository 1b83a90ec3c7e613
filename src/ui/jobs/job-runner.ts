/** The page's job runner: Web Workers running the registry's jobs, created on the first run and kept (workers/worker-runner.ts). */
import type { JobRunner } from '../../workers/jobs.ts'
import { createWorkerRunner } from '../../workers/worker-runner.ts'

let runner: JobRunner | undefined

export function jobRunner(): JobRunner {
  runner ??= createWorkerRunner()
  return runner
}
