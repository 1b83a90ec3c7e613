/**
 * `tinyforge supernet <family> --data <dir|x.npy> [--labels y] [--epochs N] [--batch-size B] [--lr R] [--seed S]
 * [--random K] [--no-distill] [--batchnorm [--recal-samples N]] [--warmup N] [--only KEY] [--max-samples N] [--max-variants N] [--python exe] [--work-dir dir]
 * -o supernet.npz`: writes the family's supernet project (pipelines/explore/supernet-project.ts) to a work folder,
 * runs its train_supernet.py with the system's Python (progress streamed) and copies the supernet weights file to
 * -o. `--export <dir>` only writes the project. Extract a variant with `tinyforge extract`.
 */
import { spawn } from 'node:child_process'
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { FamilyError } from '../../core/pipelines/explore/family.ts'
import { supernetProjectFiles } from '../../core/pipelines/explore/supernet-project.ts'
import { UsageError } from '../args.ts'
import type { Command } from '../command.ts'
import { out } from '../command.ts'
import { resolveFamily } from '../family-args.ts'
import { CliFailure, systemReason } from './data-path.ts'
import { checkTorch, defaultPython } from './train.ts'

const PASS = ['labels', 'epochs', 'batch-size', 'lr', 'seed', 'random', 'only', 'max-samples', 'warmup', 'recal-samples'] as const

function writeProject(dir: string, files: Map<string, string>): void {
  try {
    for (const [path, text] of files) {
      mkdirSync(dirname(join(dir, path)), { recursive: true })
      writeFileSync(join(dir, path), text)
    }
  } catch (err) {
    throw new CliFailure(`cannot write the supernet project to ${dir}: ${systemReason(err)}`)
  }
}

export const supernet: Command = {
  name: 'supernet',
  usage: '<family> --data <dir|x.npy> [--labels y] [--epochs N] [--only KEY] [--python exe] [--work-dir dir] -o supernet.npz | --export <dir>',
  summary: 'Train the supernet of a network family (weight sharing, sandwich rule) with PyTorch',
  flags: {
    data: { kind: 'string' }, labels: { kind: 'string' }, epochs: { kind: 'string' }, 'batch-size': { kind: 'string' }, lr: { kind: 'string' },
    seed: { kind: 'string' }, random: { kind: 'string' }, 'no-distill': { kind: 'boolean' }, only: { kind: 'string' },
    batchnorm: { kind: 'boolean' }, 'recal-samples': { kind: 'string' }, warmup: { kind: 'string' },
    'max-samples': { kind: 'string' }, 'max-variants': { kind: 'string' }, python: { kind: 'string' }, 'work-dir': { kind: 'string' },
    export: { kind: 'string' }, output: { kind: 'string', short: 'o' },
  },
  maxPositional: 1,
  async run(args) {
    const family = resolveFamily(args.positional[0])
    const maxVariants = args.flags['max-variants'] === undefined ? undefined : Number(args.flags['max-variants'])
    if (maxVariants !== undefined && !(Number.isInteger(maxVariants) && maxVariants > 0)) throw new UsageError('--max-variants takes a whole number > 0')
    try {
      let project
      try {
        project = supernetProjectFiles(family, { maxVariants })
      } catch (err) {
        if (err instanceof FamilyError) throw new CliFailure(`${family.id}: ${err.message}`)
        throw err
      }
      if (typeof args.flags.export === 'string') {
        writeProject(args.flags.export, project.files)
        out(`wrote the supernet project of ${family.id} (${project.spec.variants.length} variants) to ${args.flags.export}\n`)
        return 0
      }
      const data = args.flags.data
      if (typeof data !== 'string') throw new UsageError('missing --data <dir|x.npy> (or --export <dir> to only write the project)')
      const output = args.flags.output
      if (typeof output !== 'string') throw new UsageError('missing -o <supernet.npz>')
      const passed = ['--data', resolve(data)]
      for (const name of PASS) {
        const v = args.flags[name]
        if (typeof v === 'string') passed.push(`--${name}`, name === 'labels' ? resolve(v) : v)
      }
      if (args.flags['no-distill']) passed.push('--no-distill')
      if (args.flags.batchnorm) passed.push('--batchnorm')
      const python = typeof args.flags.python === 'string' ? args.flags.python : defaultPython()
      checkTorch(python)
      const workDir = typeof args.flags['work-dir'] === 'string' ? resolve(args.flags['work-dir']) : undefined
      const work = workDir ?? mkdtempSync(join(tmpdir(), 'tinyforge-supernet-'))
      writeProject(work, project.files)
      const trained = join(work, 'supernet.npz')
      const code = await new Promise<number>((done) => {
        const child = spawn(python, [join(work, 'train_supernet.py'), ...passed, '--out', trained], { cwd: work, stdio: ['ignore', 'inherit', 'pipe'] })
        let err = ''
        child.stderr.on('data', (c: Buffer) => { err += c.toString() })
        child.on('error', () => done(1))
        child.on('close', (c) => {
          const line = err.trim().split('\n').pop() ?? ''
          if (c !== 0 && line) process.stderr.write(`${line}\n`)
          done(c ?? 1)
        })
      })
      if (code !== 0) throw new CliFailure(`supernet training failed (train_supernet.py exited with ${code}); the work folder ${work} is kept`)
      try {
        copyFileSync(trained, output)
      } catch (err) {
        throw new CliFailure(`cannot write ${output}: ${systemReason(err)}`)
      }
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
