/**
 * Issue 14's last criterion on the Early-exit CNN template's own package: the QEMU instruction count at each exit is
 * within 10 % of the estimator's predicted share of the full network's cost. Three builds of the package (portable
 * kernels, `make test-qemu-m4`, qemu -icount: one tick per instruction) differ only in thresholds: exit 1 always fires
 * (softmax rule, threshold 0), exit 2 always fires (exit 1 never: 256), no exit fires. Measured share at exit k = mean
 * ticks per invoke of build k ÷ those of the full build; predicted = exit-costs.ts's prefixMs[k] / fullMs for the
 * portable runtime on a Cortex-M4 board (the per-layer instruction model's split; docs/early-exit.md).
 */
import { afterAll, describe, expect, it } from 'vitest'
import { analyzeGraph } from '../../analysis/analyze-graph.ts'
import { estimate } from '../../estimate/estimate.ts'
import { exitSites, exitTargetCosts } from '../../estimate/exit-costs.ts'
import type { Graph } from '../../ir/types.ts'
import { CATALOG_TARGETS } from '../../targets/catalog.ts'
import { templateGraph } from '../../testing/c-fixtures.ts'
import { removeTempDirs, run, tempDir, writeFiles } from '../../testing/c-toolchain.ts'
import { getLibrary } from '../../vendors/registry.ts'
import { generateCPackage } from './generate-package.ts'

afterAll(removeTempDirs)

const library = getLibrary('cmsis-nn')!
const m4 = CATALOG_TARGETS.find((t) => t.id === 'nucleo-l4r5zi')!

const withThresholds = (g: Graph, thresholds: readonly number[]): Graph => {
  const exits = g.nodes.filter((n) => n.op === 'Exit').map((n) => n.id)
  return { ...g, nodes: g.nodes.map((n) => (n.op === 'Exit' ? { ...n, attrs: { ...n.attrs, threshold: thresholds[exits.indexOf(n.id)] } } : n)) }
}

/** Mean ticks (instructions) per invoke over the package's test vectors, and the exit each vector reported. */
function ticksOnQemu(graph: Graph, label: string): { mean: number; exits: number[] } {
  const dir = tempDir(`ee-share-${label}`)
  writeFiles(dir, generateCPackage(graph, { prefix: 'ee', library }))
  const r = run('make', ['-s', 'test-qemu-m4'], dir, 300_000)
  expect(r.code, r.output.slice(-2000)).toBe(0)
  const rows = [...r.stderr.matchAll(/vector \d+: ok, (\d+) ticks, exit (\d)/g)].map((m) => ({ ticks: Number(m[1]), exit: Number(m[2]) }))
  expect(rows.length).toBeGreaterThan(0)
  return { mean: rows.reduce((s, x) => s + x.ticks, 0) / rows.length, exits: rows.map((x) => x.exit) }
}

describe('Early-exit CNN on QEMU M4: instructions at each exit against the estimator\'s share', () => {
  it('is within 10 % at both exits (portable kernels)', () => {
    const graph = templateGraph('early-exit-cnn', 's8')
    const analysis = analyzeGraph(graph, library)
    const report = estimate(graph, library, [m4], { analysis, runtime: 'portable' })
    const [costs] = exitTargetCosts(report, graph, exitSites(graph, analysis), analysis)
    expect(costs.shareBasis).toBe('portable/s8/dsp')
    const predicted = costs.prefixMs.map((ms) => ms / costs.fullMs)
    const exit1 = ticksOnQemu(withThresholds(graph, [0, 256]), 'exit1')
    const exit2 = ticksOnQemu(withThresholds(graph, [256, 0]), 'exit2')
    const full = ticksOnQemu(withThresholds(graph, [256, 256]), 'full')
    expect(new Set(exit1.exits)).toEqual(new Set([0]))
    expect(new Set(exit2.exits)).toEqual(new Set([1]))
    expect(new Set(full.exits)).toEqual(new Set([2]))
    const measured = [exit1.mean / full.mean, exit2.mean / full.mean]
    const differences = predicted.map((p, k) => (p - measured[k]) / measured[k])
    const said = `measured ${measured.map((x) => (100 * x).toFixed(2)).join(' / ')} %, predicted ${predicted.map((x) => (100 * x).toFixed(2)).join(' / ')} %`
    for (const d of differences) expect(Math.abs(d), said).toBeLessThan(0.1)
  }, 120_000)
})
