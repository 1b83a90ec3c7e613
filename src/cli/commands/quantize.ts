/**
 * `tinyforge quantize <project> -o <project> [--scheme s8|pow2] [--calib dir|file.npy] [--method minmax|percentile|mse]
 * [--int4 name,name…|all]`: post-training quantization of a project (pipelines/ptq.ts) written as a new project file.
 * The scheme defaults to the project library's; a different --scheme switches the project to the first library of that
 * scheme (said on stdout). Without --calib, 16 seeded synthetic samples calibrate. --int4 sets those layers (or every
 * layer that has an int4 kernel) to int4 weights first (pipelines/precision: kept on the nodes), so PTQ quantizes them
 * to int4 from the float weights. Nothing is written unless quantization succeeds. Exit 0 written, 1
 * unreadable/unquantizable input, 2 bad arguments.
 */
import { writeFileSync } from 'node:fs'
import { serializeProject } from '../../core/formats/project/index.ts'
import type { QuantScheme } from '../../core/quant/scheme.ts'
import { syntheticSamples } from '../../core/data/calibration-data.ts'
import { QuantError } from '../../core/quant/kernel-params.ts'
import type { CalibrationMethod } from '../../core/quant/observers.ts'
import { CALIBRATION_METHODS } from '../../core/quant/observers.ts'
import { quantizeGraph } from '../../core/pipelines/ptq.ts'
import { LIBRARIES, getLibrary } from '../../core/vendors/registry.ts'
import { applyChanges } from '../../core/ir/changes.ts'
import { PrecisionError, int4CapableNodes, setWeightPrecision } from '../../core/pipelines/precision/weight-precision.ts'
import { UsageError } from '../args.ts'
import type { Command } from '../command.ts'
import { out } from '../command.ts'
import { CliFailure, readData, readProject, systemReason } from './data-path.ts'

const USAGE = '<project> -o <project> [--scheme s8|pow2] [--calib dir|file.npy] [--method minmax|percentile|mse] [--int4 name,name…|all]'
export const SYNTHETIC_CALIBRATION_SAMPLES = 16
const SCHEMES: readonly QuantScheme[] = ['s8', 'pow2']

export function parseScheme(value: unknown): QuantScheme | undefined {
  if (value === undefined) return undefined
  if (typeof value !== 'string' || !SCHEMES.includes(value as QuantScheme)) {
    throw new UsageError(`--scheme must be ${SCHEMES.join(' or ')}, not '${String(value)}'`)
  }
  return value as QuantScheme
}

export const quantize: Command = {
  name: 'quantize',
  usage: USAGE,
  summary: 'Quantize a project to int8 (post-training, calibrated on data or seeded samples)',
  flags: { output: { kind: 'string', short: 'o' }, scheme: { kind: 'string' }, calib: { kind: 'string' }, method: { kind: 'string' },
    int4: { kind: 'string' } },
  maxPositional: 1,
  run(args) {
    const file = args.positional[0]
    if (file === undefined) throw new UsageError(`missing project file (usage: tinyforge quantize ${USAGE})`)
    const output = args.flags.output
    if (typeof output !== 'string') throw new UsageError('missing -o <project>')
    const scheme = parseScheme(args.flags.scheme)
    const method = (args.flags.method ?? 'minmax') as CalibrationMethod
    if (!CALIBRATION_METHODS.includes(method)) {
      throw new UsageError(`--method must be one of ${CALIBRATION_METHODS.join(', ')}, not '${String(args.flags.method)}'`)
    }
    const int4 = layerList(args.flags.int4, '--int4')
    try {
      let doc = readProject(file)
      const current = getLibrary(doc.library)
      const target = scheme ?? current?.scheme ?? 's8'
      const library = current?.scheme === target ? current : LIBRARIES.find((l) => l.scheme === target)!
      if (int4) {
        const names = int4.length === 1 && int4[0] === 'all' ? int4CapableNodes(doc.graph, library).map((n) => n.id) : int4
        if (names.length === 0) throw new CliFailure(`cannot quantize ${file}: no layer of the graph has an int4 kernel in ${library.name}`)
        try {
          doc = { ...doc, graph: applyChanges(doc.graph, setWeightPrecision(doc.graph, library, names, 'int4').changes).graph }
        } catch (err) {
          if (err instanceof PrecisionError) throw new CliFailure(`cannot quantize ${file}: ${err.message}`)
          throw err
        }
      }
      const calib = typeof args.flags.calib === 'string' ? readData(doc.graph, args.flags.calib) : undefined
      const samples = calib ? { [calib.inputId]: calib.samples } : syntheticSamples(doc.graph, SYNTHETIC_CALIBRATION_SAMPLES, 1)
      const count = calib ? calib.samples.length : SYNTHETIC_CALIBRATION_SAMPLES
      let graph
      try {
        graph = quantizeGraph(doc.graph, { scheme: target, method, samples })
      } catch (err) {
        if (err instanceof QuantError) throw new CliFailure(`cannot quantize ${file}: ${err.message}`)
        throw err
      }
      try {
        writeFileSync(output, serializeProject({ ...doc, library: library.id, graph }))
      } catch (err) {
        throw new CliFailure(`cannot write ${output}: ${systemReason(err)}`)
      }
      if (library.id !== doc.library) out(`library ${doc.library} → ${library.id} (scheme ${target})\n`)
      const weighted = graph.nodes.filter((n) => Object.values(n.weights ?? {}).some((t) => t.dtype === 'int8')).length
      const at4 = graph.nodes.filter((n) => n.weights?.weights?.encoding?.kind === 'int4').map((n) => n.name)
      const source = calib ? `${count} samples from ${args.flags.calib}` : `${count} seeded synthetic samples`
      out(`quantized ${file} (${target}, ${method}, ${source}): ${graph.nodes.length} nodes, ${weighted} with int8 weights` +
        (at4.length ? `, of which ${at4.length} int4 (${at4.join(', ')})` : '') + '\n')
      out(`wrote ${output}\n`)
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

/** A comma-separated list of layer names (undefined when the flag is absent). */
export function layerList(value: unknown, flag: string): string[] | undefined {
  if (value === undefined) return undefined
  const list = typeof value === 'string' ? value.split(',').map((s) => s.trim()).filter((s) => s !== '') : []
  if (list.length === 0) throw new UsageError(`${flag} takes a comma-separated list of layer names (or all)`)
  return list
}
