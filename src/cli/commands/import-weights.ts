/**
 * `tinyforge import-weights <project> <weights.npz> -o <project>`: takes the trained weights of a weights file
 * (pipelines/import-weights.ts): every tensor checked against the graph, quantized with the learned
 * activation ranges, verified against the file's int8 model, the training run recorded. Nothing is written unless
 * all of it succeeds. Exit 0 written, 1 unreadable or unfitting input (one line), 2 bad arguments.
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { basename } from 'node:path'
import { WeightsImportError, importWeights } from '../../core/pipelines/import-weights.ts'
import { serializeProject } from '../../core/formats/project/index.ts'
import type { ProjectDoc } from '../../core/ir/project.ts'
import type { TrainingRun } from '../../core/ir/training-run.ts'
import { UsageError } from '../args.ts'
import type { Command } from '../command.ts'
import { out } from '../command.ts'
import { CliFailure, readProject, systemReason } from './data-path.ts'

const USAGE = '<project> <weights.npz> -o <project>'

const pct = (x: number | null): string => (x === null ? 'n/a' : `${(100 * x).toFixed(2)}%`)

export function describeRun(run: TrainingRun): string {
  const r = run.result
  return `training run of ${run.date} (${run.backend}, ${run.device} × ${run.ranks}): ${run.epochs.length} epochs on ` +
    `${run.dataset.train} samples; int8 accuracy ${pct(r.int8Accuracy)} on ${r.samples} ${r.evaluatedOn} samples ` +
    `(float ${pct(r.floatAccuracy)}, QAT ${pct(r.qatAccuracy)})`
}

/** Reads the weights file and applies it to the project (CliFailure with one line when it cannot). */
export function applyWeightsFile(doc: ProjectDoc, weightsPath: string): ReturnType<typeof importWeights> {
  let bytes: Uint8Array
  try {
    bytes = new Uint8Array(readFileSync(weightsPath))
  } catch (err) {
    throw new CliFailure(`cannot read ${weightsPath}: ${systemReason(err)}`)
  }
  try {
    return importWeights(doc, bytes, basename(weightsPath))
  } catch (err) {
    if (err instanceof WeightsImportError) throw new CliFailure(err.message)
    throw err
  }
}

export const importWeightsCommand: Command = {
  name: 'import-weights',
  usage: USAGE,
  summary: 'Take trained weights (a weights file from the PyTorch project) into a project, quantized with the learned ranges',
  flags: { output: { kind: 'string', short: 'o' } },
  maxPositional: 2,
  run(args) {
    const [file, weights] = args.positional
    if (file === undefined) throw new UsageError(`missing project file (usage: tinyforge import-weights ${USAGE})`)
    if (weights === undefined) throw new UsageError(`missing weights file (usage: tinyforge import-weights ${USAGE})`)
    const output = args.flags.output
    if (typeof output !== 'string') throw new UsageError('missing -o <project>')
    try {
      const doc = readProject(file)
      const result = applyWeightsFile(doc, weights)
      try {
        writeFileSync(output, serializeProject(result.doc))
      } catch (err) {
        throw new CliFailure(`cannot write ${output}: ${systemReason(err)}`)
      }
      out(`imported ${result.tensors} tensors of ${result.nodes} nodes from ${weights}; quantized with the learned ranges ` +
        `(${doc.library}); the int8 model matches the file's\n`)
      if (result.run) out(`${describeRun(result.run)}\n`)
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
