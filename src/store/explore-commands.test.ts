import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { labelsFromFile, parseIdx } from '../core/data/idx-files.ts'
import { idxBytes, TINY_FAMILY } from '../core/testing/tiny-family.ts'
import { familyById } from '../core/pipelines/explore/families/index.ts'
import { templateById } from '../core/templates/index.ts'
import { CATALOG_TARGETS } from '../core/targets/catalog.ts'
import { createInProcessRunner } from '../workers/in-process-runner.ts'
import { decodePngBlob } from '../workers/test-fixtures.ts'
import { createEditorStore } from './editor-store.ts'
import { emptyAccuracies, serializeAccuracies, withAccuracy } from '../core/pipelines/explore/accuracies.ts'
import { chosenFamily, loadAccuraciesFile, loadFamilyFile, makeFamilyFromDesign, openVariant, startExplore, startProxyCheck } from './explore-commands.ts'
import { jobOf } from './jobs-slice.ts'

const runner = createInProcessRunner(decodePngBlob)
const boards = CATALOG_TARGETS.slice(0, 2)

async function settled(store: ReturnType<typeof createEditorStore>, kind: 'explore' | 'proxy-check' = 'explore'): Promise<void> {
  for (let i = 0; i < 12000 && jobOf(store.getState(), kind).status === 'running'; i++) await new Promise((r) => setTimeout(r, 10))
}

const DIR = '/usr/share/datasets/fashion-mnist'
const N = 400
const images = parseIdx(readFileSync(`${DIR}/train-images-idx3-ubyte.gz`), 'x').data.subarray(0, N * 784)
const labels = labelsFromFile(readFileSync(`${DIR}/train-labels-idx1-ubyte.gz`), 'y', 60000).slice(0, N)
const idxFiles = [
  { path: 'train-images-idx3-ubyte', blob: new Blob([idxBytes([N, 28, 28], images) as Uint8Array<ArrayBuffer>]) },
  { path: 'train-labels-idx1-ubyte', blob: new Blob([idxBytes([N], labels) as Uint8Array<ArrayBuffer>]) },
]

describe('explore commands', () => {
  it('measured accuracies from a file: the score becomes accuracy and the fit ranks by it; another family is refused', async () => {
    const store = createEditorStore()
    store.getState().setExplore({ familyId: 'ds-cnn' })
    const family = familyById('ds-cnn')!
    const m = (a: number) => ({ int8Accuracy: a, correct: a * 100, samples: 100, evaluatedOn: 't10k', engine: 'ts', weights: 's.npz' })
    const text = serializeAccuracies(withAccuracy(withAccuracy(emptyAccuracies(family), '49,1,3,1', m(0.81)), '25,0.5,3,1', m(0.7)))
    loadAccuraciesFile(store, text, 'ds.accuracies.json')
    expect(store.getState().explore).toMatchObject({ score: 'accuracy', fileError: null })
    startExplore(store, runner, boards)
    await settled(store)
    const { result, fits } = jobOf(store.getState(), 'explore').result!
    expect(result).toMatchObject({ score: 'accuracy', measured: 2 })
    expect(fits.map((f) => [f.basis, f.best?.key])).toEqual([['accuracy', '49,1,3,1'], ['accuracy', '49,1,3,1']])
    store.getState().setExplore({ familyId: 'resnet' })
    loadAccuraciesFile(store, text, 'ds.accuracies.json')
    expect(store.getState().explore.fileError).toMatch(/^ds\.accuracies\.json holds accuracies of family 'ds-cnn' \(fingerprint [0-9a-f]{8}\), not of 'resnet'/)
    startExplore(store, runner, boards)
    expect(jobOf(store.getState(), 'explore').error).toBe('No measured accuracies for resnet: open its accuracies file first.')
  })

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

  it('proxy check: trains a sample on the chosen data, then its best proxy becomes the score the explorer ranks by', async () => {
    const store = createEditorStore()
    store.getState().setExplore({ customFamily: TINY_FAMILY, familyId: TINY_FAMILY.id })
    expect(startProxyCheck(store, runner)).toBe(false)
    expect(jobOf(store.getState(), 'proxy-check').error).toBe('Choose the training data first (here or in the Train tab).')
    store.getState().setTrain({ data: { kind: 'files', files: idxFiles, label: 'fashion' }, backend: 'cpu', engine: 'ts', valSplit: 0.25, lr: 0.02 })
    store.getState().setExplore({ proxyCheck: { count: 3, maxMacs: null, maxSamples: null, epochs: 1, qatEpochs: 0, shown: 'params' }, score: 'naswot' })
    expect(startProxyCheck(store, runner)).toBe(true)
    await settled(store, 'proxy-check')
    const job = jobOf(store.getState(), 'proxy-check')
    expect(job.error).toBeNull()
    const result = job.result!.result
    expect(result.variants).toHaveLength(3)
    expect(result.variants.every((v) => v.evaluatedOn === 'validation')).toBe(true)
    expect(store.getState().explore.score).toBe(result.best)
    // A zero-cost score: every valid variant gets the proxy on the data, and the fronts rank by it.
    store.getState().setExplore({ score: 'synflow' })
    startExplore(store, runner, boards)
    await settled(store)
    const explored = jobOf(store.getState(), 'explore').result!
    expect(explored.result.score).toBe('synflow')
    expect(explored.result.variants.every((v) => v.proxy !== undefined && v.proxy > 0)).toBe(true)
    const best = explored.fits[0].best!
    expect(best.proxy).toBe(Math.max(...explored.result.variants.filter((v) => v.meets[0]).map((v) => v.proxy!)))
  }, 120_000)

  it('makes a family of the open design (marked knobs) the explored one; a bad mark keeps the chosen family', async () => {
    const store = createEditorStore()
    store.getState().replaceDoc(templateById('digits-cnn')!.build(), 'New')
    const conv = store.getState().doc.graph.nodes.find((n) => n.op === 'Conv2D')!
    expect(makeFamilyFromDesign(store, { id: 'x', name: 'x' })).toEqual({ error: 'mark at least one knob (resolution, width, kernel or depth)' })
    expect(chosenFamily(store)!.id).toBe('mobilenet-v1')
    const made = makeFamilyFromDesign(store, { id: 'mine', name: 'Mine', width: { nodes: [conv.id], values: [0.5, 2] } })
    expect('family' in made && made.family.knobs.map((k) => k.name)).toEqual(['width'])
    expect(chosenFamily(store)!.id).toBe('mine')
    startExplore(store, runner, boards)
    await settled(store)
    expect(jobOf(store.getState(), 'explore').result!.result.variants).toHaveLength(3)
  })
})
