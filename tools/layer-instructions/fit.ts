/**
 * The per-layer instruction model's fit (scripts/fit-layer-instructions.ts; pure, no I/O): per kernel build and layer
 * key, non-negative least squares on relative error over the measured rows —
 *   minimise Σ_rows ((Σ_f c_f·x_f − measured) / measured)²,  c_f ≥ 0
 * (columns scaled to unit maximum for the solver, coefficients unscaled after).
 */
import type { FeatureVector, InstructionFeature, KeyModel } from '../../src/core/estimate/layer-instructions.ts'
import { KEY_FEATURES, predictWith } from '../../src/core/estimate/layer-instructions.ts'
import { median, nnls } from '../cost-model/cost-model-fit.ts'

export interface MeasuredLayer {
  build: string
  package: string
  node: string
  key: string
  x: FeatureVector
  measured: number
}

export interface FittedKey extends KeyModel {
  rows: number
  medianErrorPct: number
  maxErrorPct: number
}

export const errorPct = (predicted: number, measured: number) => (100 * (predicted - measured)) / measured

/** Fits one key's coefficients to its rows. */
export function fitKey(key: string, rows: readonly MeasuredLayer[]): FittedKey {
  const features = [...KEY_FEATURES[key]] as InstructionFeature[]
  const scale = features.map((f) => Math.max(1e-12, ...rows.map((r) => Math.abs(r.x[f] ?? 0))))
  const A = rows.map((r) => features.map((f, j) => (r.x[f] ?? 0) / scale[j] / r.measured))
  const b = rows.map(() => 1)
  const c = nnls(A, b).map((v, j) => v / scale[j])
  // Round to 4 significant digits so the JSON stays readable; zeros stay zeros.
  const coefficients = c.map((v) => (v === 0 ? 0 : Number(v.toPrecision(4))))
  const model = { features, coefficients }
  const errors = rows.map((r) => Math.abs(errorPct(predictWith(model, r.x), r.measured)))
  return { ...model, rows: rows.length, medianErrorPct: round1(median(errors)), maxErrorPct: round1(Math.max(...errors)) }
}

/** Fits every key of one build that has rows. */
export function fitBuild(rows: readonly MeasuredLayer[]): Record<string, FittedKey> {
  const keys = [...new Set(rows.map((r) => r.key))].sort()
  return Object.fromEntries(keys.map((k) => [k, fitKey(k, rows.filter((r) => r.key === k))]))
}

export const round1 = (x: number) => Math.round(x * 10) / 10
