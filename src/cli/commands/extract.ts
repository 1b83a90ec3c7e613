/**
 * `tinyforge extract <family> --supernet <supernet.npz> --variant knob=value,… -o <project> [--data <calib images>
 * [--labels l] --calib-samples N] [--test-data <images> --test-labels <labels> [--accuracies f]] [--engine wasm|ts]`:
 * a variant's weights sliced from a trained supernet (pipelines/explore/supernet.ts) as an ordinary project. With
 * --data the project is quantized from min/max ranges over the first N calibration samples (default 1,000); with
 * --test-data its int8 accuracy is measured by the int8 engine and printed, and with --accuracies also recorded under
 * the variant's key in that accuracies file (created, or updated in place: accuracies.ts), which `tinyforge explore
 * --accuracies` and the Explore tab read. A supernet or accuracies file of another family: one line, exit 1.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { basename } from 'node:path'
import { createInt8Engine, isInt8EngineId } from '../../core/engine/create-int8-engine.ts'
import { serializeProject } from '../../core/formats/project/index.ts'
import { applyChanges } from '../../core/ir/changes.ts'
import type { Graph } from '../../core/ir/types.ts'
import { autoLayout } from '../../core/layout/auto-layout.ts'
import type { AccuraciesFile, MeasuredAccuracy } from '../../core/pipelines/explore/accuracies.ts'
import { emptyAccuracies, parseAccuracies, serializeAccuracies, withAccuracy } from '../../core/pipelines/explore/accuracies.ts'
import type { Family, KnobValues } from '../../core/pipelines/explore/family.ts'
import { FamilyError, describeValues } from '../../core/pipelines/explore/family.ts'
import { pointKey } from '../../core/pipelines/explore/space.ts'
import { extractVariant } from '../../core/pipelines/explore/supernet.ts'
import { quantizeCalibrated, readSupernetFile } from '../../core/pipelines/explore/supernet-file.ts'
import { argmax } from '../../core/pipelines/validation.ts'
import { QuantError } from '../../core/quant/kernel-params.ts'
import { getLibrary } from '../../core/vendors/registry.ts'
import { UsageError } from '../args.ts'
import type { Command } from '../command.ts'
import { out } from '../command.ts'
import { resolveFamily } from '../family-args.ts'
import { CliFailure, readData, systemReason } from './data-path.ts'

export function parseVariant(family: Family, text: string): KnobValues {
  const values: Record<string, number> = {}
  for (const part of text.split(',').map((s) => s.trim()).filter(Boolean)) {
    const [k, v] = part.split('=')
    const knob = family.knobs.find((x) => x.name === k)
    if (!knob || v === undefined) throw new UsageError(`--variant takes knob=value pairs (${family.knobs.map((x) => x.name).join(', ')}), got '${part}'`)
    const n = Number(v)
    if (!knob.values.includes(n)) throw new UsageError(`--variant: ${k} takes ${knob.values.join(', ')}, not '${v}'`)
    values[k] = n
  }
  const missing = family.knobs.filter((k) => values[k.name] === undefined).map((k) => k.name)
  if (missing.length > 0) throw new UsageError(`--variant: no value for ${missing.join(', ')}`)
  return values
}

export const extract: Command = {
  name: 'extract',
  usage: '<family> --supernet <supernet.npz> --variant knob=value,… -o <project> [--data calib --calib-samples N] [--test-data x --test-labels y [--accuracies f]]',
  summary: "Extract a variant's weights from a family's trained supernet as a project (optionally quantized and measured)",
  flags: {
    supernet: { kind: 'string' }, variant: { kind: 'string' }, output: { kind: 'string', short: 'o' }, data: { kind: 'string' },
    labels: { kind: 'string' }, 'calib-samples': { kind: 'string' }, 'test-data': { kind: 'string' }, 'test-labels': { kind: 'string' },
    engine: { kind: 'string' }, accuracies: { kind: 'string' },
  },
  maxPositional: 1,
  async run(args) {
    const family = resolveFamily(args.positional[0])
    const { supernet: file, variant, output } = args.flags
    if (typeof file !== 'string') throw new UsageError('missing --supernet <supernet.npz>')
    if (typeof variant !== 'string') throw new UsageError('missing --variant knob=value,…')
    if (typeof output !== 'string') throw new UsageError('missing -o <project.tinyforge.json>')
    const values = parseVariant(family, variant)
    const calibCount = Number(args.flags['calib-samples'] ?? 1000)
    if (!Number.isInteger(calibCount) || calibCount < 1) throw new UsageError('--calib-samples takes a whole number ≥ 1')
    const engineId = String(args.flags.engine ?? 'wasm')
    if (!isInt8EngineId(engineId)) throw new UsageError(`--engine takes wasm or ts, got '${engineId}'`)
    const accFile = args.flags.accuracies
    if (typeof accFile === 'string' && (typeof args.flags['test-data'] !== 'string' || typeof args.flags.data !== 'string')) {
      throw new UsageError('--accuracies records a measured accuracy: it needs --data (calibration) and --test-data')
    }
    try {
      let bytes: Uint8Array
      try {
        bytes = new Uint8Array(readFileSync(file))
      } catch (err) {
        throw new CliFailure(`cannot read ${file}: ${systemReason(err)}`)
      }
      let graph: Graph
      let accuracy = ''
      let measured: MeasuredAccuracy | undefined
      let accuracies: AccuraciesFile | undefined
      try {
        if (typeof accFile === 'string') {
          let text: string | undefined
          try {
            if (existsSync(accFile)) text = readFileSync(accFile, 'utf8')
          } catch (err) {
            throw new CliFailure(`cannot read ${accFile}: ${systemReason(err)}`)
          }
          accuracies = text === undefined ? emptyAccuracies(family) : parseAccuracies(text, basename(accFile), family)
        }
        graph = extractVariant(family, readSupernetFile(bytes, basename(file)), values, basename(file))
        if (typeof args.flags.data === 'string') {
          const calib = readData(graph, args.flags.data, typeof args.flags.labels === 'string' ? args.flags.labels : undefined).samples.slice(0, calibCount)
          graph = quantizeCalibrated(graph, getLibrary(family.library)!.scheme, calib).graph
          if (typeof args.flags['test-data'] === 'string') {
            const test = readData(graph, args.flags['test-data'], typeof args.flags['test-labels'] === 'string' ? args.flags['test-labels'] : undefined)
            if (!test.labels) throw new CliFailure('--test-data needs labels (--test-labels, or class folders)')
            const engine = await createInt8Engine(engineId)
            const model = engine.prepare(graph, getLibrary(family.library)!.scheme)
            const inputId = graph.nodes.find((n) => n.op === 'Input')!.id
            let correct = 0
            test.samples.forEach((x, i) => {
              if (argmax(model.run(model.preprocess({ [inputId]: x }), { capture: 'outputs' }).get(model.prepared.outputIds[0])!) === test.labels![i]) correct++
            })
            model.dispose()
            measured = { int8Accuracy: correct / test.samples.length, correct, samples: test.samples.length, evaluatedOn: basename(args.flags['test-data']),
              engine: engineId, weights: basename(file) }
            accuracy = `int8 accuracy (${engineId} int8 engine) on ${basename(args.flags['test-data'])}: ${(100 * correct / test.samples.length).toFixed(2)}% (${correct}/${test.samples.length}); calibrated on ${calib.length} samples\n`
          }
        }
      } catch (err) {
        if (err instanceof FamilyError || err instanceof QuantError) throw new CliFailure(err.message)
        throw err
      }
      const placed = applyChanges(graph, autoLayout(graph)).graph
      try {
        writeFileSync(output, serializeProject({ name: `${family.name}: ${describeValues(family, values)} (from supernet)`, library: family.library, targets: [], graph: placed }))
      } catch (err) {
        throw new CliFailure(`cannot write ${output}: ${systemReason(err)}`)
      }
      let recorded = ''
      if (typeof accFile === 'string' && accuracies && measured) {
        try {
          writeFileSync(accFile, serializeAccuracies(withAccuracy(accuracies, pointKey(family, values), measured)))
        } catch (err) {
          throw new CliFailure(`cannot write ${accFile}: ${systemReason(err)}`)
        }
        recorded = `recorded ${pointKey(family, values)} in ${accFile}\n`
      }
      out(`${accuracy}wrote ${output}\n${recorded}`)
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
