/**
 * `tinyforge precision <project> [--int4 name,name…|all] [--int8 name,name…] -o <project>`: the per-layer weight format
 * (core/pipelines/precision/weight-precision.ts). On a float project it records the choice, which `tinyforge quantize`
 * honours; on a quantized (int8) project it requantizes the named layers to int4 now from their int8 values (the project
 * keeps no float weights), scales and biases included, activations kept — no calibration. --int8 sets layers back
 * (a quantized int4 layer keeps its int4 values; quantize the float model again for 8-bit weights). Prints each layer's
 * weight bytes before → after. Nothing is written on a refusal. Exit 0 written, 1 bad project or refusal, 2 bad arguments.
 */
import { writeFileSync } from 'node:fs'
import { serializeProject } from '../../core/formats/project/index.ts'
import { applyChanges } from '../../core/ir/changes.ts'
import type { PrecisionChange } from '../../core/pipelines/precision/weight-precision.ts'
import { PrecisionError, int4CapableNodes, setWeightPrecision } from '../../core/pipelines/precision/weight-precision.ts'
import { getLibrary } from '../../core/vendors/registry.ts'
import { UsageError } from '../args.ts'
import type { Command } from '../command.ts'
import { out } from '../command.ts'
import { CliFailure, readProject, systemReason } from './data-path.ts'
import { layerList } from './quantize.ts'

const USAGE = '<project> [--int4 name,name…|all] [--int8 name,name…] -o <project>'

const ACTION: Record<PrecisionChange['action'], string> = {
  recorded: 'recorded (quantize to apply)', requantized: 'requantized from its int8 values', 'kept-values': 'int4 values kept as int8',
  unchanged: 'unchanged',
}

export const precision: Command = {
  name: 'precision',
  usage: USAGE,
  summary: 'Set layers to int4 packed weights (CMSIS-NN _s4 kernels) or back to int8; int8 layers are requantized from their int8 values',
  flags: { int4: { kind: 'string' }, int8: { kind: 'string' }, output: { kind: 'string', short: 'o' } },
  maxPositional: 1,
  run(args) {
    const file = args.positional[0]
    if (file === undefined) throw new UsageError(`missing project file (usage: tinyforge precision ${USAGE})`)
    const output = args.flags.output
    if (typeof output !== 'string') throw new UsageError('missing -o <project>')
    const to4 = layerList(args.flags.int4, '--int4')
    const to8 = layerList(args.flags.int8, '--int8')
    if (!to4 && !to8) throw new UsageError('give --int4 and/or --int8 with the layers to change')
    const doc = readProject(file)
    const library = getLibrary(doc.library)
    if (!library) throw new CliFailure(`the project uses library '${doc.library}', which this TinyForge does not know`)
    let graph = doc.graph
    const layers: PrecisionChange[] = []
    try {
      for (const [list, p] of [[to8, 'int8'], [to4, 'int4']] as const) {
        if (!list) continue
        const names = list.length === 1 && list[0] === 'all' ? (p === 'int4' ? int4CapableNodes(graph, library) : graph.nodes).map((n) => n.id) : list
        const r = setWeightPrecision(graph, library, names, p)
        graph = applyChanges(graph, r.changes).graph
        layers.push(...r.layers)
      }
    } catch (err) {
      if (err instanceof PrecisionError) throw new CliFailure(`cannot set the precision in ${file}: ${err.message}`)
      throw err
    }
    try {
      writeFileSync(output, serializeProject({ ...doc, graph }))
    } catch (err) {
      throw new CliFailure(`cannot write ${output}: ${systemReason(err)}`)
    }
    for (const l of layers) out(`${l.name}: ${l.from} → ${l.to}, ${ACTION[l.action]}, weights ${l.bytesBefore} → ${l.bytesAfter} B\n`)
    const before = layers.reduce((s, l) => s + l.bytesBefore, 0)
    const after = layers.reduce((s, l) => s + l.bytesAfter, 0)
    out(`weights of these layers ${before} → ${after} B\nwrote ${output}\n`)
    return 0
  },
}
