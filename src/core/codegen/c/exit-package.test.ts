/**
 * A C package with two early exits, built and run as a user runs it: `make test SANITIZE=1` on the host and
 * `make test-qemu-m4`, on vectors whose int8 engine outcomes cover exit A, exit B and the main path (both schemes on
 * the host). main.c checks `<prefix>_exit()` and every output byte (unreached outputs zero) against the TypeScript
 * engine's early-exit run, and the QEMU instruction counts per vector grow with the exit taken.
 */
import { afterAll, describe, expect, it } from 'vitest'
import { applyChanges } from '../../ir/changes.ts'
import type { Graph } from '../../ir/types.ts'
import { mulberry32 } from '../../ir/seeded-init.ts'
import type { QuantScheme } from '../../quant/scheme.ts'
import { quantized } from '../../testing/c-fixtures.ts'
import { removeTempDirs, run, tempDir, writeFiles } from '../../testing/c-toolchain.ts'
import { EXIT_NET } from '../../testing/fixture-graphs.ts'
import type { TestVector } from './example-source.ts'
import { expectedOutputs, testVectorsHeader } from './example-source.ts'
import { buildPackageModel } from './package-model.ts'
import { generateCPackage } from './generate-package.ts'
import { getLibrary } from '../../vendors/registry.ts'

afterAll(removeTempDirs)

// pow2's base-2 softmax saturates on these seeded weights (p = 254 almost always), so exit B uses the margin rule there.
const THRESHOLDS: Record<QuantScheme, { a: number; b: number; ruleB: string }> = {
  s8: { a: 12, b: 65, ruleB: 'softmax' }, pow2: { a: 8, b: 4, ruleB: 'margin' },
}

function exitGraph(scheme: QuantScheme): Graph {
  let g = quantized(EXIT_NET, scheme)
  const t = THRESHOLDS[scheme]
  for (const [id, attrs] of [['exit_a', { threshold: t.a }], ['exit_b', { threshold: t.b, rule: t.ruleB }]] as const) {
    const node = g.nodes.find((n) => n.id === id)!
    g = applyChanges(g, [{ type: 'updateNode', id, set: { attrs: { ...node.attrs, ...attrs } } }]).graph
  }
  return g
}

/** `count` seeded vectors with the engine's early-exit outcome. */
function vectors(graph: Graph, scheme: QuantScheme, count: number): TestVector[] {
  const model = buildPackageModel(graph, getLibrary(scheme === 's8' ? 'cmsis-nn' : 'pow2-q7')!)
  const next = mulberry32(21)
  return Array.from({ length: count }, () => {
    const input = Int8Array.from({ length: 144 }, () => Math.floor(next() * 256) - 128)
    return { input, ...expectedOutputs(graph, model, { in: input }) }
  })
}

describe('C package with early exits', () => {
  it.each(['s8', 'pow2'] as const)('%s: invoke stops at the int8 engine\'s exit with its bytes (host, ASan + UBSan; QEMU M4 for s8)', (scheme) => {
    const graph = exitGraph(scheme)
    const library = scheme === 's8' ? 'cmsis-nn' : 'pow2-q7'
    const files = generateCPackage(graph, { prefix: 'ee', library })
    const header = String(files.get('include/ee.h'))
    expect(header).toContain('#define EE_EXIT_COUNT 2\n#define EE_EXIT0_OUTPUT 1\n#define EE_EXIT1_OUTPUT 2\nint ee_exit(void);')
    const tv = vectors(graph, scheme, 16)
    const outcomes = [0, 1, 2].map((k) => tv.filter((v) => v.exit === k).length)
    expect(outcomes.every((n) => n >= 2), `outcomes ${outcomes.join('/')}`).toBe(true)
    files.set('examples/test_vectors.h', testVectorsHeader('ee', tv, 'early-exit test'))
    const dir = tempDir(`ee-${scheme}`)
    writeFiles(dir, files)
    const host = run('make', ['-s', 'test', 'SANITIZE=1'], dir)
    expect(host.output).toContain('ee: 16/16 vectors bit-exact (30 output bytes each) on host\nee: zero-copy run bit-exact\n')
    expect(host.stderr).toBe('')
    expect(host.code).toBe(0)
    const reported = [...host.stdout.matchAll(/vector (\d+): ok, \d+ ticks, exit (\d)/g)].map((m) => Number(m[2]))
    expect(reported).toEqual(tv.map((v) => v.exit))
    if (scheme !== 's8') return
    const qemu = run('make', ['-s', 'test-qemu-m4'], dir, 300_000)
    expect(qemu.stderr).toContain('ee: 16/16 vectors bit-exact (30 output bytes each) on qemu mps2-an386 (Cortex-M4)\n')
    expect(qemu.code).toBe(0)
    // Instructions per invoke (qemu -icount shift=0: one tick per instruction) by exit: exit A < exit B < main path.
    const byExit = new Map<number, number[]>()
    for (const m of qemu.stderr.matchAll(/vector \d+: ok, (\d+) ticks, exit (\d)/g)) byExit.set(Number(m[2]), [...(byExit.get(Number(m[2])) ?? []), Number(m[1])])
    const [a, b, main] = [0, 1, 2].map((k) => Math.max(...byExit.get(k)!))
    expect(Math.min(...byExit.get(1)!)).toBeGreaterThan(a)
    expect(Math.min(...byExit.get(2)!)).toBeGreaterThan(b)
    expect(main).toBeGreaterThan(b)
  }, 300_000)
})
