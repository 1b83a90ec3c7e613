/**
 * `npm run bench`, family explorer part: every variant of the shipped families estimated on the bench's 20 targets
 * (18 catalog + 2 custom boards), with the score-vs-cost fronts per target — the figure is ≥ 10,000 variants
 * in under 5 s (mobilenet-v1's 12,800-point space, enumerated; mobilenet-v2's 10^7 space sampled to 10,000 with
 * evolution). In-process on the main thread, as the explorer's worker runs it.
 */
import { explore } from '../src/core/pipelines/explore/explore.ts'
import { familyById } from '../src/core/pipelines/explore/families/index.ts'
import type { Target } from '../src/core/targets/types.ts'
import { formatTable } from '../src/cli/table.ts'

export function printExploreBench(targets: readonly Target[]): void {
  const rows = [['family', 'space', 'evaluated', 'strategy', 'time s', 'variants/s', 'invalid', 'front points (all targets)']]
  for (const [id, budget] of [['mobilenet-v1', 20_000], ['mobilenet-v2', 10_000], ['resnet', 20_000]] as const) {
    const family = familyById(id)!
    const started = performance.now()
    const r = explore(family, { targets, maxVariants: budget })
    const seconds = (performance.now() - started) / 1000
    const points = r.fronts.reduce((s, f) => s + f.fronts.latencyMs.length + f.fronts.ramBytes.length + f.fronts.flashBytes.length + f.fronts.energyUj.length, 0)
    rows.push([id, String(r.spaceSize), String(r.variants.length), r.strategy, seconds.toFixed(2), Math.round(r.variants.length / seconds).toString(),
      String(r.invalid), String(points)])
  }
  console.log(`explore(family) on ${targets.length} targets, with fronts (target: ≥ 10,000 variants in < 5 s)`)
  console.log(formatTable(rows))
  console.log('')
}
