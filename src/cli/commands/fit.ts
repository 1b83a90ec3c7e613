/**
 * `tinyforge fit <family> --target <id|file> [--ram-reserve B] [--flash-reserve B] [--latency-ms X] [--energy-uj X]
 * [--score macs|params|accuracy] [--accuracies f] -o <project>`: the best variant of a family that fits one board under the
 * constraints (the highest score — MACs by default, the measured int8 accuracy with --accuracies, falling back to MACs
 * when no measured variant fits — then the lowest latency), written as a project file with its figures on stdout.
 * Exit 1 with one line when no variant fits.
 */
import { writeFileSync } from 'node:fs'
import { basename } from 'node:path'
import { applyChanges } from '../../core/ir/changes.ts'
import { autoLayout } from '../../core/layout/auto-layout.ts'
import { serializeProject } from '../../core/formats/project/index.ts'
import { explore } from '../../core/pipelines/explore/explore.ts'
import { describeValues, instantiate } from '../../core/pipelines/explore/family.ts'
import { fitTargets } from '../../core/pipelines/explore/fit.ts'
import { CATALOG_TARGETS } from '../../core/targets/catalog.ts'
import type { Target } from '../../core/targets/types.ts'
import { UsageError } from '../args.ts'
import type { Command } from '../command.ts'
import { out } from '../command.ts'
import { CONSTRAINT_FLAGS, SCORE_FLAGS, constraintsOf, resolveFamily, scoreOf } from '../family-args.ts'
import { readTargetFiles } from './estimate.ts'

export const fit: Command = {
  name: 'fit',
  usage: '<family> --target <id|file> [--ram-reserve B] [--flash-reserve B] [--latency-ms X] [--energy-uj X] [--score macs|params|accuracy] [--accuracies f] -o <project>',
  summary: 'Write the best variant of a network family that fits a board under the constraints as a project',
  flags: { target: { kind: 'string' }, output: { kind: 'string', short: 'o' }, ...SCORE_FLAGS, 'max-variants': { kind: 'string' },
    ...CONSTRAINT_FLAGS },
  maxPositional: 1,
  run(args) {
    const family = resolveFamily(args.positional[0])
    const spec = args.flags.target
    if (typeof spec !== 'string') throw new UsageError('missing --target <catalog id or board file>')
    const output = args.flags.output
    if (typeof output !== 'string') throw new UsageError('missing -o <project.tinyforge.json> to write')
    const target: Target = CATALOG_TARGETS.find((t) => t.id === spec) ?? targetFile(spec)
    const result = explore(family, { targets: [target], constraints: constraintsOf(args), ...scoreOf(args, family) })
    const [best] = fitTargets(result, [target])
    if (!best.best) {
      throw new Error(`no variant of ${family.id} fits ${target.id} under the constraints ` +
        `(${result.variants.length} variants evaluated, ${result.invalid} cannot run with ${family.library})`)
    }
    const v = best.best
    const graph = instantiate(family, v.values)
    const placed = applyChanges(graph, autoLayout(graph)).graph
    const name = `${family.name}: ${describeValues(family, v.values)}`
    try {
      writeFileSync(output, serializeProject({ name, library: family.library, targets: [target.id], graph: placed }))
    } catch (err) {
      throw new Error(`cannot write ${output}: ${err instanceof Error ? err.message : String(err)}`)
    }
    const ranked = best.basis === 'accuracy' ? `measured int8 accuracy ${(100 * v.accuracy!).toFixed(2)} %; `
      : result.score === 'accuracy' ? 'no measured variant fits, ranked by MACs; ' : ''
    out(`${target.id}: ${describeValues(family, v.values)} — ${ranked}${v.macs} MACs, ${v.params} parameters; flash ${v.flashBytes[0]} B, ` +
      `RAM ${v.ramBytes[0]} B, ${v.latencyMs[0].toFixed(2)} ms, ${v.energyUj[0].toFixed(1)} µJ ` +
      `(${best.fitting} of ${best.valid} valid variants fit)\nwrote ${basename(output)}\n`)
    return 0
  },
}

function targetFile(spec: string): Target {
  if (!spec.endsWith('.json')) throw new UsageError(`unknown target '${spec}'; give a catalog id (tinyforge targets) or a board .json file`)
  return readTargetFiles([spec], [])[0]
}
