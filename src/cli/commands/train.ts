/**
 * `tinyforge train <project> --data <dir|x.npy|idx> [--labels y] --epochs N --qat-epochs M -o <project>`: exports the
 * training-ready PyTorch project to a work folder, runs its train.py with the system's Python (streaming its
 * progress), and imports the trained weights (import-weights). The project is written only at the end; a failed or
 * interrupted run keeps its work folder (checkpoints included) and says how to resume it.
 * --python picks the interpreter (default /usr/bin/python3 when it exists, else python3); without PyTorch the
 * command stops at once, naming the package to install. Exit 0 written, 1 failure (one line), 2 bad arguments,
 * 130 interrupted.
 */
import { spawn, spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { serializeProject } from '../../core/formats/project/index.ts'
import { UsageError } from '../args.ts'
import type { Command } from '../command.ts'
import { out } from '../command.ts'
import { CliFailure, readProject, systemReason } from './data-path.ts'
import { buildPytorchProject } from './export-pytorch.ts'
import { applyWeightsFile, describeRun } from './import-weights.ts'

const USAGE = '<project> --data <dir|x.npy|images-idx> [--labels y.npy|labels-idx] [--epochs N] [--qat-epochs M] -o <project> ' +
  '[--test-data d] [--test-labels l] [--batch-size B] [--lr R] [--seed S] [--val-split F] [--batchnorm] [--python exe] [--work-dir dir]'

/** Flags passed to train.py as they are (after checking their form). */
const PASS: Readonly<Record<string, 'count' | 'positive' | 'fraction' | 'int' | 'path'>> = {
  epochs: 'count', 'qat-epochs': 'count', 'batch-size': 'positive', lr: 'positive', seed: 'int', 'val-split': 'fraction',
  labels: 'path', 'test-data': 'path', 'test-labels': 'path',
}

export function defaultPython(): string {
  return existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3'
}

/** Throws CliFailure with the package to install when `python` cannot import torch and numpy. */
export function checkTorch(python: string): string {
  const r = spawnSync(python, ['-c', 'import numpy, torch; print(torch.__version__)'], { encoding: 'utf8' })
  if (r.error) throw new CliFailure(`cannot run ${python} (${systemReason(r.error)}); give --python <interpreter with PyTorch>`)
  if (r.status !== 0) {
    const missing = /No module named '?(\w+)/.exec(r.stderr ?? '')?.[1] ?? 'torch'
    const pkg = missing === 'numpy' ? 'python3-numpy on Debian, or pip install numpy' : 'python3-torch on Debian, or pip install torch'
    throw new CliFailure(`${python} has no ${missing === 'numpy' ? 'numpy' : 'PyTorch'} (import ${missing} failed); install ${pkg}`)
  }
  return r.stdout.trim()
}

function checkValue(name: string, value: string, kind: string): void {
  const n = Number(value)
  const ok = kind === 'path' || (value.trim() !== '' && Number.isFinite(n) && (
    kind === 'count' ? Number.isInteger(n) && n >= 0 : kind === 'int' ? Number.isInteger(n) : kind === 'positive' ? n > 0 : n >= 0 && n < 1))
  if (!ok) {
    const want = { count: 'a whole number ≥ 0', int: 'a whole number', positive: 'a number > 0', fraction: 'a number in [0, 1)' }[kind]
    throw new UsageError(`--${name} must be ${want}, not '${value}'`)
  }
}

/** Runs train.py, streaming its output; resolves to its exit code (130 when interrupted). */
function runTraining(python: string, script: string, args: string[], cwd: string): Promise<number> {
  return new Promise((done) => {
    const child = spawn(python, [script, ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'] })
    const onSigint = () => { /* the child gets the same SIGINT; wait for it to save and exit */ }
    process.on('SIGINT', onSigint)
    child.stdout.on('data', (chunk: Buffer) => process.stdout.write(chunk.toString()))
    child.stderr.on('data', (chunk: Buffer) => process.stderr.write(chunk.toString()))
    child.on('error', () => { process.off('SIGINT', onSigint); done(1) })
    child.on('close', (code, signal) => { process.off('SIGINT', onSigint); done(code ?? (signal === 'SIGINT' ? 130 : 1)) })
  })
}

export const train: Command = {
  name: 'train',
  usage: USAGE,
  summary: 'Train a project with PyTorch (float then quantization-aware epochs) and take the trained int8 model',
  flags: {
    data: { kind: 'string' }, labels: { kind: 'string' }, 'test-data': { kind: 'string' }, 'test-labels': { kind: 'string' },
    epochs: { kind: 'string' }, 'qat-epochs': { kind: 'string' }, 'batch-size': { kind: 'string' }, lr: { kind: 'string' },
    seed: { kind: 'string' }, 'val-split': { kind: 'string' }, batchnorm: { kind: 'boolean' }, python: { kind: 'string' },
    'work-dir': { kind: 'string' }, output: { kind: 'string', short: 'o' },
  },
  maxPositional: 1,
  async run(args) {
    const file = args.positional[0]
    if (file === undefined) throw new UsageError(`missing project file (usage: tinyforge train ${USAGE})`)
    const data = args.flags.data
    if (typeof data !== 'string') throw new UsageError('missing --data <dir|x.npy|images-idx>')
    const output = args.flags.output
    if (typeof output !== 'string') throw new UsageError('missing -o <project>')
    const passed: string[] = ['--data', resolve(data)]
    for (const [name, kind] of Object.entries(PASS)) {
      const v = args.flags[name]
      if (typeof v !== 'string') continue
      checkValue(name, v, kind)
      passed.push(`--${name}`, kind === 'path' ? resolve(v) : v)
    }
    if (args.flags.batchnorm) passed.push('--batchnorm')
    let work: string | undefined
    try {
      const doc = readProject(file)
      const python = typeof args.flags.python === 'string' ? args.flags.python : defaultPython()
      const torchVersion = checkTorch(python)
      const workDir = typeof args.flags['work-dir'] === 'string' ? resolve(args.flags['work-dir']) : undefined
      work = workDir ?? mkdtempSync(join(tmpdir(), 'tinyforge-train-'))
      try {
        mkdirSync(work, { recursive: true })
        buildPytorchProject(doc, file).write(work)
      } catch (err) {
        if (err instanceof CliFailure) throw err
        throw new CliFailure(`cannot write the training project to ${work}: ${systemReason(err)}`)
      }
      const trained = join(work, 'trained.npz')
      out(`training ${file} with PyTorch ${torchVersion} (${python}) in ${work}\n`)
      const code = await runTraining(python, join(work, 'train.py'), [...passed, '--out', trained], work)
      if (code === 130) {
        process.stderr.write(`tinyforge: training interrupted; ${file} is unchanged and the work folder ${work} keeps the checkpoints ` +
          `(continue: ${python} ${join(work, 'train.py')} ${passed.join(' ')} --out ${trained} --resume)\n`)
        return 130
      }
      if (code !== 0) throw new CliFailure(`training failed (train.py exited with ${code}); ${file} is unchanged, the work folder ${work} is kept`)
      const result = applyWeightsFile(doc, trained)
      try {
        writeFileSync(output, serializeProject(result.doc))
      } catch (err) {
        throw new CliFailure(`cannot write ${output}: ${systemReason(err)}`)
      }
      if (result.run) out(`${describeRun(result.run)}\n`)
      out(`wrote ${output}\n`)
      if (!workDir) rmSync(work, { recursive: true, force: true })
      return 0
    } catch (err) {
      if (err instanceof CliFailure) {
        process.stderr.write(`tinyforge: ${err.message}\n`)
        return 1
      }
      throw err
    }
  },
}
