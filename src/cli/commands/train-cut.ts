/**
 * `tinyforge train-cut <project> --data … [--labels …] [--cuts id[:head],id…] --ranks N --epochs E -o <project>`:
 * cut training on N local ranks (docs/cut-training.md). Without --cuts the balancer proposes N − 1 cuts for N equal
 * devices (--trainer, default the development machine's one-core figures; --trainer-file for your own). Exports the
 * cut-training project to a work folder, runs train_cut.py under torchrun (gloo on 127.0.0.1), imports the weights
 * file into the combined project (the network plus its heads, written to -o), and reports every cut model: size,
 * estimates on --targets (default the project's), and with --test-data its int8 accuracy by the int8 engine.
 * --cut-models DIR also writes each cut model as a project file and a C package. Nothing is written unless the
 * training succeeds; a failed run keeps its work folder and checkpoints. Exit 0, 1 (one line), 2 usage, 130.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { createInt8Engine } from '../../core/engine/create-int8-engine.ts'
import type { CutPoint } from '../../core/formats/cut/cut-layout.ts'
import { CutPlanError } from '../../core/formats/cut/cut-layout.ts'
import { exportCutProject } from '../../core/formats/cut/export-cut.ts'
import { isHeadTemplate } from '../../core/formats/cut/heads.ts'
import type { HeadTemplate } from '../../core/formats/cut/heads.ts'
import { serializeProject } from '../../core/formats/project/index.ts'
import { PytorchExportError } from '../../core/formats/pytorch/graph-json.ts'
import { generateCPackage } from '../../core/codegen/c/generate-package.ts'
import { cPrefix } from '../../core/kernels/c-syntax.ts'
import { proposeCuts } from '../../core/pipelines/cut/balance.ts'
import { cutVariants } from '../../core/pipelines/cut/cut-variants.ts'
import type { CutVariant } from '../../core/pipelines/cut/cut-variants.ts'
import { WeightsImportError, importWeights } from '../../core/pipelines/import-weights.ts'
import { parseTrainerFile, TrainerFileError } from '../../core/targets/trainer-file.ts'
import type { Trainer } from '../../core/targets/trainer-types.ts'
import { getTrainer, TRAINERS } from '../../core/targets/trainers.ts'
import { UsageError } from '../args.ts'
import type { Command } from '../command.ts'
import { out } from '../command.ts'
import { CliFailure, readData, readProject, systemReason } from './data-path.ts'
import { pickCatalogTargets } from './estimate.ts'
import { describeRun } from './import-weights.ts'
import { runRanks } from './torchrun.ts'
import { checkTorch, defaultPython } from './train.ts'

const USAGE = '<project> --data <dir|x.npy|idx> [--labels y] [--cuts id[:gap-fc|conv-pool-fc],…] --ranks N [--epochs E] -o <project> ' +
  '[--head gap-fc|conv-pool-fc] [--finetune-epochs F] [--qat-epochs Q] [--test-data d] [--test-labels l] [--batch-size B] [--lr R] ' +
  '[--seed S] [--val-split V] [--trainer id | --trainer-file f] [--targets ids] [--cut-models dir] [--python exe] [--work-dir dir]'

const PASS: Readonly<Record<string, 'count' | 'positive' | 'fraction' | 'int' | 'path'>> = {
  epochs: 'count', 'finetune-epochs': 'count', 'qat-epochs': 'count', 'batch-size': 'positive', lr: 'positive', seed: 'int',
  'val-split': 'fraction', labels: 'path', 'test-data': 'path', 'test-labels': 'path',
}

function checkValue(name: string, value: string, kind: string): void {
  const n = Number(value)
  const ok = kind === 'path' || (value.trim() !== '' && Number.isFinite(n) && (
    kind === 'count' ? Number.isInteger(n) && n >= 0 : kind === 'int' ? Number.isInteger(n) : kind === 'positive' ? n > 0 : n >= 0 && n < 1))
  if (!ok) throw new UsageError(`--${name} must be ${{ count: 'a whole number ≥ 0', int: 'a whole number', positive: 'a number > 0', fraction: 'a number in [0, 1)' }[kind]}, not '${value}'`)
}

export function parseCuts(spec: string, head: HeadTemplate): CutPoint[] {
  return spec.split(',').map((s) => s.trim()).filter(Boolean).map((s) => {
    const [after, template] = s.split(':')
    if (template !== undefined && !isHeadTemplate(template)) throw new UsageError(`--cuts: unknown head '${template}' (gap-fc or conv-pool-fc)`)
    return { after, head: (template as HeadTemplate | undefined) ?? head }
  })
}

function trainerOf(args: { flags: Record<string, unknown> }): Trainer {
  const file = args.flags['trainer-file']
  if (typeof file === 'string') {
    try {
      return parseTrainerFile(readFileSync(file, 'utf8'), file)
    } catch (err) {
      if (err instanceof TrainerFileError) throw new CliFailure(err.message)
      throw new CliFailure(`cannot read ${file}: ${systemReason(err)}`)
    }
  }
  const id = typeof args.flags.trainer === 'string' ? args.flags.trainer : 'dev-1core'
  const t = getTrainer(id)
  if (!t) throw new UsageError(`unknown trainer '${id}' (${TRAINERS.map((x) => x.id).join(', ')})`)
  return t
}

const pct = (x: number | null) => (x === null ? 'n/a' : `${(100 * x).toFixed(2)}%`)

export function describeVariant(v: CutVariant): string {
  const targets = v.targets.map((t) => `${t.id} ${t.latencyMs === null ? '?' : t.latencyMs.toFixed(2)} ms, ` +
    `flash ${(t.flashBytes / 1024).toFixed(1)} KiB, RAM ${(t.ramBytes / 1024).toFixed(1)} KiB${t.fits ? '' : ' (does not fit)'}`).join('; ')
  return `cut model ${v.k} (${v.label}): ${v.macs.toLocaleString('en-US')} MACs, ${v.params.toLocaleString('en-US')} params` +
    `${v.int8Accuracy === null ? '' : `; int8 accuracy ${pct(v.int8Accuracy)} on ${v.samples} held-out samples (int8 engine)`}` +
    `${targets ? `; ${targets}` : ''}`
}

export const trainCut: Command = {
  name: 'train-cut',
  usage: USAGE,
  summary: 'Cut training on N local ranks (torch.distributed): blocks with their own heads train at the same time; reports every cut model',
  flags: {
    data: { kind: 'string' }, labels: { kind: 'string' }, 'test-data': { kind: 'string' }, 'test-labels': { kind: 'string' },
    cuts: { kind: 'string' }, head: { kind: 'string' }, ranks: { kind: 'string' }, epochs: { kind: 'string' },
    'finetune-epochs': { kind: 'string' }, 'qat-epochs': { kind: 'string' }, 'batch-size': { kind: 'string' }, lr: { kind: 'string' },
    seed: { kind: 'string' }, 'val-split': { kind: 'string' }, trainer: { kind: 'string' }, 'trainer-file': { kind: 'string' },
    targets: { kind: 'string' }, 'cut-models': { kind: 'string' }, python: { kind: 'string' }, 'work-dir': { kind: 'string' },
    output: { kind: 'string', short: 'o' },
  },
  maxPositional: 1,
  async run(args) {
    const file = args.positional[0]
    if (file === undefined) throw new UsageError(`missing project file (usage: tinyforge train-cut ${USAGE})`)
    const data = args.flags.data
    if (typeof data !== 'string') throw new UsageError('missing --data <dir|x.npy|images-idx>')
    const output = args.flags.output
    if (typeof output !== 'string') throw new UsageError('missing -o <project>')
    const ranksFlag = typeof args.flags.ranks === 'string' ? args.flags.ranks : undefined
    if (ranksFlag === undefined) throw new UsageError('missing --ranks N (the number of blocks)')
    const ranks = Number(ranksFlag)
    if (!Number.isInteger(ranks) || ranks < 1 || ranks > 64) throw new UsageError(`--ranks must be a whole number in 1..64, not '${ranksFlag}'`)
    const head = typeof args.flags.head === 'string' ? args.flags.head : 'gap-fc'
    if (!isHeadTemplate(head)) throw new UsageError(`--head must be gap-fc or conv-pool-fc, not '${head}'`)
    const passed: string[] = ['--data', resolve(data)]
    for (const [name, kind] of Object.entries(PASS)) {
      const v = args.flags[name]
      if (typeof v !== 'string') continue
      checkValue(name, v, kind)
      passed.push(`--${name}`, kind === 'path' ? resolve(v) : v)
    }
    const batch = typeof args.flags['batch-size'] === 'string' ? Number(args.flags['batch-size']) : 64
    let work: string | undefined
    try {
      const doc = readProject(file)
      const trainer = trainerOf(args)
      let cuts: CutPoint[]
      if (typeof args.flags.cuts === 'string') {
        cuts = parseCuts(args.flags.cuts, head)
        if (cuts.length + 1 !== ranks) throw new UsageError(`${cuts.length} cuts make ${cuts.length + 1} blocks: --ranks must be ${cuts.length + 1}, not ${ranks}`)
      } else {
        cuts = proposeCuts(doc, Array(ranks).fill(trainer), { batch, head })
        out(`balanced cuts for ${ranks} × ${trainer.name}: ${cuts.map((c) => c.after).join(', ') || '(none)'}\n`)
      }
      const project = exportCutProject(doc, cuts, Array(ranks).fill(trainer.id))
      const targets = pickCatalogTargets(typeof args.flags.targets === 'string' ? args.flags.targets : doc.targets.join(',') || 'nucleo-l4r5zi')
      const held = typeof args.flags['test-data'] === 'string'
        ? readData(doc.graph, args.flags['test-data'], typeof args.flags['test-labels'] === 'string' ? args.flags['test-labels'] : undefined)
        : undefined
      if (held && !held.labels) throw new CliFailure(`${String(args.flags['test-data'])} has no labels: give --test-labels`)
      const python = typeof args.flags.python === 'string' ? args.flags.python : defaultPython()
      const torchVersion = checkTorch(python)
      const workDir = typeof args.flags['work-dir'] === 'string' ? resolve(args.flags['work-dir']) : undefined
      work = workDir ?? mkdtempSync(join(tmpdir(), 'tinyforge-train-cut-'))
      try {
        for (const [path, content] of project.project.files) {
          mkdirSync(join(work, path, '..'), { recursive: true })
          writeFileSync(join(work, path), content)
        }
      } catch (err) {
        throw new CliFailure(`cannot write the training project to ${work}: ${systemReason(err)}`)
      }
      const trained = join(work, 'trained.npz')
      out(`cut training of ${file}: ${ranks} blocks on ${ranks} local ranks (PyTorch ${torchVersion}, ${python}) in ${work}\n`)
      const result = await runRanks(python, 'train_cut.py', [...passed, '--out', trained], work, ranks)
      if (result.code === 130) {
        process.stderr.write(`tinyforge: cut training interrupted; ${file} is unchanged and ${work} keeps the checkpoints of every rank\n`)
        return 130
      }
      if (result.code !== 0 || !existsSync(trained)) {
        throw new CliFailure(`cut training failed: ${result.reason}; ${file} is unchanged, the work folder ${work} is kept`)
      }
      let imported
      try {
        imported = importWeights(project.doc, new Uint8Array(readFileSync(trained)), 'trained.npz')
      } catch (err) {
        if (err instanceof WeightsImportError) throw new CliFailure(err.message)
        throw err
      }
      if (imported.run) out(`${describeRun(imported.run)}\n`)
      const engine = await createInt8Engine('wasm')
      const variants = cutVariants(imported.doc, targets, held ? { samples: held.samples, labels: held.labels! } : undefined, engine)
      for (const v of variants) out(`${describeVariant(v)}\n`)
      try {
        writeFileSync(output, serializeProject(imported.doc))
        const dir = args.flags['cut-models']
        if (typeof dir === 'string') {
          for (const v of variants) {
            const base = join(dir, `cut-${v.k}`)
            mkdirSync(base, { recursive: true })
            const vdoc = { ...imported.doc, name: `${imported.doc.name} cut ${v.k}`, graph: v.graph }
            writeFileSync(`${base}.tinyforge.json`, serializeProject(vdoc))
            const prefix = cPrefix(`cut${v.k}`)
            for (const [path, content] of generateCPackage(v.graph, { prefix, library: imported.doc.library, vectors: 3 })) {
              mkdirSync(join(base, path, '..'), { recursive: true })
              writeFileSync(join(base, path), content)
            }
          }
          out(`wrote ${variants.length} cut models (project files and C packages) to ${dir}\n`)
        }
      } catch (err) {
        throw new CliFailure(`cannot write ${output}: ${systemReason(err)}`)
      }
      out(`wrote ${output}\n`)
      if (!workDir) rmSync(work, { recursive: true, force: true })
      return 0
    } catch (err) {
      if (err instanceof CliFailure || err instanceof CutPlanError || err instanceof PytorchExportError) {
        process.stderr.write(`tinyforge: ${err.message}\n`)
        return 1
      }
      throw err
    }
  },
}
