import { describe, expect, it } from 'vitest'
import { familyById } from '../core/pipelines/explore/families/index.ts'
import { CATALOG_TARGETS } from '../core/targets/catalog.ts'
import { createInProcessRunner } from '../workers/in-process-runner.ts'
import { decodePngBlob } from '../workers/test-fixtures.ts'
import { createEditorStore } from './editor-store.ts'
import { chosenFamily, loadFamilyFile, openVariant, startExplore } from './explore-commands.ts'
import { jobOf } from './jobs-slice.ts'

const runner = createInProcessRunner(decodePngBlob)
const boards = CATALOG_TARGETS.slice(0, 2)

async function settled(store: ReturnType<typeof createEditorStore>): Promise<void> {
  for (let i = 0; i < 400 && jobOf(store.getState(), 'explore').status === 'running'; i++) await new Promise((r) => setTimeout(r, 10))
}

describe('explore commands', () => {
  it('explore a family through the job, then open a variant as one undoable change', async () => {
    const store = createEditorStore()
    store.getState().setExplore({ familyId: 'ds-cnn', constraints: { latencyMs: 40 } })
    const before = store.getState().doc
    startExplore(store, runner, boards)
    await settled(store)
    const job = jobOf(store.getState(), 'explore')
    expect(job.status).toBe('done')
    expect(job.result!.result.variants).toHaveLength(300)
    expect(job.result!.fits.map((f) => f.targetId)).toEqual(boards.map((b) => b.id))
    const best = job.result!.fits[0].best!
    expect(best.latencyMs[0]).toBeLessThanOrEqual(40)
    expect(openVariant(store, best.index)).toBe(true)
    const doc = store.getState().doc
    expect(doc.name).toMatch(/^DS-CNN \(keyword spotting\): res \d+ · width [\d.]+ · k \d · depth \d$/)
    expect(doc.graph.nodes.length).toBe(7 + 2 * (best.values.depth - 1))
    store.getState().undo()
    expect(store.getState().doc).toBe(before)
  })

  it('loads a family file, or keeps its one-line reason', () => {
    const store = createEditorStore()
    loadFamilyFile(store, JSON.stringify({ ...familyById('resnet')!, id: 'my-resnet' }), 'my.family.json')
    expect(chosenFamily(store)!.id).toBe('my-resnet')
    loadFamilyFile(store, '{"format":"nope"}', 'bad.json')
    expect(store.getState().explore.fileError).toBe("bad.json: not a family file: format must be 'tinyforge-family'")
    expect(chosenFamily(store)!.id).toBe('my-resnet')
  })
})
