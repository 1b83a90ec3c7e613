/**
 * From a schedule (operators in execution order, each reading tensors and writing one) to arena buffers
 * with inclusive lifetimes, TFLM's rules:
 *  - a tensor is live from the step that writes it to the last step that reads it;
 *  - graph inputs (`liveFromStart`, or external tensors no step writes) are live from step 0;
 *  - graph outputs are live to the last step;
 *  - an aliasing step (Reshape, Flatten: same bytes, new shape) writes no new buffer: its output shares
 *    its first input's buffer, whose lifetime grows to cover the output's readers.
 * A buffer's size is the largest of its tensors' sizes.
 */

export interface TensorSpec {
  id: string
  size: number
}

export interface ScheduleStep {
  /** Tensors read, by id (unknown ids are ignored). */
  inputs: readonly string[]
  /** Tensor written, if any. */
  output?: TensorSpec
  /** The output reuses the buffer of `inputs[0]` (no copy). */
  alias?: boolean
  /** The output is a graph input, written before the first step runs. */
  liveFromStart?: boolean
}

export interface Schedule {
  steps: readonly ScheduleStep[]
  /** Tensors present before step 0 that no step writes (e.g. a model input in a layer table). */
  external?: readonly TensorSpec[]
  /** Tensors that must survive to the last step. */
  outputs?: readonly string[]
}

export interface TensorBuffer {
  /** Tensor ids sharing this buffer, the owner (the one that allocates it) first. */
  tensors: string[]
  size: number
  firstUse: number
  lastUse: number
}

export function scheduleBuffers(schedule: Schedule): TensorBuffer[] {
  const buffers: TensorBuffer[] = []
  const bufferOf = new Map<string, TensorBuffer>()
  const extend = (buffer: TensorBuffer, step: number): void => {
    buffer.firstUse = Math.min(buffer.firstUse, step)
    buffer.lastUse = Math.max(buffer.lastUse, step)
  }
  for (const t of schedule.external ?? []) {
    const buffer = { tensors: [t.id], size: t.size, firstUse: 0, lastUse: 0 }
    buffers.push(buffer)
    bufferOf.set(t.id, buffer)
  }
  schedule.steps.forEach((step, index) => {
    for (const id of step.inputs) {
      const buffer = bufferOf.get(id)
      if (buffer) extend(buffer, index)
    }
    if (!step.output) return
    const shared = step.alias ? bufferOf.get(step.inputs[0] ?? '') : undefined
    if (shared) {
      shared.tensors.push(step.output.id)
      shared.size = Math.max(shared.size, step.output.size)
      bufferOf.set(step.output.id, shared)
      return
    }
    const first = step.liveFromStart ? 0 : index
    const buffer = { tensors: [step.output.id], size: step.output.size, firstUse: first, lastUse: index }
    buffers.push(buffer)
    bufferOf.set(step.output.id, buffer)
  })
  const last = Math.max(0, schedule.steps.length - 1)
  for (const id of schedule.outputs ?? []) {
    const buffer = bufferOf.get(id)
    if (buffer) extend(buffer, last)
  }
  return buffers
}
