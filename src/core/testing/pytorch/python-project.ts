/**
 * Node-only helpers for the PyTorch tests: write an exported project (plus the Python check scripts of this folder)
 * to a temporary folder and run Debian's /usr/bin/python3 in it.
 */
import { copyFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import type { RunResult } from '../c-toolchain.ts'
import { run, tempDir, writeFiles } from '../c-toolchain.ts'
import type { ProjectDoc } from '../../ir/project.ts'
import { exportPytorchProject } from '../../formats/pytorch/export-pytorch.ts'

export const PYTHON = '/usr/bin/python3'
export const SUPPORT_DIR = new URL('.', import.meta.url).pathname

/** True when /usr/bin/python3 imports torch and numpy. */
export function hasTorch(): boolean {
  return run(PYTHON, ['-c', 'import torch, numpy'], SUPPORT_DIR, 60_000).code === 0
}

/** Writes the PyTorch project of `doc` and the check_*.py scripts into a fresh temporary folder. */
export function writePytorchProject(doc: ProjectDoc, label: string): string {
  const dir = tempDir(label)
  writeFiles(dir, exportPytorchProject(doc).files)
  for (const name of readdirSync(SUPPORT_DIR)) if (name.endsWith('.py')) copyFileSync(join(SUPPORT_DIR, name), join(dir, name))
  return dir
}

/** Runs `python3 <args>` in `dir`. */
export function python(dir: string, args: readonly string[], timeoutMs = 300_000, env: Record<string, string> = {}): RunResult {
  return run('env', [...Object.entries(env).map(([k, v]) => `${k}=${v}`), PYTHON, ...args], dir, timeoutMs)
}
