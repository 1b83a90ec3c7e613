/**
 * The latency fit's mathematics (used by scripts/fit-cost-model.ts; pure, no I/O):
 *   predicted cycles of a model = Σ_layers perMac[kind]·MACs + perOutput[kind]·outputs + perInput[kind]·inputs + perCall[kind]
 * Only perMac of conv, of conv1x1 + depthwise (one shared value) and of fc is fitted, per anchor core, by non-negative
 * least squares on relative error: minimise Σ_rows ((predicted − measured) / measured)² with perMac ≥ 0.
 * The fixed terms are the stated assumptions of cost-model-priors.ts, scaled to the core.
 */
import { parseCsv } from '../catalog/csv.ts'
import type { FixedTerms, MacKind, PricedKind } from '../../src/core/estimate/cost-model-priors.ts'
import { CMSIS_NN_M4_FIXED, PRICED_KINDS } from '../../src/core/estimate/cost-model-priors.ts'

export interface Coeffs extends FixedTerms { perMac: number }
export type CoeffTable = Record<PricedKind, Coeffs>

export interface LayerFeature { kind: PricedKind | 'none'; macs: number; outputs: number; inputs: number }

/** MLPerf Tiny benchmark → its int8 reference model file in layers_int8_models.csv. */
export const BENCHMARK_MODELS: Readonly<Record<string, string>> = {
  ad: 'ad01_int8.tflite', ic: 'pretrainedResnet_quant.tflite', kws: 'kws_ref_model.tflite', vww: 'vww_96_int8.tflite',
}

/**
 * The fitted perMac groups, one least-squares column each. In the MLPerf models 1×1 convolutions occur
 * (apart from 2 % of IC's MACs) only inside depthwise-separable blocks of KWS and VWW, so 1×1 and
 * depthwise MACs cannot be told apart: they share the 'separable' coefficient.
 */
export const FIT_GROUPS: readonly { name: string; kinds: readonly MacKind[] }[] = [
  { name: 'conv', kinds: ['conv'] },
  { name: 'separable', kinds: ['conv1x1', 'depthwise'] },
  { name: 'fc', kinds: ['fc'] },
]

const TFLITE_KINDS: Readonly<Record<string, PricedKind | 'none'>> = {
  DEPTHWISE_CONV_2D: 'depthwise', FULLY_CONNECTED: 'fc', AVERAGE_POOL_2D: 'pool', MAX_POOL_2D: 'pool', ADD: 'elementwise',
  SOFTMAX: 'softmax', RESHAPE: 'none', CONCATENATION: 'copy', PAD: 'copy', RELU: 'copy', RELU6: 'copy',
}

/** Per-benchmark layer features from layers_int8_models.csv (weight_shape OHWI decides conv vs conv1x1). */
export function layerFeaturesFromCsv(csvText: string): Record<string, LayerFeature[]> {
  const byModel = new Map<string, LayerFeature[]>()
  for (const row of parseCsv(csvText)) {
    let kind = TFLITE_KINDS[row.op]
    if (row.op === 'CONV_2D') {
      const [, kh, kw] = row.weight_shape.split('x').map(Number)
      kind = kh === 1 && kw === 1 ? 'conv1x1' : 'conv'
    }
    if (!kind) throw new Error(`layers csv: no op kind for ${row.op} in ${row.model}`)
    const size = (s: string) => s.split('x').map(Number).reduce((a, b) => a * b, 1)
    const layers = byModel.get(row.model) ?? []
    layers.push({ kind, macs: Number(row.macs), outputs: size(row.out_shape), inputs: size(row.in_shape) })
    byModel.set(row.model, layers)
  }
  const out: Record<string, LayerFeature[]> = {}
  for (const [bench, file] of Object.entries(BENCHMARK_MODELS)) {
    const layers = byModel.get(file)
    if (!layers) throw new Error(`layers csv: no layers of ${file}`)
    out[bench] = layers
  }
  return out
}

export function layerCost(c: Coeffs, l: Pick<LayerFeature, 'macs' | 'outputs' | 'inputs'>): number {
  return c.perMac * l.macs + c.perOutput * l.outputs + c.perInput * l.inputs + c.perCall
}

export function predictCycles(layers: readonly LayerFeature[], table: CoeffTable): number {
  let cycles = 0
  for (const l of layers) if (l.kind !== 'none') cycles += layerCost(table[l.kind], l)
  return cycles
}

/** Cycles of the layers' fixed (assumed) terms only. */
export function fixedCycles(layers: readonly LayerFeature[], table: CoeffTable): number {
  let cycles = 0
  for (const l of layers) if (l.kind !== 'none') cycles += layerCost({ ...table[l.kind], perMac: 0 }, l)
  return cycles
}

/** The assumed M4 fixed terms × scale, with perMac 0. */
export function fixedTable(scale: number): CoeffTable {
  const t = {} as CoeffTable
  for (const k of PRICED_KINDS) {
    const f = CMSIS_NN_M4_FIXED[k]
    t[k] = { perMac: 0, perOutput: f.perOutput * scale, perInput: f.perInput * scale, perCall: f.perCall * scale }
  }
  return t
}

export function scaleTable(table: CoeffTable, factor: number): CoeffTable {
  const t = {} as CoeffTable
  for (const k of PRICED_KINDS) {
    const c = table[k]
    t[k] = { perMac: c.perMac * factor, perOutput: c.perOutput * factor, perInput: c.perInput * factor, perCall: c.perCall * factor }
  }
  return t
}

export interface MeasuredRow { benchmark: string; cycles: number }

/** Fits the perMac groups of one core to its rows; fixed terms are the M4 assumptions × fixedScale. */
export function fitCore(rows: readonly MeasuredRow[], layers: Record<string, LayerFeature[]>, fixedScale: number): CoeffTable {
  if (rows.length === 0) throw new Error('fitCore: no rows')
  const table = fixedTable(fixedScale)
  const A = rows.map((r) => FIT_GROUPS.map((g) => groupMacs(layers[r.benchmark], g.kinds) / r.cycles))
  const b = rows.map((r) => 1 - fixedCycles(layers[r.benchmark], table) / r.cycles)
  const x = nnls(A, b)
  FIT_GROUPS.forEach((g, j) => { for (const k of g.kinds) table[k].perMac = x[j] })
  return table
}

function groupMacs(layers: readonly LayerFeature[], kinds: readonly MacKind[]): number {
  return layers.filter((l) => (kinds as readonly string[]).includes(l.kind)).reduce((s, l) => s + l.macs, 0)
}

/** Lawson–Hanson non-negative least squares: argmin ‖A·x − b‖² subject to x ≥ 0. */
export function nnls(A: readonly (readonly number[])[], b: readonly number[]): number[] {
  const n = A[0]?.length ?? 0
  const x = new Array<number>(n).fill(0)
  const passive = new Array<boolean>(n).fill(false)
  const tol = 1e-12 * Math.max(1, ...A.flat().map(Math.abs))
  const gradient = () => {
    const r = b.map((bi, i) => bi - A[i].reduce((s, a, j) => s + a * x[j], 0))
    return Array.from({ length: n }, (_, j) => A.reduce((s, row, i) => s + row[j] * r[i], 0))
  }
  for (let iter = 0; iter < 3 * n + 10; iter++) {
    const w = gradient()
    let t = -1
    for (let j = 0; j < n; j++) if (!passive[j] && w[j] > tol && (t < 0 || w[j] > w[t])) t = j
    if (t < 0) break
    passive[t] = true
    for (;;) {
      const z = solvePassive(A, b, passive)
      const bad = z.map((zj, j) => passive[j] && zj <= 0)
      if (!bad.some(Boolean)) { z.forEach((zj, j) => { x[j] = zj }); break }
      let alpha = Infinity
      for (let j = 0; j < n; j++) if (bad[j]) alpha = Math.min(alpha, x[j] / (x[j] - z[j]))
      for (let j = 0; j < n; j++) {
        x[j] += alpha * (z[j] - x[j])
        if (passive[j] && x[j] <= tol) { passive[j] = false; x[j] = 0 }
      }
    }
  }
  return x
}

/** Unconstrained least squares over the passive columns (normal equations, partial pivoting); 0 elsewhere. */
function solvePassive(A: readonly (readonly number[])[], b: readonly number[], passive: readonly boolean[]): number[] {
  const cols = passive.flatMap((p, j) => (p ? [j] : []))
  const m = cols.length
  const M = cols.map((j) => [...cols.map((k) => A.reduce((s, row) => s + row[j] * row[k], 0)),
    A.reduce((s, row, i) => s + row[j] * b[i], 0)])
  for (let c = 0; c < m; c++) {
    let p = c
    for (let r = c + 1; r < m; r++) if (Math.abs(M[r][c]) > Math.abs(M[p][c])) p = r
    ;[M[c], M[p]] = [M[p], M[c]]
    for (let r = c + 1; r < m; r++) {
      const f = M[r][c] / M[c][c]
      for (let k = c; k <= m; k++) M[r][k] -= f * M[c][k]
    }
  }
  const z = new Array<number>(m).fill(0)
  for (let r = m - 1; r >= 0; r--) {
    let s = M[r][m]
    for (let k = r + 1; k < m; k++) s -= M[r][k] * z[k]
    z[r] = s / M[r][r]
  }
  const out = new Array<number>(passive.length).fill(0)
  cols.forEach((j, i) => { out[j] = z[i] })
  return out
}

export function median(xs: readonly number[]): number {
  if (xs.length === 0) return NaN
  const s = [...xs].sort((a, b) => a - b)
  const mid = s.length >> 1
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2
}

/** Signed relative error in percent. */
export function errorPct(predicted: number, measured: number): number {
  return (predicted / measured - 1) * 100
}
