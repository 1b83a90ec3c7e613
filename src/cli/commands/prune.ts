/**
 * `tinyforge prune <project> --ratio R [--per-layer file.json] [--criterion l1|l2] [--multiple N] [--global] -o <project>`:
 * structured pruning (core/pipelines/compress): whole output channels removed from every prunable channel group, kept
 * counts rounded up to a multiple of N (default 4), every dependent tensor rewritten; float and int8 projects alike.
 * --per-layer reads `{ "<layer name or id>": ratio, … }`. Prints each group before → after and the groups left as
 * they are, with why.
 * `tinyforge prune <project> --sparsity S [--format dense|sparse] [--layers a,b] [--per-layer file.json] -o <project>`:
 * magnitude (unstructured) pruning to a share S of zero weights per layer; --format sparse (int8 projects) stores a
 * bitmap + the non-zero values. Prints each layer's zeros and bytes, and what changes on the device (the project's
 * first target, else NUCLEO-F446RE): with dense kernels exactly 0 B and 0 µs, said so.
 * Nothing is written unless pruning succeeds. Exit 0 written, 1 bad project, 2 bad arguments.
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { analyzeGraph } from '../../core/analysis/analyze-graph.ts'
import { serializeProject } from '../../core/formats/project/index.ts'
import { PruneError, pruneChannels } from '../../core/pipelines/compress/structured-prune.ts'
import { SparsityError, magnitudePrune } from '../../core/pipelines/compress/magnitude-prune.ts'
import { compressionDelta, deltaText } from '../../core/pipelines/compress/compression-delta.ts'
import { getTarget } from '../../core/targets/catalog.ts'
import { getLibrary } from '../../core/vendors/registry.ts'
import { UsageError } from '../args.ts'
import type { Command } from '../command.ts'
import { out } from '../command.ts'
import { CliFailure, readProject, systemReason } from './data-path.ts'

const USAGE = '<project> (--ratio R [--criterion l1|l2] [--multiple N] [--global] | --sparsity S [--format dense|sparse] ' +
  '[--layers a,b…]) [--per-layer file.json] -o <project>'

function fractionFlag(name: string, v: unknown): number {
  const n = typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN
  if (!(n >= 0 && n < 1)) throw new UsageError(`--${name} takes a fraction in [0, 1), got '${String(v)}'`)
  return n
}

function perLayerFile(path: string): Record<string, number> {
  let json: unknown
  try {
    json = JSON.parse(readFileSync(path, 'utf8'))
  } catch (err) {
    throw new CliFailure(`cannot read ${path}: ${systemReason(err)}`)
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json) || Object.values(json).some((v) => typeof v !== 'number')) {
    throw new CliFailure(`${path}: a per-layer file is a JSON object of layer name → ratio`)
  }
  return json as Record<string, number>
}

export const prune: Command = {
  name: 'prune',
  usage: USAGE,
  summary: 'Remove whole channels (structured pruning, channel counts kept a multiple of 4), writing a smaller project',
  flags: { ratio: { kind: 'string' }, 'per-layer': { kind: 'string' }, criterion: { kind: 'string' }, multiple: { kind: 'string' },
    global: { kind: 'boolean' }, sparsity: { kind: 'string' }, format: { kind: 'string' }, layers: { kind: 'string' },
    output: { kind: 'string', short: 'o' } },
  maxPositional: 1,
  run(args) {
    const file = args.positional[0]
    if (file === undefined) throw new UsageError(`missing project file (usage: tinyforge prune ${USAGE})`)
    const output = args.flags.output
    if (typeof output !== 'string') throw new UsageError('missing -o <project>')
    if (args.flags.sparsity !== undefined) {
      if (args.flags.ratio !== undefined) throw new UsageError('--ratio (structured) and --sparsity (magnitude) are two kinds of pruning; give one')
      return pruneMagnitude(file, output, args.flags)
    }
    const ratio = fractionFlag('ratio', args.flags.ratio)
    const criterion = args.flags.criterion ?? 'l1'
    if (criterion !== 'l1' && criterion !== 'l2') throw new UsageError(`--criterion takes l1 or l2, got '${String(criterion)}'`)
    const multiple = args.flags.multiple === undefined ? 4 : Number(args.flags.multiple)
    if (!Number.isInteger(multiple) || multiple < 1) throw new UsageError(`--multiple takes a whole number ≥ 1, got '${String(args.flags.multiple)}'`)
    const doc = readProject(file)
    const library = getLibrary(doc.library)
    if (!library) throw new CliFailure(`the project uses library '${doc.library}', which this TinyForge does not know`)
    const perLayer = typeof args.flags['per-layer'] === 'string' ? perLayerFile(args.flags['per-layer']) : undefined
    let result
    try {
      result = pruneChannels(doc.graph, library, { ratio, perLayer, criterion, multiple, mode: args.flags.global ? 'global' : 'per-layer' })
    } catch (err) {
      if (err instanceof PruneError) throw new CliFailure(`cannot prune ${file}: ${err.message}`)
      throw err
    }
    try {
      writeFileSync(output, serializeProject({ ...doc, graph: result.graph }))
    } catch (err) {
      throw new CliFailure(`cannot write ${output}: ${systemReason(err)}`)
    }
    const macs = (g: typeof doc.graph) => [...analyzeGraph(g, library).nodes.values()].reduce((s, n) => s + n.macs, 0)
    for (const g of result.groups) out(`${g.layers.join(' + ')}: ${g.before} → ${g.after} channels\n`)
    for (const b of result.blocked) out(`kept ${b.layers.join(' + ')}: ${b.reason}\n`)
    out(`MACs ${macs(doc.graph)} → ${macs(result.graph)}\nwrote ${output}\n`)
    return 0
  },
}

function pruneMagnitude(file: string, output: string, flags: Record<string, unknown>): number {
  const sparsity = fractionFlag('sparsity', flags.sparsity)
  const format = flags.format ?? 'dense'
  if (format !== 'dense' && format !== 'sparse') throw new UsageError(`--format takes dense or sparse, got '${String(format)}'`)
  const layers = typeof flags.layers === 'string' ? flags.layers.split(',').map((s) => s.trim()).filter((s) => s !== '') : undefined
  const doc = readProject(file)
  const library = getLibrary(doc.library)
  if (!library) throw new CliFailure(`the project uses library '${doc.library}', which this TinyForge does not know`)
  const perLayer = typeof flags['per-layer'] === 'string' ? perLayerFile(flags['per-layer']) : undefined
  let result
  try {
    result = magnitudePrune(doc.graph, library, { sparsity, layers, perLayer, format })
  } catch (err) {
    if (err instanceof SparsityError) throw new CliFailure(`cannot prune ${file}: ${err.message}`)
    throw err
  }
  try {
    writeFileSync(output, serializeProject({ ...doc, graph: result.graph }))
  } catch (err) {
    throw new CliFailure(`cannot write ${output}: ${systemReason(err)}`)
  }
  for (const l of result.layers) {
    out(`${l.name}: ${(((l.weights - l.nnz) / l.weights) * 100).toFixed(1)} % zeros (${l.nnz}/${l.weights} non-zero), ${l.bytesBefore} → ${l.bytesAfter} B\n`)
  }
  const target = doc.targets.map(getTarget).find((t) => t !== undefined) ?? getTarget('nucleo-f446re')!
  const [d] = compressionDelta(doc.graph, result.graph, library, [target])
  out(`${target.name}: ${deltaText(d)}${format === 'dense' ? ' — dense kernels store and multiply the zeros; --format sparse (int8) ' +
    'stores a bitmap + the non-zero values' : ''}\n`)
  out(`wrote ${output}\n`)
  return 0
}
