/**
 * `tinyforge explore <family> [--targets all|id,id] [--target-file f]... [constraints] [--max-variants N] [--seed N]
 * [--score macs|params|accuracy] [--accuracies f] [--json]`: estimates every variant of a family (or a sample refined by evolution, for spaces
 * larger than --max-variants) on the boards and prints the score-vs-cost Pareto front per board (score: MACs by
 * default, parameters with --score params, the measured int8 accuracy with --accuracies (only measured variants are
 * then on the fronts); fronts against latency, RAM, flash and energy). Constraints: see
 * family-args.ts. Variants the library cannot run are counted and listed (first five, with the reason).
 *
 * JSON: { family, spaceSize, evaluated, strategy, score, elapsedMs, invalid: { count, examples: [{ values, reason }] },
 * targets: [{ id, meeting, fronts: { latencyMs | ramBytes | flashBytes | energyUj: [{ values, macs, params,
 * flashBytes, ramBytes, latencyMs, energyUj, accuracy? }] } }], measured }.
 */
import type { ExploreResult, Variant } from '../../core/pipelines/explore/explore.ts'
import { COSTS, explore as exploreFamily } from '../../core/pipelines/explore/explore.ts'
import { describeValues } from '../../core/pipelines/explore/family.ts'
import type { Target } from '../../core/targets/types.ts'
import { UsageError } from '../args.ts'
import type { Command } from '../command.ts'
import { out, printJson } from '../command.ts'
import { CONSTRAINT_FLAGS, SCORE_FLAGS, constraintsOf, resolveFamily, scoreOf } from '../family-args.ts'
import { formatTable } from '../table.ts'
import { pickCatalogTargets, readTargetFiles } from './estimate.ts'

export const explore: Command = {
  name: 'explore',
  usage: '<family> [--targets all|id,id] [--target-file f]... [--ram-reserve B] [--flash-reserve B] [--latency-ms X] [--energy-uj X] ' +
    '[--constraints k=v,…] [--max-variants N] [--seed N] [--score macs|params|accuracy] [--accuracies f] [--json]',
  summary: 'Estimate every variant of a network family on many boards and print the Pareto fronts per board',
  flags: { targets: { kind: 'string' }, 'target-file': { kind: 'strings' }, 'max-variants': { kind: 'string' }, seed: { kind: 'string' },
    json: { kind: 'boolean' }, ...SCORE_FLAGS, ...CONSTRAINT_FLAGS },
  maxPositional: 1,
  run(args) {
    const family = resolveFamily(args.positional[0])
    const catalog = pickCatalogTargets(typeof args.flags.targets === 'string' ? args.flags.targets : undefined)
    const targets = [...catalog, ...readTargetFiles((args.flags['target-file'] as string[] | undefined) ?? [], catalog)]
    const result = exploreFamily(family, {
      targets, constraints: constraintsOf(args), ...scoreOf(args, family),
      maxVariants: wholeFlag(args.flags['max-variants'], 'max-variants', 1), seed: wholeFlag(args.flags.seed, 'seed', 0),
    })
    if (args.flags.json) printJson(toJson(result, targets))
    else out(renderText(result, targets, (v) => describeValues(family, v.values)))
    return 0
  },
}

function wholeFlag(v: unknown, name: string, min: number): number | undefined {
  if (typeof v !== 'string') return undefined
  const n = Number(v)
  if (!Number.isInteger(n) || n < min) throw new UsageError(`--${name} takes a whole number ≥ ${min}, got '${v}'`)
  return n
}

const point = (v: Variant, t: number) => ({ values: v.values, macs: v.macs, params: v.params, flashBytes: v.flashBytes[t],
  ramBytes: v.ramBytes[t], latencyMs: v.latencyMs[t], energyUj: v.energyUj[t], ...(v.accuracy !== undefined ? { accuracy: v.accuracy } : {}) })

export function toJson(r: ExploreResult, targets: readonly Target[]) {
  const invalid = r.variants.filter((v) => !v.ok)
  return {
    family: r.family, spaceSize: r.spaceSize, evaluated: r.variants.length, strategy: r.strategy, score: r.score, measured: r.measured, elapsedMs: r.elapsedMs,
    invalid: { count: invalid.length, examples: invalid.slice(0, 5).map((v) => ({ values: v.values, reason: v.errors[0] ?? '' })) },
    targets: r.fronts.map((f, t) => ({ id: targets[t].id, meeting: f.meeting,
      fronts: Object.fromEntries(COSTS.map((c) => [c, f.fronts[c].map((i) => point(r.variants[i], t))])) })),
  }
}

function renderText(r: ExploreResult, targets: readonly Target[], describe: (v: Variant) => string): string {
  const rows = [['TARGET', 'MEETING', 'FRONT (latency)', 'BEST SCORE', 'ITS LATENCY', 'ITS RAM', 'ITS FLASH']]
  r.fronts.forEach((f, t) => {
    const front = f.fronts.latencyMs
    const best = front.length > 0 ? r.variants[front[front.length - 1]] : undefined
    rows.push([targets[t].id, `${f.meeting}/${r.variants.length}`, String(front.length), best ? (r.score === 'accuracy' ? `${(100 * best.accuracy!).toFixed(2)} %` : `${best[r.score === 'params' ? 'params' : 'macs']}`) : '—',
      best ? `${best.latencyMs[t].toFixed(2)} ms` : '—', best ? `${best.ramBytes[t]} B` : '—', best ? `${best.flashBytes[t]} B` : '—'])
  })
  const invalid = r.variants.filter((v) => !v.ok)
  const lines = [`${r.family}: ${r.variants.length} of ${r.spaceSize} variants evaluated (${r.strategy}) in ${r.elapsedMs} ms; score ${r.score}${r.measured ? ` (${r.measured} with a measured accuracy)` : ''}`,
    `${invalid.length} variants cannot run with the library${invalid.length ? `, e.g. ${describe(invalid[0])}: ${invalid[0].errors[0]}` : ''}`, '',
    formatTable(rows)]
  return `${lines.join('\n')}\n`
}
