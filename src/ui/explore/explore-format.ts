/** Labels and number formats of the Explore tab. */
import type { Cost, Score } from '../../core/pipelines/explore/explore.ts'

export const COST_LABELS: Readonly<Record<Cost, string>> = {
  latencyMs: 'Latency', ramBytes: 'RAM', flashBytes: 'Flash', energyUj: 'Energy per inference',
}

export const SCORE_LABELS: Readonly<Record<Score, string>> = {
  macs: 'MACs', params: 'Parameters', naswot: 'NASWOT', synflow: 'synflow', gradnorm: 'grad-norm', accuracy: 'int8 accuracy',
}

const si = (v: number) => (v >= 1e9 ? `${(v / 1e9).toPrecision(3)} G` : v >= 1e6 ? `${(v / 1e6).toPrecision(3)} M` : v >= 1e3 ? `${(v / 1e3).toPrecision(3)} k` : `${Math.round(v)}`)

export function formatCost(cost: Cost, v: number): string {
  if (!Number.isFinite(v)) return '—'
  if (cost === 'latencyMs') return v >= 1000 ? `${(v / 1000).toPrecision(3)} s` : v >= 100 ? `${v.toFixed(0)} ms` : v >= 1 ? `${v.toPrecision(3)} ms` : `${(v * 1000).toPrecision(3)} µs`
  if (cost === 'energyUj') return v >= 1000 ? `${(v / 1000).toPrecision(3)} mJ` : `${v.toPrecision(3)} µJ`
  return v >= 1 << 20 ? `${(v / (1 << 20)).toFixed(1)} MiB` : `${(v / 1024).toFixed(1)} KiB`
}

export function formatScore(score: Score, v: number): string {
  if (score === 'accuracy') return `${(v * 100).toFixed(1)} %`
  if (score === 'macs' || score === 'params') return si(v)
  return Number.isFinite(v) ? (Math.abs(v) >= 1e4 || (v !== 0 && Math.abs(v) < 1e-2) ? v.toExponential(2) : v.toPrecision(4)) : String(v)
}

/** Tick labels of a logarithmic axis: powers of ten only (the grid keeps its other lines). */
export function logTick(v: number, format: (x: number) => string): string {
  const exponent = Math.log10(v)
  return Math.abs(exponent - Math.round(exponent)) < 1e-9 ? format(v) : ''
}
