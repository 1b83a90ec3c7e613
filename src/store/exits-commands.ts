/**
 * Exits tab commands: measure the exits at their current thresholds or calibrate them (the 'exits' job, progress and
 * cancel through the jobs slice), and apply calibrated thresholds to the Exit nodes as one undoable edit.
 */
import { projectRounding } from '../core/ir/project.ts'
import type { GraphChange } from '../core/ir/changes.ts'
import type { Target } from '../core/targets/types.ts'
import type { NamedBytes } from '../workers/exits-job.ts'
import type { JobRunner } from '../workers/jobs.ts'
import type { EditorStore } from './editor-store.ts'
import { cancelJob, startJob } from './job-commands.ts'
import { jobOf } from './jobs-slice.ts'

export interface ExitData {
  samples: NamedBytes
  labels: NamedBytes
}

/** Runs the exits job on the data: calibrate within the slice's loss budget, or only measure (`calibrate` false). */
export function startExits(store: EditorStore, runner: JobRunner, data: ExitData, targets: readonly Target[], calibrate: boolean): void {
  const s = store.getState()
  startJob(store, runner, 'exits', { graph: s.doc.graph, libraryId: s.doc.library, targets: [...targets], samples: data.samples,
    labels: data.labels, maxLossPct: calibrate ? s.exits.maxLossPct : null, rounding: projectRounding(s.doc) }, { progress: { done: 0, total: 1, label: 'Starting' } })
}

export function cancelExits(store: EditorStore): void {
  cancelJob(store, 'exits')
}

/** Sets the last calibration's thresholds on the Exit nodes (one undo entry); false when there is nothing to apply. */
export function applyExitThresholds(store: EditorStore): boolean {
  const s = store.getState()
  const thresholds = jobOf(s, 'exits').result?.thresholds
  if (!thresholds) return false
  const changes: GraphChange[] = []
  for (const [id, threshold] of Object.entries(thresholds)) {
    const node = s.doc.graph.nodes.find((n) => n.id === id)
    if (node && node.op === 'Exit' && node.attrs.threshold !== threshold) {
      changes.push({ type: 'updateNode', id, set: { attrs: { ...node.attrs, threshold } } })
    }
  }
  if (changes.length === 0) return false
  s.applyEdit(changes, 'Apply calibrated exit thresholds')
  return true
}
