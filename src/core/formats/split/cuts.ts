/**
 * The cuts of a graph for split computing: cut k runs nodes order[0..k] (execution order) on the device and the rest
 * remotely. The tensors that must cross are every head output consumed by a tail node, plus any graph output the head
 * already produced (the application reads its results where the tail ends). Cut n−1 keeps everything on the device.
 *
 * Policy where more than one tensor crosses (a cut inside a residual block, or beside a branch):
 *   'single' — refuse: the cut is not legal (the default; the reason names the tensors);
 *   'all'    — price every live tensor: all of them are sent, their bytes add up.
 * A cut is also illegal while an Input is still to be read (the server would need the raw sensor data) and, for the
 * tail model, when a crossing tensor's rank is not that of an Input ([1, H, W, C] or [1, N]).
 * Bytes are the estimator's per-layer `outputBytes` (int8), so the split table and the layer table agree exactly.
 */
import type { Graph } from '../../ir/types.ts'
import type { EstimateReport } from '../../estimate/report-types.ts'

export type LivePolicy = 'single' | 'all'

export const LIVE_POLICIES: readonly LivePolicy[] = ['single', 'all']

/** One tensor sent over the link. */
export interface CutTensor {
  /** The producing node (its output is the tensor). */
  node: string
  name: string
  bytes: number
  shape: number[]
}

export interface Cut {
  /** Index into the execution order: nodes 0..index run on the device. */
  index: number
  /** The last device node (id and name) and its op. */
  after: string
  afterName: string
  op: string
  /** Tensors that cross the link (empty for the all-on-device cut). */
  tensors: CutTensor[]
  /** Σ tensor bytes: what the device sends. */
  bytes: number
  headMacs: number
  tailMacs: number
  /** True for the last cut: nothing is sent, nothing runs remotely. */
  onDevice: boolean
  /** The tensors are larger than the model input: sending the input would be cheaper on the link. */
  largerThanInput: boolean
  /** More than one tensor crosses (inside a residual block or beside a branch). */
  multipleLive: boolean
  /** Why the cut cannot be used under the policy (null when it can). */
  illegal: string | null
}

export interface CutTable {
  policy: LivePolicy
  order: string[]
  /** Bytes of the model input(s), int8: what the all-remote baseline sends. */
  inputBytes: number
  totalMacs: number
  cuts: Cut[]
}

/** Every cut of the report's execution order under `policy`. Pure; O(nodes + edges). */
export function cutTable(graph: Graph, report: EstimateReport, policy: LivePolicy = 'single'): CutTable {
  const order = report.memory.order
  const layer = new Map(report.layers.map((l) => [l.node, l]))
  const position = new Map(order.map((id, i) => [id, i]))
  // The last execution step at which each node's output is read; graph outputs are read "after the end".
  const lastUse = new Map<string, number>()
  const consumers = new Map<string, number>()
  for (const e of graph.edges) {
    const at = position.get(e.target)
    if (at === undefined || !position.has(e.source)) continue
    lastUse.set(e.source, Math.max(lastUse.get(e.source) ?? -1, at))
    consumers.set(e.source, (consumers.get(e.source) ?? 0) + 1)
  }
  for (const id of order) if (!consumers.has(id)) lastUse.set(id, order.length)
  const inputs = order.filter((id) => layer.get(id)?.op === 'Input')
  const lastInput = Math.max(-1, ...inputs.map((id) => position.get(id)!))
  const inputBytes = inputs.reduce((s, id) => s + (layer.get(id)?.outputBytes ?? 0), 0)
  const macsAt = order.map((id) => layer.get(id)?.macs ?? 0)
  const totalMacs = macsAt.reduce((a, b) => a + b, 0)

  const cuts: Cut[] = []
  let headMacs = 0
  // Live set: produced at or before k and read after k. Maintained incrementally in execution order.
  const live = new Set<string>()
  order.forEach((id, k) => {
    headMacs += macsAt[k]
    live.add(id)
    for (const other of [...live]) if ((lastUse.get(other) ?? -1) <= k) live.delete(other)
    const onDevice = k === order.length - 1
    const crossing = onDevice ? [] : [...live].sort((a, b) => position.get(a)! - position.get(b)!)
    const tensors = crossing.map((node) => {
      const l = layer.get(node)
      return { node, name: l?.name ?? node, bytes: l?.outputBytes ?? 0, shape: l?.outputShape ? [...l.outputShape] : [] }
    })
    const bytes = tensors.reduce((s, t) => s + t.bytes, 0)
    const l = layer.get(id)
    let illegal: string | null = null
    if (!onDevice && k < lastInput) illegal = `input '${layer.get(inputs[inputs.length - 1])?.name}' is read after this cut`
    else if (tensors.some((t) => !l?.estimated || t.shape.length === 0)) illegal = 'a tensor crossing this cut has an unknown shape'
    else if (tensors.length > 1 && policy === 'single') {
      illegal = `${tensors.length} tensors are live (${tensors.map((t) => t.name).join(', ')}); the policy 'single' refuses such cuts, 'all' sends them all`
    } else {
      const odd = tensors.find((t) => t.shape.length !== 2 && t.shape.length !== 4)
      if (odd) illegal = `tensor '${odd.name}' has rank ${odd.shape.length}; a tail input must be [1, H, W, C] or [1, N]`
    }
    cuts.push({
      index: k, after: id, afterName: l?.name ?? id, op: l?.op ?? '?', tensors, bytes, headMacs, tailMacs: totalMacs - headMacs,
      onDevice, largerThanInput: !onDevice && bytes > inputBytes, multipleLive: tensors.length > 1, illegal,
    })
  })
  return { policy, order, inputBytes, totalMacs, cuts }
}

/** The cut after a node given by id or by name (ids first); undefined when none matches. */
export function findCut(table: CutTable, node: string): Cut | undefined {
  return table.cuts.find((c) => c.after === node) ?? table.cuts.find((c) => c.afterName === node)
}
