/**
 * Per-device estimate of a cut-training plan (docs/cut-training.md): block k on devices[k] — its training time per
 * epoch (compute of block + head, and sending the cut tensor on), peak training memory (train-cost.ts), the epoch
 * time of the pipeline (simulate.ts) and the speed-up over training the whole network end to end (no heads) on one
 * device — the plan's first.
 */
import { CutPlanError } from '../../formats/cut/cut-layout.ts'
import type { CutLayout } from '../../formats/cut/cut-layout.ts'
import type { Trainer } from '../../targets/trainer-types.ts'
import type { BlockCost } from './train-cost.ts'
import { blockCosts, layerFeatures, layerSeconds } from './train-cost.ts'
import type { Schedule } from './simulate.ts'
import { simulatePipeline } from './simulate.ts'

export interface CutTrainingOptions {
  /** Training samples per epoch, batch size, batches in flight between two devices. */
  samples: number
  batch: number
  depth?: number
}

export interface DeviceEstimate {
  block: number
  trainer: Trainer
  cost: BlockCost
  /** Seconds per epoch: compute (block + head), transfer, and the two together. */
  computeSeconds: number
  transferSeconds: number
  epochSeconds: number
  memoryBytes: number
  fitsMemory: boolean
}

export interface CutTrainingEstimate {
  batches: number
  devices: DeviceEstimate[]
  /** Simulated epoch of the pipeline. */
  schedule: Schedule
  pipelineSeconds: number
  /** The whole network (no heads) trained end to end on devices[0]. */
  singleDeviceSeconds: number
  speedup: number
}

/** Throws CutPlanError when there are fewer devices than blocks. */
export function checkDevices(layout: CutLayout, devices: readonly (Trainer | undefined)[]): Trainer[] {
  const n = layout.blocks.length
  if (devices.length < n) throw new CutPlanError(`${n} blocks need ${n} devices; the plan assigns ${devices.length}`)
  const missing = devices.slice(0, n).findIndex((d) => d === undefined)
  if (missing >= 0) throw new CutPlanError(`block ${missing + 1} has no device`)
  return devices.slice(0, n) as Trainer[]
}

export function estimateCutTraining(layout: CutLayout, devices: readonly (Trainer | undefined)[], options: CutTrainingOptions): CutTrainingEstimate {
  const trainers = checkDevices(layout, devices)
  const batch = options.batch
  const batches = Math.ceil(options.samples / batch)
  const costs = blockCosts(layout, trainers, batch, options.depth ?? 4)
  const stages = costs.map((c) => ({ compute: c.trunkSeconds + c.headSeconds, transfer: c.transferSeconds }))
  const schedule = simulatePipeline(stages, batches)
  const features = layerFeatures(layout.trunk)
  const single = batches * layout.order.reduce((s, id) => s + layerSeconds(features.get(id)!, trainers[0], batch), 0)
  const deviceEstimates = costs.map((cost, k): DeviceEstimate => ({
    block: k, trainer: trainers[k], cost,
    computeSeconds: batches * stages[k].compute, transferSeconds: batches * stages[k].transfer,
    epochSeconds: batches * (stages[k].compute + stages[k].transfer),
    memoryBytes: cost.memoryBytes, fitsMemory: cost.memoryBytes <= trainers[k].memoryBytes,
  }))
  return { batches, devices: deviceEstimates, schedule, pipelineSeconds: schedule.makespan, singleDeviceSeconds: single,
    speedup: schedule.makespan > 0 ? single / schedule.makespan : 0 }
}
