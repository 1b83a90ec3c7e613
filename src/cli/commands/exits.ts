/**
 * `tinyforge exits <project> --data <dir|x.npy|images-idx> [--labels y] [--max-loss PP -o <project>] [--targets id,id]
 * [--runtime cmsis-nn|portable] [--engine wasm|ts] [--json]`: early exits of a quantized project on labelled data.
 * Without --max-loss: the report at the Exit nodes' current thresholds — per exit its rule, threshold, exit rate and
 * the accuracy of the samples it decided; the accuracy with exits against the main path alone; per target the
 * expected latency and energy from the measured rates beside the no-exit figures, exits that are a net loss flagged.
 * With --max-loss: thresholds calibrated on the data (pipelines/exits/calibrate-exits.ts) so the accuracy loss stays
 * within PP percentage points at the lowest expected cost on the first target, reported, and written with -o.
 * Targets: --targets, else the project's, else nucleo-l4r5zi, nucleo-u575zi-q, nucleo-h7a3zi-q.
 * JSON: { project, library, engine, data, calibrated: boolean, maxLossPct?, report: ExitReport (pipelines/exits/exit-report.ts) }.
 */
import { projectRounding } from '../../core/ir/project.ts'
import { writeFileSync } from 'node:fs'
import { DEFAULT_INT8_ENGINE, createInt8Engine, isInt8EngineId } from '../../core/engine/create-int8-engine.ts'
import type { KernelRuntime } from '../../core/estimate/kernel-runtime.ts'
import { KERNEL_RUNTIMES } from '../../core/estimate/kernel-runtime.ts'
import { serializeProject } from '../../core/formats/project/index.ts'
import { applyChanges } from '../../core/ir/changes.ts'
import type { ExitReport } from '../../core/pipelines/exits/exit-report.ts'
import { calibrateExits, exitReport } from '../../core/pipelines/exits/exit-report.ts'
import { collectExitSamples } from '../../core/pipelines/exits/exit-samples.ts'
import { QuantError } from '../../core/quant/kernel-params.ts'
import { CATALOG_TARGETS } from '../../core/targets/catalog.ts'
import { getLibrary } from '../../core/vendors/registry.ts'
import { UsageError } from '../args.ts'
import type { Command } from '../command.ts'
import { out, printJson } from '../command.ts'
import { formatTable } from '../table.ts'
import { CliFailure, readData, readProject, systemReason } from './data-path.ts'
import { pickCatalogTargets } from './estimate.ts'

const USAGE = '<project> --data <dir|x.npy|images-idx> [--labels y] [--max-loss PP -o <project>] [--targets id,id] ' +
  '[--runtime cmsis-nn|portable] [--engine wasm|ts] [--json]'
export const DEFAULT_EXIT_TARGETS = ['nucleo-l4r5zi', 'nucleo-u575zi-q', 'nucleo-h7a3zi-q']

const pct = (x: number | null): string => (x === null ? '—' : `${(100 * x).toFixed(1)}%`)
const ms = (x: number): string => (x >= 10 ? x.toFixed(1) : x.toFixed(2))

export function renderExitReport(r: ExitReport): string {
  const rows = [['exit', 'rule', 'threshold', 'exit rate', 'accuracy (decided)', `cost share (${r.costTarget})`],
    ...r.exits.map((e, k) => [e.name, e.rule, String(e.threshold), pct(e.rate), pct(e.accuracy), pct(r.costShares[k])]),
    ['main path', '—', '—', pct(r.main.rate), pct(r.main.accuracy), '100.0%']]
  const loss = 100 * (r.mainAccuracy - r.accuracy)
  const targets = [['target', 'no exits', 'expected', 'energy (no exits → expected)', 'saving', 'no exit fires', 'net-loss exits'],
    ...r.targets.map((t) => [t.name, `${ms(t.mainLatencyMs)} ms`, `${ms(t.latencyMs)} ms`, `${t.mainEnergyUj.toFixed(1)} → ${t.energyUj.toFixed(1)} µJ`,
      pct(t.saving), `${ms(t.fullLatencyMs)} ms`, t.exits.map((e, k) => (e.netLoss ? r.exits[k].name : '')).filter(Boolean).join(', ') || '—'])]
  return `${formatTable(rows)}\naccuracy with exits ${pct(r.accuracy)} against ${pct(r.mainAccuracy)} for the main path alone ` +
    `(${loss >= 0 ? '−' : '+'}${Math.abs(loss).toFixed(2)} points), ${r.samples} samples\n\n${formatTable(targets)}\n`
}

export const exits: Command = {
  name: 'exits',
  usage: USAGE,
  summary: 'Early exits: measured exit rates, accuracy and expected latency/energy per target; calibrate thresholds',
  flags: { data: { kind: 'string' }, labels: { kind: 'string' }, 'max-loss': { kind: 'string' }, output: { kind: 'string', short: 'o' },
    targets: { kind: 'string' }, runtime: { kind: 'string' }, engine: { kind: 'string' }, json: { kind: 'boolean' } },
  maxPositional: 1,
  async run(args) {
    const file = args.positional[0]
    if (file === undefined) throw new UsageError(`missing project file (usage: tinyforge exits ${USAGE})`)
    const data = args.flags.data
    if (typeof data !== 'string') throw new UsageError('missing --data (labelled samples: class folders, or a file with --labels)')
    const maxLossFlag = args.flags['max-loss']
    const maxLoss = maxLossFlag === undefined ? undefined : Number(maxLossFlag)
    if (maxLoss !== undefined && !(Number.isFinite(maxLoss) && maxLoss >= 0 && maxLoss <= 100)) {
      throw new UsageError(`--max-loss must be a number of percentage points in 0..100, not '${String(maxLossFlag)}'`)
    }
    const output = args.flags.output
    if (output !== undefined && maxLoss === undefined) throw new UsageError('-o writes calibrated thresholds: give --max-loss too')
    const runtime = args.flags.runtime as KernelRuntime | undefined
    if (runtime !== undefined && !KERNEL_RUNTIMES.includes(runtime)) throw new UsageError(`--runtime must be ${KERNEL_RUNTIMES.join(' or ')}`)
    const engineId = args.flags.engine ?? DEFAULT_INT8_ENGINE
    if (!isInt8EngineId(engineId)) throw new UsageError(`--engine must be wasm or ts, not '${String(engineId)}'`)
    try {
      const doc = readProject(file)
      const library = getLibrary(doc.library)
      if (!library) throw new CliFailure(`${file} uses library '${doc.library}', which this TinyForge does not know`)
      const ids = typeof args.flags.targets === 'string' ? undefined : (doc.targets.length > 0 ? doc.targets : DEFAULT_EXIT_TARGETS)
      const targets = ids ? ids.map((id) => CATALOG_TARGETS.find((t) => t.id === id)).filter((t) => t !== undefined)
        : pickCatalogTargets(args.flags.targets as string)
      if (targets.length === 0) throw new CliFailure(`none of the project's targets (${doc.targets.join(', ')}) is a catalog board; pass --targets`)
      if (!doc.graph.nodes.some((n) => n.op === 'Exit')) throw new CliFailure(`${file} has no Exit nodes`)
      if (!doc.graph.nodes.every((n) => n.quant)) throw new CliFailure(`${file} is not quantized; quantize it (tinyforge quantize) first`)
      const loaded = readData(doc.graph, data, typeof args.flags.labels === 'string' ? args.flags.labels : undefined)
      if (!loaded.labels) throw new CliFailure(`${data} has no labels: use class folders or give --labels`)
      const engine = await createInt8Engine(engineId)
      const ctx = { graph: doc.graph, library, targets, runtime }
      let report: ExitReport
      try {
        const samples = collectExitSamples(doc.graph, library.scheme, engine, loaded.samples, loaded.labels, { rounding: projectRounding(doc) })
        if (maxLoss === undefined) report = exitReport(ctx, samples)
        else {
          const calibrated = calibrateExits(ctx, samples, maxLoss)
          report = calibrated.report
          if (typeof output === 'string') {
            const graph = applyChanges(doc.graph, calibrated.changes).graph
            try {
              writeFileSync(output, serializeProject({ ...doc, graph }))
            } catch (err) {
              throw new CliFailure(`cannot write ${output}: ${systemReason(err)}`)
            }
          }
        }
      } catch (err) {
        if (err instanceof QuantError || err instanceof RangeError) throw new CliFailure(`cannot measure the exits of ${file}: ${err.message}`)
        throw err
      }
      if (args.flags.json) {
        printJson({ project: file, library: library.id, engine: engine.id, data: { source: data, samples: report.samples },
          calibrated: maxLoss !== undefined, ...(maxLoss !== undefined ? { maxLossPct: maxLoss } : {}), report })
      } else {
        out(`${maxLoss === undefined ? 'exits at their current thresholds' : `thresholds calibrated for at most ${maxLoss} points of accuracy loss`}` +
          ` (${library.id}, ${engine.name}):\n${renderExitReport(report)}`)
        if (typeof output === 'string') out(`wrote ${output}\n`)
      }
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
