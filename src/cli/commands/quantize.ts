/**
 * `tinyforge quantize <project> -o <project> [--scheme s8|pow2] [--calib dir|file.npy] [--method minmax|percentile|mse]`:
 * post-training quantization of a project (pipelines/ptq.ts) written as a new project file. The scheme defaults to the
 * project library's; a different --scheme switches the project to the first library of that scheme (said on
 * stdout). Without --calib, 16 seeded synthetic samples calibrate. Nothing is written unless quantization
 * succeeds. Exit 0 written, 1 unreadable/unquantizable input, 2 bad arguments.
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
import { UsageError } from '../args.ts'
import type { Command } from '../command.ts'
import { out } from '../command.ts'
import { CliFailure, readData, readProject, systemReason } from './data-path.ts'

const USAGE = '<project> -o <project> [--scheme s8|pow2] [--calib dir|file.npy] [--method minmax|percentile|mse]'
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
  flags: { output: { kind: 'string', short: 'o' }, scheme: { kind: 'string' }, calib: { kind: 'string' }, method: { kind: 'string' } },
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
    try {
      const doc = readProject(file)
      const current = getLibrary(doc.library)
      const target = scheme ?? current?.scheme ?? 's8'
      const library = current?.scheme === target ? current : LIBRARIES.find((l) => l.scheme === target)!
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
      const source = calib ? `${count} samples from ${args.flags.calib}` : `${count} seeded synthetic samples`
      out(`quantized ${file} (${target}, ${method}, ${source}): ${graph.nodes.length} nodes, ${weighted} with int8 weights\n`)
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
