/** The page's quantize runner: one Web Worker, created on the first run and kept (see workers/worker-runner.ts). */
import { createWorkerRunner } from '../../workers/worker-runner.ts'
import type { QuantizeRunner } from '../../workers/quantize-protocol.ts'

let runner: QuantizeRunner | undefined

export function quantizeRunner(): QuantizeRunner {
  runner ??= createWorkerRunner()
  return runner
}

/** Saves bytes as a file download. */
export function downloadBytes(fileName: string, bytes: Uint8Array, type = 'application/octet-stream'): void {
  const url = URL.createObjectURL(new Blob([bytes as Uint8Array<ArrayBuffer>], { type }))
  const a = document.createElement('a')
  a.href = url
  a.download = fileName
  document.body.append(a)
  a.click()
  a.remove()
  setTimeout(() => URL.revokeObjectURL(url), 1000)
}
