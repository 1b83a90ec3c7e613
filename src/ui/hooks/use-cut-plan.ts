/**
 * The cut-training view of the current project for the Cut-training panel's plan (store/cut-slice.ts): the blocks
 * and heads (formats/cut/cut-layout.ts, or the one-line reason the plan is refused), each block's trainer, the
 * per-device estimate and the simulated pipeline timeline (pipelines/cut/plan-estimate.ts). Derived, never stored;
 * memoised on the document and the choices. The simulation is O(devices × batches): about a millisecond for an epoch
 * of 54k samples, so it runs here rather than in a worker job.
 */
import { useMemo } from 'react'
import type { CutLayout } from '../../core/formats/cut/cut-layout.ts'
import { CutPlanError, buildCutLayout } from '../../core/formats/cut/cut-layout.ts'
import type { CutTrainingEstimate } from '../../core/pipelines/cut/plan-estimate.ts'
import { estimateCutTraining } from '../../core/pipelines/cut/plan-estimate.ts'
import type { Trainer } from '../../core/targets/trainer-types.ts'
import { getTrainer } from '../../core/targets/trainers.ts'
import { selectDoc } from '../../store/document-slice.ts'
import type { CutChoices } from '../../store/cut-slice.ts'
import { DEFAULT_TRAINER, selectCut } from '../../store/cut-slice.ts'
import { useEditor } from './use-editor.ts'

export interface CutPlanView {
  layout: CutLayout | null
  trainers: Trainer[]
  estimate: CutTrainingEstimate | null
  /** Why the plan cannot be used (one line), or null. */
  error: string | null
  elapsedMs: number
}

export function trainersOf(choices: CutChoices, blocks: number): Trainer[] {
  return Array.from({ length: blocks }, (_, k) => getTrainer(choices.devices[k] ?? DEFAULT_TRAINER) ?? getTrainer(DEFAULT_TRAINER)!)
}

export function useCutPlan(): CutPlanView {
  const doc = useEditor(selectDoc)
  const choices = useEditor(selectCut)
  return useMemo(() => {
    const started = performance.now()
    try {
      const layout = buildCutLayout(doc, choices.cuts)
      const trainers = trainersOf(choices, layout.blocks.length)
      const estimate = estimateCutTraining(layout, trainers, { samples: choices.samples, batch: choices.batch })
      return { layout, trainers, estimate, error: null, elapsedMs: performance.now() - started }
    } catch (err) {
      if (!(err instanceof CutPlanError)) throw err
      return { layout: null, trainers: [], estimate: null, error: err.message, elapsedMs: performance.now() - started }
    }
  }, [doc, choices])
}
