/**
 * Explore commands: run the family explorer on the compared boards (a job), load a family file, and open a variant
 * as the design — one undoable change that replaces the document's graph and library with the variant's.
 */
import { applyChanges } from '../core/ir/changes.ts'
import { autoLayout } from '../core/layout/auto-layout.ts'
import type { Family } from '../core/pipelines/explore/family.ts'
import { FamilyError, describeValues, instantiate } from '../core/pipelines/explore/family.ts'
import { parseFamily } from '../core/pipelines/explore/family-file.ts'
import { familyById } from '../core/pipelines/explore/families/index.ts'
import type { Target } from '../core/targets/types.ts'
import type { JobRunner } from '../workers/jobs.ts'
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
  store.getState().setExplore({ picked: null })
  startJob(store, runner, 'explore', { family, targets: [...targets], constraints, score },
    { progress: { done: 0, total: 1, label: 'Starting' } })
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
