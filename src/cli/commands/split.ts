/**
 * `tinyforge split <project|model> [--after <node>] [--c <dir|zip>] [--onnx <file>] [--targets ids] [--target-file f]...
 *   [--link ids] [--link-file f]... [--tier ids] [--tier-file f]... [--live single|all] [--bandwidth bit/s] [--library id]
 *   [--json]` — split computing (docs/split.md).
 * Without --c/--onnx: the analysis — every cut with its bytes and flags, and per target × link × tier the best cut for
 * latency and for device energy, the all-on-device and all-remote baselines and the crossover bandwidths (--after adds
 * that cut's costs). With --c and/or --onnx (--after required): the head's C package (folder, or zip for *.zip; it also
 * holds split/tail.onnx and split/run-split.mjs) and the tail's QDQ ONNX model, through the exporter registry.
 * --live: what to do where several tensors cross a cut — 'single' refuses such cuts (default), 'all' sends them all.
 * Defaults: --targets nucleo-f446re, --link ble-2m,wifi-esp32,lte-m, --tier rpi4-cpu,cloud-cpu ('all' for each list).
 * Exit codes: 2 for usage (unknown option, id, node or policy; bad link/tier/target file), 1 for a project that cannot
 * be read or split, or an output that cannot be written. Nothing is written unless every asked artefact was built.
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { analyzeGraph } from '../../core/analysis/analyze-graph.ts'
import { estimate as estimateModel } from '../../core/estimate/estimate.ts'
import { EXPORTERS, ExportError, exportedFile } from '../../core/formats/exporters.ts'
import type { LivePolicy } from '../../core/formats/split/cuts.ts'
import { LIVE_POLICIES, cutTable, findCut } from '../../core/formats/split/cuts.ts'
import { analyzeSplit } from '../../core/pipelines/split/analyze-split.ts'
import { LINKS } from '../../core/targets/links.ts'
import { RemoteFileError, parseLinkFile, parseTierFile } from '../../core/targets/remote-file.ts'
import type { Link, Tier } from '../../core/targets/remote-types.ts'
import { TIERS } from '../../core/targets/tiers.ts'
import type { ParsedArgs } from '../args.ts'
import { UsageError } from '../args.ts'
import type { Command } from '../command.ts'
import { out, printJson } from '../command.ts'
import { CliFailure, systemReason } from './data-path.ts'
import { libraryOf, openModel, pickCatalogTargets, readTargetFiles, readText } from './estimate.ts'
import { renderSplit } from './split-text.ts'

const USAGE = '<project|model> [--after <node id or name>] [--c <dir|file.zip>] [--onnx <file.onnx>] [--targets ids] ' +
  '[--target-file f]... [--link ids] [--link-file f]... [--tier ids] [--tier-file f]... [--live single|all] [--bandwidth bit/s] ' +
  '[--library id] [--json]'

const str = (args: ParsedArgs, name: string): string | undefined => (typeof args.flags[name] === 'string' ? args.flags[name] as string : undefined)
const list = (args: ParsedArgs, name: string): string[] => (args.flags[name] as string[] | undefined) ?? []

function pick<T extends { id: string }>(what: string, all: readonly T[], spec: string | undefined, fallback: string): T[] {
  const text = spec ?? fallback
  if (text === 'all') return [...all]
  return text.split(',').map((s) => s.trim()).map((id) => {
    const found = all.find((x) => x.id === id)
    if (!found) throw new UsageError(`unknown ${what} '${id}'; known: ${all.map((x) => x.id).join(', ')}`)
    return found
  })
}

function readRemote<T extends { id: string }>(paths: readonly string[], parse: (text: string, name: string) => T, known: readonly T[]): T[] {
  const extra: T[] = []
  for (const path of paths) {
    let item: T
    try {
      item = parse(readText(path), path.split(/[\\/]/).pop()!)
    } catch (err) {
      if (err instanceof RemoteFileError) throw new UsageError(`${err.message} (${path})`)
      throw err
    }
    if ([...known, ...extra].some((x) => x.id === item.id)) throw new UsageError(`id '${item.id}' of ${path} is already used; give it another id`)
    extra.push(item)
  }
  return extra
}

export const split: Command = {
  name: 'split',
  usage: USAGE,
  summary: 'Split computing: price every cut (device + link + edge/cloud tier), and export the C head + ONNX tail of one',
  flags: {
    after: { kind: 'string' }, c: { kind: 'string' }, onnx: { kind: 'string' }, targets: { kind: 'string' },
    'target-file': { kind: 'strings' }, link: { kind: 'string' }, 'link-file': { kind: 'strings' }, tier: { kind: 'string' },
    'tier-file': { kind: 'strings' }, live: { kind: 'string' }, bandwidth: { kind: 'string' }, library: { kind: 'string' },
    json: { kind: 'boolean' }, 'c-prefix': { kind: 'string' },
  },
  maxPositional: 1,
  async run(args) {
    const file = args.positional[0]
    if (file === undefined) throw new UsageError(`missing <project|model> (usage: tinyforge split ${USAGE})`)
    const live = str(args, 'live')
    if (live !== undefined && !(LIVE_POLICIES as readonly string[]).includes(live)) {
      throw new UsageError(`--live takes ${LIVE_POLICIES.join(' or ')}, got '${live}'`)
    }
    const policy = (live ?? 'single') as LivePolicy
    const bandwidthText = str(args, 'bandwidth')
    const bandwidth = bandwidthText === undefined ? undefined : Number(bandwidthText)
    if (bandwidth !== undefined && !(Number.isFinite(bandwidth) && bandwidth > 0)) throw new UsageError(`--bandwidth must be a positive number of bit/s, got '${bandwidthText}'`)
    const exporting = str(args, 'c') !== undefined || str(args, 'onnx') !== undefined
    const after = str(args, 'after')
    if (exporting && after === undefined) throw new UsageError('--c and --onnx need --after <node id or name>')
    if (str(args, 'c-prefix') !== undefined && str(args, 'c') === undefined) throw new UsageError('--c-prefix needs --c')
    const catalog = pickCatalogTargets(str(args, 'targets') ?? 'nucleo-f446re')
    const targets = [...catalog, ...readTargetFiles(list(args, 'target-file'), catalog)]
    const links: Link[] = [...pick('link', LINKS, str(args, 'link'), 'ble-2m,wifi-esp32,lte-m'), ...readRemote(list(args, 'link-file'), parseLinkFile, LINKS)]
    const tiers: Tier[] = [...pick('tier', TIERS, str(args, 'tier'), 'rpi4-cpu,cloud-cpu'), ...readRemote(list(args, 'tier-file'), parseTierFile, TIERS)]
    try {
      const doc = await openModel(file, str(args, 'library'))
      const library = libraryOf(doc, str(args, 'library'))
      const analysis = analyzeGraph(doc.graph, library)
      const report = estimateModel(doc.graph, library, targets, { name: doc.name, analysis })
      const table = cutTable(doc.graph, report, policy)
      const cut = after === undefined ? undefined : findCut(table, after)
      if (after !== undefined && !cut) {
        throw new UsageError(`no node '${after}' in ${file}; give a node id or name (run 'tinyforge split ${file}' for the list)`)
      }
      if (exporting) return writeExports({ ...doc, library: library.id }, args, after!, policy, file)
      const result = analyzeSplit(report, table, links, tiers, { bandwidthBps: bandwidth })
      if (args.flags.json) printJson({ model: report.model.name, library: library.id, policy, links, tiers, ...result })
      else out(renderSplit(report, result, links, tiers, cut))
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

function writeExports(doc: Parameters<typeof EXPORTERS.split.export>[0], args: ParsedArgs, after: string, policy: LivePolicy, file: string): number {
  let output
  try {
    output = EXPORTERS.split.export(doc, { after, policy, prefix: str(args, 'c-prefix') })
  } catch (err) {
    if (err instanceof ExportError) throw new CliFailure(`cannot split ${file}: ${err.message}`)
    throw err
  }
  if (output.kind !== 'files') throw new Error('the split exporter gives files')
  const writes: [string, () => void, string][] = []
  const cPath = str(args, 'c')
  const onnxPath = str(args, 'onnx')
  const d = output.details
  if (cPath !== undefined) {
    const files = output.files
    const write = cPath.toLowerCase().endsWith('.zip') ? () => writeFileSync(cPath, exportedFile(output).bytes) : () => {
      for (const [path, content] of files) {
        mkdirSync(dirname(join(cPath, path)), { recursive: true })
        writeFileSync(join(cPath, path), content)
      }
    }
    writes.push([cPath, write, `C head ${d.prefix}: nodes up to ${d.cut.afterName}, returns ${d.cut.bytes} B ` +
      `(${d.cut.tensors.map((t) => `${t.name} ${t.shape.join('×')}`).join(' + ')}); chain: node ${cPath.toLowerCase().endsWith('.zip') ? `${d.prefix}/` : `${cPath}/`}split/run-split.mjs`])
  }
  if (onnxPath !== undefined) {
    writes.push([onnxPath, () => writeFileSync(onnxPath, d.onnx), `ONNX tail (QDQ, IR 8 / opset 17), ${d.onnx.length} bytes; ` +
      `int8 inputs ${d.tailInputs.map((i) => `${i.name} [${i.dims.join(', ')}]`).join(', ')}; outputs ${d.tailOutputs.map((o) => o.name).join(', ')}`])
  }
  for (const [path, write, summary] of writes) {
    try {
      write()
    } catch (err) {
      throw new CliFailure(`cannot write ${path}: ${systemReason(err)}`)
    }
    out(`wrote ${path}: ${summary}\n`)
  }
  return 0
}
