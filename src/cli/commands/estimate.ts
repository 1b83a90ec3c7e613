/**
 * `tinyforge estimate <project|model> [--library id] [--targets all|id,id] [--target-file f]... [--runtime r] [--json]`:
 * flash, peak RAM, latency and energy of a model on catalog boards (--targets, default all) and custom boards (each
 * --target-file), for the kernels the C package links (--runtime cmsis-nn|portable; default: the library's own).
 * <project> is a *.tinyforge.json file; <model> a .tflite or .onnx file, imported on the fly (formats/import-model.ts).
 *
 * JSON: the EstimateReport of core/estimate (report-types.ts), whose DESIGN.md fields are fixed: { model: {name, macs,
 * params, weightBytes}, library, targets: [{ id, name, core, clockMHz, flashBytes, ramBytes, latencyMs, energyUj,
 * fits: {flash, ram}, layers: [{node, op, macs, latencyMs, ramBytes, flashBytes}] }] }. Text: a comparison table.
 *
 * Exit codes: 2 for usage (unknown option, library or target id); 1 for files that cannot be read or parsed, and for a
 * graph of which nothing can be estimated. A graph with errors is still estimated, with one warning line on stderr.
 */
import { readFileSync } from 'node:fs'
import { basename } from 'node:path'
import { analyzeGraph } from '../../core/analysis/analyze-graph.ts'
import { estimate as estimateModel } from '../../core/estimate/estimate.ts'
import type { KernelRuntime } from '../../core/estimate/kernel-runtime.ts'
import { KERNEL_RUNTIMES } from '../../core/estimate/kernel-runtime.ts'
import type { EstimateReport, TargetEstimate } from '../../core/estimate/report-types.ts'
import type { ProjectDoc } from '../../core/ir/project.ts'
import { matchProject, openProject } from '../../core/formats/project/index.ts'
import { CATALOG_TARGETS } from '../../core/targets/catalog.ts'
import { TargetFileError, parseTargetFile } from '../../core/targets/target-file.ts'
import type { Target } from '../../core/targets/types.ts'
import { LIBRARIES, getLibrary } from '../../core/vendors/registry.ts'
import type { VendorLibrary } from '../../core/vendors/types.ts'
import type { ParsedArgs } from '../args.ts'
import { UsageError } from '../args.ts'
import type { Command } from '../command.ts'
import { out, printJson } from '../command.ts'
import { formatTable } from '../table.ts'

export const estimate: Command = {
  name: 'estimate',
  usage: '<project|model> [--library id] [--targets all|id,id] [--target-file f]... [--runtime cmsis-nn|portable] [--json]',
  summary: 'Estimate flash, peak RAM, latency and energy of a project or .tflite/.onnx model on many targets',
  flags: { library: { kind: 'string' }, targets: { kind: 'string' }, 'target-file': { kind: 'strings' }, runtime: { kind: 'string' },
    json: { kind: 'boolean' } },
  maxPositional: 1,
  async run(args) {
    const path = args.positional[0]
    if (path === undefined) throw new UsageError('missing <project|model> file to estimate')
    const libraryFlag = flagString(args, 'library')
    if (libraryFlag !== undefined && !getLibrary(libraryFlag)) {
      throw new UsageError(`unknown library '${libraryFlag}'; known: ${LIBRARIES.map((l) => l.id).join(', ')}`)
    }
    const runtimeFlag = flagString(args, 'runtime')
    if (runtimeFlag !== undefined && !(KERNEL_RUNTIMES as readonly string[]).includes(runtimeFlag)) {
      throw new UsageError(`unknown runtime '${runtimeFlag}'; known: ${KERNEL_RUNTIMES.join(', ')}`)
    }
    const catalog = pickCatalogTargets(flagString(args, 'targets'))
    const targets = [...catalog, ...readTargetFiles((args.flags['target-file'] as string[] | undefined) ?? [], catalog)]
    const doc = await openModel(path, libraryFlag)
    const library = libraryOf(doc, libraryFlag)
    const analysis = analyzeGraph(doc.graph, library)
    const report = estimateModel(doc.graph, library, targets, { name: doc.name, analysis, runtime: runtimeFlag as KernelRuntime | undefined })
    if (report.model.estimatedNodes === 0) throw new Error(`nothing to estimate in ${basename(path)}: ${whyNothing(report)}`)
    const problems = report.diagnostics.filter((d) => d.severity !== 'info')
    if (problems.length > 0) {
      const errors = problems.filter((d) => d.severity === 'error').length
      const left = report.model.nodes - report.model.estimatedNodes
      process.stderr.write(`tinyforge: warning: the graph has ${count(errors, 'error')} and ${count(problems.length - errors, 'warning')}` +
        `${left > 0 ? `; ${left} of ${report.model.nodes} nodes could not be estimated` : ''} (details in --json diagnostics)\n`)
    }
    if (args.flags.json) printJson(report)
    else out(renderText(report))
    return 0
  },
}

function flagString(args: ParsedArgs, name: string): string | undefined {
  const v = args.flags[name]
  return typeof v === 'string' ? v : undefined
}

const count = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`

/** --targets: 'all' (default) or comma-separated catalog ids, in the order given. */
export function pickCatalogTargets(spec: string | undefined): Target[] {
  if (spec === undefined || spec === 'all') return [...CATALOG_TARGETS]
  const ids = spec.split(',').map((s) => s.trim())
  if (ids.some((id) => id === '')) throw new UsageError(`--targets takes 'all' or catalog ids separated by commas, got '${spec}'`)
  return ids.map((id) => {
    const t = CATALOG_TARGETS.find((c) => c.id === id)
    if (!t) throw new UsageError(`unknown target '${id}'; known: ${CATALOG_TARGETS.map((c) => c.id).join(', ')}`)
    return t
  })
}

export function readTargetFiles(paths: readonly string[], catalog: readonly Target[]): Target[] {
  const custom: Target[] = []
  for (const path of paths) {
    let target: Target
    try {
      target = parseTargetFile(readText(path), basename(path))
    } catch (err) {
      if (err instanceof TargetFileError) throw new TargetFileError(`${err.message.replace(/^target file: /, '')} (${path})`)
      throw err
    }
    const clash = [...CATALOG_TARGETS, ...custom].find((t) => t.id === target.id)
    if (clash) {
      const where = clash.custom ? 'another --target-file' : catalog.includes(clash) ? 'a selected catalog board' : 'a catalog board'
      throw new Error(`target file: id '${target.id}' (${path}) is already used by ${where} (${clash.name}); give the board another id`)
    }
    custom.push(target)
  }
  return custom
}

function readBytes(path: string): Uint8Array {
  try {
    return readFileSync(path)
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : code === 'EACCES' ? 'permission denied'
      : err instanceof Error ? err.message : String(err)
    throw new Error(`cannot read ${path}: ${why}`)
  }
}

export function readText(path: string): string {
  return new TextDecoder('utf-8').decode(readBytes(path))
}

/** A project file, or a .tflite/.onnx model imported with the requested library. */
export async function openModel(path: string, library: string | undefined): Promise<ProjectDoc> {
  const bytes = readBytes(path)
  const name = basename(path)
  if (matchProject(bytes, name)) return openProject(bytes, name)
  const { importModel } = await import('../../core/formats/import-model.ts')
  return importModel(bytes, name, { library }).doc
}

export function libraryOf(doc: ProjectDoc, flag: string | undefined): VendorLibrary {
  const id = flag ?? doc.library
  const library = getLibrary(id)
  if (!library) throw new Error(`the project uses library '${id}', which this TinyForge does not know; pass --library (known: ${LIBRARIES.map((l) => l.id).join(', ')})`)
  return library
}

function whyNothing(report: EstimateReport): string {
  if (report.model.nodes === 0) return 'the graph is empty'
  const first = report.diagnostics.find((d) => d.severity === 'error')
  const node = first?.nodeId ? report.layers.find((l) => l.node === first.nodeId) : undefined
  return first ? `${node ? `${node.name}: ` : ''}${first.message}` : 'no node has a known output shape'
}

/** Bytes in KiB with one decimal (exact bytes below 1 KiB). */
export function formatBytes(bytes: number): string {
  return bytes < 1024 ? `${bytes} B` : `${(bytes / 1024).toFixed(1)} KiB`
}

const grouped = (n: number) => Math.round(n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',')

function usageCell(used: number, capacity: number): string {
  return `${formatBytes(used)} / ${formatBytes(capacity)} (${Math.round((100 * used) / capacity)} %)`
}

function latencyCell(t: TargetEstimate): string {
  if (t.latencyMs === null) return '-'
  const ms = t.latencyMs >= 100 ? t.latencyMs.toFixed(1) : t.latencyMs.toFixed(2)
  return `${ms} ms ±${Math.round(t.figures.latency.errorPct)} % ${t.figures.latency.source}`
}

function energyCell(t: TargetEstimate): string {
  if (t.energyUj === null) return '-'
  const value = t.energyUj >= 1000 ? `${(t.energyUj / 1000).toFixed(2)} mJ` : `${t.energyUj.toFixed(1)} µJ`
  return `${value} (power: ${t.figures.power.kind})`
}

function fitsCell(t: TargetEstimate): string {
  const missing = [t.fits.flash ? '' : 'flash', t.fits.ram ? '' : 'RAM'].filter(Boolean)
  return missing.length === 0 ? 'yes' : `no: ${missing.join(', ')}`
}

export function renderText(report: EstimateReport): string {
  const m = report.model
  const mem = report.memory
  const lines = [
    `${m.name} — ${report.libraryName} (${report.library}), ${report.runtime === 'portable' ? 'TinyForge portable kernels' : `${report.libraryName} kernels`}`,
    `  ${grouped(m.macs)} MACs, ${grouped(m.params)} parameters, ${formatBytes(m.weightBytes)} weights and biases` +
      ` + ${formatBytes(m.quantParamBytes)} quantization parameters`,
    `  arena ${formatBytes(mem.arenaBytes)} (liveness lower bound ${formatBytes(mem.lowerBoundBytes)}, ${mem.planner} planner)`,
  ]
  if (!report.complete) lines.push(`  partial: ${m.estimatedNodes} of ${m.nodes} nodes estimated; the graph has problems`)
  const rows = [['TARGET', 'CORE', 'MHZ', 'FLASH', 'RAM', 'LATENCY', 'ENERGY', 'FITS']]
  for (const t of report.targets) {
    rows.push([t.id, t.core, String(t.clockMHz), usageCell(t.flashBytes, t.capacity.flashBytes), usageCell(t.ramBytes, t.capacity.ramBytes),
      latencyCell(t), energyCell(t), fitsCell(t)])
  }
  const reserved = report.targets[0]?.capacity.reserved
  const note = reserved && (reserved.flash > 0 || reserved.ram > 0)
    ? `fits: with ${Math.round(reserved.flash * 100)} % of flash and ${Math.round(reserved.ram * 100)} % of RAM reserved for the application`
    : 'fits: the model against the whole device (nothing reserved for the application)'
  return `${lines.join('\n')}\n\n${formatTable(rows)}\n${note}; latency ±error from docs/cost-model.md; every figure's source: --json\n`
}
