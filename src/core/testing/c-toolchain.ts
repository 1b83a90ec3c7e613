/**
 * Node-only helpers for the tests and scripts that build generated C: write a package to a folder, run a
 * command with a time limit and capture its output. Never used by the app.
 */
import { spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'

export interface RunResult {
  code: number
  stdout: string
  stderr: string
  /** stdout and stderr together, for assertion messages. */
  output: string
}

/** Runs `command` with `args` (no shell) in `cwd`; a time-out is a failure with code -1. */
export function run(command: string, args: readonly string[], cwd: string, timeoutMs = 120_000): RunResult {
  const r = spawnSync(command, args, { cwd, encoding: 'utf8', timeout: timeoutMs, stdio: ['ignore', 'pipe', 'pipe'],
    maxBuffer: 64 * 1024 * 1024 })
  const stdout = r.stdout ?? ''
  const stderr = (r.stderr ?? '') + (r.error ? `\n${r.error.message}` : '')
  return { code: r.status ?? -1, stdout, stderr, output: `${stdout}\n${stderr}` }
}

const created: string[] = []

/** A fresh temporary folder (removed by removeTempDirs). */
export function tempDir(label: string): string {
  const dir = mkdtempSync(join(tmpdir(), `tinyforge-${label}-`))
  created.push(dir)
  return dir
}

/** Removes every folder tempDir made in this process. */
export function removeTempDirs(): void {
  for (const dir of created.splice(0)) rmSync(dir, { recursive: true, force: true })
}

/** Writes `files` (path relative to `dir` → content) under `dir`. */
export function writeFiles(dir: string, files: ReadonlyMap<string, Uint8Array | string> | Readonly<Record<string, string>>): void {
  const entries = files instanceof Map ? [...files.entries()] : Object.entries(files)
  for (const [path, content] of entries) {
    const full = join(dir, path)
    mkdirSync(dirname(full), { recursive: true })
    writeFileSync(full, content)
  }
}

/** True when `tool --version` runs. */
export function hasTool(tool: string): boolean {
  return run(tool, ['--version'], tmpdir(), 10_000).code === 0
}

/** The folder of the C runtime sources in this repository (src/core/codegen/c). */
export const C_DIR = new URL('../codegen/c/', import.meta.url).pathname
