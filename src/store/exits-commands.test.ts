import { describe, expect, it } from 'vitest'
import { encodeNpy } from '../core/formats/pytorch/npz.ts'
import { mulberry32 } from '../core/ir/seeded-init.ts'
import { CATALOG_TARGETS } from '../core/targets/catalog.ts'
import { quantized } from '../core/testing/c-fixtures.ts'
import { EXIT_NET } from '../core/testing/fixture-graphs.ts'
import { createInProcessRunner } from '../workers/in-process-runner.ts'
import { decodePngBlob } from '../workers/test-fixtures.ts'
import { createEditorStore } from './editor-store.ts'
import { applyExitThresholds, cancelExits, startExits } from './exits-commands.ts'
import { jobOf } from './jobs-slice.ts'

const runner = createInProcessRunner(decodePngBlob)
const targets = CATALOG_TARGETS.filter((t) => t.id === 'nucleo-l4r5zi')
const N = 200
const next = mulberry32(5)
const data = {
  samples: { name: 'x.npy', bytes: encodeNpy({ dtype: 'uint8', shape: [N, 12, 12, 1], data: Uint8Array.from({ length: N * 144 }, () => Math.floor(next() * 256)) }) },
  labels: { name: 'y.npy', bytes: encodeNpy({ dtype: 'int64', shape: [N], data: BigInt64Array.from({ length: N }, () => BigInt(Math.floor(next() * 10))) }) },
}

function storeWithExits() {
  const store = createEditorStore()
  store.getState().loadDoc({ name: 't', library: 'cmsis-nn', targets: ['nucleo-l4r5zi'], graph: quantized(EXIT_NET, 's8') })
  return store
}

async function settled(store: ReturnType<typeof createEditorStore>): Promise<void> {
  for (let i = 0; i < 400 && jobOf(store.getState(), 'exits').status === 'running'; i++) await new Promise((r) => setTimeout(r, 10))
}

describe('exits commands', () => {
  it('measures, calibrates within the budget and applies the thresholds as one undoable edit', async () => {
    const store = storeWithExits()
    startExits(store, runner, data, targets, false)
    await settled(store)
    const measured = jobOf(store.getState(), 'exits')
    expect(measured.status).toBe('done')
    expect(measured.result!.thresholds).toBeNull()
    expect(measured.result!.report.exits.map((e) => e.threshold)).toEqual([12, 65])
    expect(applyExitThresholds(store)).toBe(false)

    store.getState().setExits({ maxLossPct: 3 })
    startExits(store, runner, data, targets, true)
    await settled(store)
    const job = jobOf(store.getState(), 'exits')
    expect(job.status).toBe('done')
    const r = job.result!.report
    expect(r.samples).toBe(N)
    expect(r.mainAccuracy - r.accuracy).toBeLessThanOrEqual(0.03 + 1e-12)
    expect(r.targets.map((t) => t.targetId)).toEqual(['nucleo-l4r5zi'])
    const before = store.getState().doc.graph
    const changed = Object.entries(job.result!.thresholds!).some(([id, t]) => before.nodes.find((n) => n.id === id)!.attrs.threshold !== t)
    expect(applyExitThresholds(store)).toBe(changed)
    for (const [id, t] of Object.entries(job.result!.thresholds!)) {
      expect(store.getState().doc.graph.nodes.find((n) => n.id === id)!.attrs.threshold).toBe(t)
    }
    if (changed) {
      expect(store.getState().past.at(-1)?.label).toBe('Apply calibrated exit thresholds')
      store.getState().undo()
      expect(store.getState().doc.graph).toEqual(before)
    }
  })

  it('cancels a run: the job is cancelled and the graph untouched', async () => {
    const store = storeWithExits()
    const graph = store.getState().doc.graph
    startExits(store, runner, data, targets, true)
    cancelExits(store)
    await settled(store)
    expect(jobOf(store.getState(), 'exits').status).toBe('cancelled')
    expect(store.getState().doc.graph).toBe(graph)
  })

  it('fails with one line on labels that do not match the samples', async () => {
    const store = storeWithExits()
    startExits(store, runner, { ...data, labels: { name: 'y.npy', bytes: encodeNpy({ dtype: 'int64', shape: [3], data: BigInt64Array.from([1n, 2n, 3n]) }) } }, targets, true)
    await settled(store)
    const job = jobOf(store.getState(), 'exits')
    expect(job.status).toBe('failed')
    expect(job.error).not.toContain('\n')
    expect(job.error).toMatch(/3 labels .*200 samples|200 samples.*3/)
  })
})
