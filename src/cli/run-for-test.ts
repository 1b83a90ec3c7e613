/**
 * Test helper (imported only by *.test.ts): runs `tinyforge <argv>` in-process through main() and returns its exit
 * code with everything it wrote to stdout and stderr.
 */
import { vi } from 'vitest'
import { main } from './main.ts'

export interface CliRun {
  code: number
  stdout: string
  stderr: string
}

export async function runCli(...argv: string[]): Promise<CliRun> {
  let stdout = ''
  let stderr = ''
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => { stdout += String(chunk); return true })
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => { stderr += String(chunk); return true })
  try {
    return { code: await main(argv), stdout, stderr }
  } finally {
    vi.restoreAllMocks()
  }
}
