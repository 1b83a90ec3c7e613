/** Formatting of the Compress tab: bytes and latency before → after with their change, knob values per method. */
import type { CompressMethod } from '../../core/pipelines/compress/compress-plan.ts'
import { formatBytes, formatMs } from '../dock/estimate-format.ts'

/** "−51 %", "+4 %", "0 %"; empty when there is nothing to compare. */
export function changePct(before: number, after: number): string {
  if (before === 0) return ''
  const pct = ((after - before) / before) * 100
  if (Math.abs(pct) < 0.05) return '0 %'
  return `${pct > 0 ? '+' : '−'}${Math.abs(pct).toFixed(Math.abs(pct) < 10 ? 1 : 0)} %`
}

/** A byte change: "−37.1 KiB", "+4.00 KiB", "0 B". */
export function bytesChange(before: number, after: number): string {
  const d = after - before
  return d === 0 ? '0 B' : `${d > 0 ? '+' : '−'}${formatBytes(Math.abs(d))}`
}

/** A latency change in µs or ms: "−120 µs", "+13.3 ms", "0 µs"; "—" without a latency model. */
export function latencyChange(before: number | null, after: number | null): string {
  if (before === null || after === null) return '—'
  const us = Math.round((after - before) * 1000)
  if (us === 0) return '0 µs'
  const sign = us > 0 ? '+' : '−'
  return Math.abs(us) < 1000 ? `${sign}${Math.abs(us)} µs` : `${sign}${formatMs(Math.abs(after - before))}`
}

export const METHOD_LABELS: Record<CompressMethod, string> = {
  'prune-channels': 'Prune channels (structured)',
  cluster: 'Cluster weights (palettize)',
  'prune-weights': 'Prune weights (magnitude)',
}

/** The knob's name and how a value of it reads, per method. */
export const KNOB: Record<CompressMethod, { name: string; format(v: number): string }> = {
  'prune-channels': { name: 'Ratio', format: (v) => `${Math.round(v * 100)} %` },
  cluster: { name: 'Clusters', format: (v) => String(v) },
  'prune-weights': { name: 'Sparsity', format: (v) => `${Math.round(v * 100)} %` },
}
