import { describe, expect, it } from 'vitest'
import { applyChanges } from '../../ir/changes.ts'
import { TS_INT8_ENGINE } from '../../engine/int8-engines.ts'
import { CATALOG_TARGETS } from '../../targets/catalog.ts'
import { templateGraph } from '../../testing/c-fixtures.ts'
import { templateById } from '../../templates/index.ts'
import { CMSIS_NN } from '../../vendors/cmsis-nn/index.ts'
import { DEFAULT_COMPRESS, compressPreview, compressionChanges } from './compress-plan.ts'
import { sensitivityScan } from './sensitivity.ts'

const m4 = CATALOG_TARGETS.find((t) => t.id === 'nucleo-f446re')!
const m7 = CATALOG_TARGETS.find((t) => t.id === 'nucleo-h7a3zi-q')!
const digits = templateGraph('digits-cnn', 's8')

describe('compression preview and edit', () => {
  it('prices structured pruning per layer and per target, and applies as one reversible edit', () => {
    const p = compressPreview(digits, CMSIS_NN, { ...DEFAULT_COMPRESS, ratio: 0.5 }, [m4, m7])
    expect(p.layers.map((l) => [l.name, l.note])).toEqual([['conv1', '8 → 4 ch'], ['conv2', '16 → 8 ch'], ['logits', null]])
    for (const l of p.layers) expect(l.bytesAfter).toBeLessThan(l.bytesBefore)
    expect(p.layers[1].latencyAfterMs!).toBeLessThan(p.layers[1].latencyBeforeMs!)
    for (const t of p.targets) expect(t.flashAfter).toBeLessThan(t.flashBefore)
    const changes = compressionChanges(digits, p.compressed.graph)
    expect(changes.map((c) => c.type === 'updateNode' && digits.nodes.find((n) => n.id === c.id)!.name)).toEqual(['conv1', 'conv2', 'logits'])
    const applied = applyChanges(digits, changes)
    expect(applied.graph.nodes).toEqual(p.compressed.graph.nodes)
    expect(applyChanges(applied.graph, applied.inverse).graph.nodes).toEqual(digits.nodes)
  })

  it('shows 0 B and 0 µs for magnitude pruning with dense kernels, savings with the sparse format', () => {
    const dense = compressPreview(digits, CMSIS_NN, { ...DEFAULT_COMPRESS, method: 'prune-weights', format: 'dense' }, [m4])
    expect(dense.targets[0].flashAfter).toBe(dense.targets[0].flashBefore)
    expect(dense.targets[0].latencyAfterMs).toBe(dense.targets[0].latencyBeforeMs)
    expect(dense.layers.every((l) => l.bytesAfter === l.bytesBefore && l.note?.endsWith('% zeros'))).toBe(true)
    const sparse = compressPreview(digits, CMSIS_NN, { ...DEFAULT_COMPRESS, method: 'prune-weights', format: 'sparse' }, [m4])
    expect(sparse.targets[0].flashAfter).toBeLessThan(sparse.targets[0].flashBefore)
  })

  it('refuses clustering a float graph with the pipeline sentence', () => {
    expect(() => compressPreview(templateById('digits-cnn')!.build().graph, CMSIS_NN, { ...DEFAULT_COMPRESS, method: 'cluster' }, [m4]))
      .toThrow(/^clustering needs a quantized \(int8\) graph/)
  })
})

describe('sensitivity scan', () => {
  it('gives top-1 agreement per layer and level, and the global size-vs-agreement curve', async () => {
    const steps: string[] = []
    const r = await sensitivityScan(digits, CMSIS_NN, DEFAULT_COMPRESS, m4, { engine: TS_INT8_ENGINE, samples: 8,
      onProgress: (_d, _t, label) => steps.push(label) })
    expect(r.levels).toEqual([0.1, 0.3, 0.5, 0.7, 0.9])
    expect(r.curves.map((c) => c.name)).toEqual(['conv1', 'conv2'])
    for (const c of r.curves) for (const a of c.agreement) expect(a! >= 0 && a! <= 1).toBe(true)
    expect(r.global.map((g) => g.flashBytes! < r.baseFlashBytes)).toEqual([false, true, true, true, true]) // 10 %: 8 and 16 channels stay (multiples of 4)
    expect(r.global[0].flashBytes!).toBeGreaterThan(r.global[4].flashBytes!)
    expect(steps.length).toBe(3 * 5 + 1)
    const clusters = await sensitivityScan(digits, CMSIS_NN, { ...DEFAULT_COMPRESS, method: 'cluster' }, m4, { engine: TS_INT8_ENGINE, samples: 4 })
    expect(clusters.levels).toEqual([64, 16, 8, 4])
    expect(clusters.curves.find((c) => c.name === 'conv1')!.agreement[0]).toBeNull() // conv1 has fewer than 64 codes
  })
})
