/**
 * Explore commands: run the family explorer on the compared boards (a job), load a family file, and open a variant
 * as the design — one undoable change that replaces the document's graph and library with the variant's.
 */
import { applyChanges } from '../core/ir/changes.ts'
import { autoLayout } from '../core/layout/auto-layout.ts'
import type { AccuraciesFile } from '../core/pipelines/explore/accuracies.ts'
import { parseAccuracies } from '../core/pipelines/explore/accuracies.ts'
import type { Family } from '../core/pipelines/explore/family.ts'
import { FamilyError, describeValues, instantiate } from '../core/pipelines/explore/family.ts'
import { parseFamily } from '../core/pipelines/explore/family-file.ts'
import { familyById } from '../core/pipelines/explore/families/index.ts'
import type { DesignMarks } from '../core/pipelines/explore/family-from-design.ts'
import { familyFromDesign } from '../core/pipelines/explore/family-from-design.ts'
import type { Target } from '../core/targets/types.ts'
import type { JobRunner } from '../workers/jobs.ts'
import type { TrainingSource } from '../workers/training-data.ts'
import type { EditorStore } from './editor-store.ts'
import { cancelJob, startJob } from './job-commands.ts'
import { jobOf } from './jobs-slice.ts'

/** The family the tab explores: the loaded file's, else the shipped one of that id. */
export function chosenFamily(store: EditorStore): Family | undefined {
  const { familyId, customFamily } = store.getState().explore
  return customFamily && customFamily.id === familyId ? customFamily : familyById(familyId)
}

export function startExplore(store: EditorStore, runner: JobRunner, targets: readonly Target[]): void {
  const family = chosenFamily(store)
  if (!family || targets.length === 0) return
  const { score, constraints } = store.getState().explore
  const zeroCost = score !== 'macs' && score !== 'params' && score !== 'accuracy'
  const data = trainingSource(store)
  if (zeroCost && !data) {
    store.getState().patchJob('explore', { status: 'failed', progress: null, error: `The ${score} score needs data: choose the training data (Train tab) first.` })
    return
  }
  const accuracies = accuraciesFor(store, family)
  if (score === 'accuracy' && !accuracies) {
    store.getState().patchJob('explore', { status: 'failed', progress: null, error: `No measured accuracies for ${family.id}: open its accuracies file first.` })
    return
  }
  store.getState().setExplore({ picked: null })
  startJob(store, runner, 'explore', {
    family, targets: [...targets], constraints, score,
    ...(accuracies ? { accuracy: Object.fromEntries(Object.entries(accuracies.variants).map(([k, m]) => [k, m.int8Accuracy])) } : {}),
    ...(zeroCost && data ? { proxyData: { source: data, backend: store.getState().train.backend } } : {}),
  }, { progress: { done: 0, total: 1, label: 'Starting' } })
}

/** The loaded accuracies when they are the chosen family's (same id; the fingerprint was checked on loading). */
export function accuraciesFor(store: EditorStore, family: Family): AccuraciesFile | undefined {
  const a = store.getState().explore.accuracies
  return a && a.family.id === family.id ? a : undefined
}

/**
 * Reads an accuracies file (`tinyforge extract --accuracies`) for the chosen family; on success the score becomes
 * the measured accuracy, else the one-line reason is kept (the previous accuracies stay).
 */
export function loadAccuraciesFile(store: EditorStore, text: string, fileName: string): void {
  const family = chosenFamily(store)
  if (!family) return
  try {
    const accuracies = parseAccuracies(text, fileName, family)
    store.getState().setExplore({ accuracies, score: 'accuracy', fileError: null, picked: null })
  } catch (err) {
    const why = err instanceof FamilyError ? err.message : err instanceof Error ? err.message : String(err)
    store.getState().setExplore({ fileError: why })
  }
}

/** The Train tab's data choice as a job's training source, or undefined when none is chosen. */
function trainingSource(store: EditorStore): TrainingSource | undefined {
  const d = store.getState().train.data
  if (!d) return undefined
  return d.kind === 'folder' ? { kind: 'folder', files: d.files, folder: d.label } : { kind: 'files', files: d.files }
}

/**
 * Starts the proxy check on the chosen family with the Train tab's data, batch size, learning rate, seed, validation
 * split, backend and int8 engine; when it ends, its best-correlated proxy becomes the explorer's score. False (with
 * the reason in the job entry) when it cannot start.
 */
export function startProxyCheck(store: EditorStore, runner: JobRunner): boolean {
  const s = store.getState()
  const fail = (error: string): false => { s.patchJob('proxy-check', { status: 'failed', progress: null, error }); return false }
  const family = chosenFamily(store)
  if (!family) return fail('Choose a family first.')
  const source = trainingSource(store)
  if (!source) return fail('Choose the training data first (here or in the Train tab).')
  const p = s.explore.proxyCheck
  const t = s.train
  startJob(store, runner, 'proxy-check', {
    family, source, ...(p.maxSamples ? { maxSamples: p.maxSamples } : {}), engine: t.engine, backend: t.backend,
    options: {
      count: p.count, ...(p.maxMacs !== null ? { maxMacs: p.maxMacs } : {}), seed: t.seed,
      train: { epochs: p.epochs, qatEpochs: p.qatEpochs, batchSize: t.batchSize, lr: t.lr, seed: t.seed, valSplit: t.valSplit },
    },
  }, {
    progress: { done: 0, total: 1, label: 'Starting' },
    afterDone(outcome) {
      const { best, spearman } = outcome.result
      store.getState().setExplore({ score: best, proxyCheck: { ...store.getState().explore.proxyCheck, shown: best } })
      store.getState().showNotice('info', `Proxy check: ${best} ranks the measured int8 accuracy best (Spearman ${spearman[best].toFixed(2)}); ` +
        'it is now the explorer\'s score.')
    },
  })
  return true
}

export function cancelProxyCheck(store: EditorStore): void {
  cancelJob(store, 'proxy-check')
}

export function cancelExplore(store: EditorStore): void {
  cancelJob(store, 'explore')
}

/** Reads a family file; on success it becomes the chosen family, else the one-line reason is kept. */
export function loadFamilyFile(store: EditorStore, text: string, fileName: string): void {
  try {
    const family = parseFamily(text)
    store.getState().setExplore({ customFamily: family, familyId: family.id, fileError: null, picked: null })
  } catch (err) {
    const why = err instanceof FamilyError ? err.message : err instanceof Error ? err.message : String(err)
    store.getState().setExplore({ fileError: `${fileName}: ${why}` })
  }
}

/** Opens variant `index` of the last exploration as the design (one undo step); returns false without a result. */
export function openVariant(store: EditorStore, index: number): boolean {
  const outcome = jobOf(store.getState(), 'explore').result
  const variant = outcome?.result.variants[index]
  if (!outcome || !variant || !variant.ok) return false
  const family = outcome.input.family
  const graph = instantiate(family, variant.values)
  const placed = applyChanges(graph, autoLayout(graph)).graph
  const s = store.getState()
  s.replaceDoc({ ...s.doc, name: `${family.name}: ${describeValues(family, variant.values)}`, library: family.library, graph: placed },
    `Open ${family.id} variant`)
  return true
}

/**
 * Makes a family of the open design with the marked knobs (the design is its reference point) and makes it the
 * explored family; returns it, or the one-line reason it cannot be made (the chosen family stays).
 */
export function makeFamilyFromDesign(store: EditorStore, marks: Omit<DesignMarks, 'library'>): { family: Family } | { error: string } {
  const s = store.getState()
  try {
    const family = familyFromDesign(s.doc.graph, { ...marks, library: s.doc.library })
    s.setExplore({ customFamily: family, familyId: family.id, fileError: null, picked: null, view: 'variants' })
    return { family }
  } catch (err) {
    if (err instanceof FamilyError) return { error: err.message }
    throw err
  }
}
