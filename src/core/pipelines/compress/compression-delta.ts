/**
 * What a compression changes on the device, per target: flash, RAM and latency of the exported package before and
 * after (estimate(): the runtime's kernels; encoded layers on the portable decoding kernels). The one figure the CLI
 * and the Compress panel print — for magnitude pruning with dense kernels it is exactly 0 B and 0 µs, and they say so.
 */
import { estimate } from '../../estimate/estimate.ts'
import type { KernelRuntime } from '../../estimate/kernel-runtime.ts'
import type { Graph } from '../../ir/types.ts'
import type { Target } from '../../targets/types.ts'
import type { VendorLibrary } from '../../vendors/types.ts'

export interface TargetDelta {
  id: string
  name: string
  flashBefore: number
  flashAfter: number
  ramBefore: number
  ramAfter: number
  /** null without a latency model. */
  latencyBeforeMs: number | null
  latencyAfterMs: number | null
}

export function compressionDelta(before: Graph, after: Graph, library: VendorLibrary, targets: readonly Target[],
  runtime?: KernelRuntime): TargetDelta[] {
  const a = estimate(before, library, targets, { runtime })
  const b = estimate(after, library, targets, { runtime })
  return a.targets.map((t, i) => ({
    id: t.id, name: t.name, flashBefore: t.flashBytes, flashAfter: b.targets[i].flashBytes, ramBefore: t.ramBytes, ramAfter: b.targets[i].ramBytes,
    latencyBeforeMs: t.latencyMs, latencyAfterMs: b.targets[i].latencyMs,
  }))
}

/** "flash −102432 B (−40.8 %), RAM +4096 B, latency +13.3 ms" — signed changes, 0 shown as 0. */
export function deltaText(d: TargetDelta): string {
  const signed = (x: number, unit: string) => `${x > 0 ? '+' : x < 0 ? '−' : ''}${Math.abs(x)} ${unit}`
  const pct = (a: number, b: number) => (a > 0 && b !== a ? ` (${b > a ? '+' : '−'}${((Math.abs(b - a) / a) * 100).toFixed(1)} %)` : '')
  const us = d.latencyBeforeMs === null || d.latencyAfterMs === null ? null : Math.round((d.latencyAfterMs - d.latencyBeforeMs) * 1000)
  return `flash ${signed(d.flashAfter - d.flashBefore, 'B')}${pct(d.flashBefore, d.flashAfter)}, RAM ${signed(d.ramAfter - d.ramBefore, 'B')}, ` +
    `latency ${us === null ? 'unknown' : signed(us, 'µs')}`
}
