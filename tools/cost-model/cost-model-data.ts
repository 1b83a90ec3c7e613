/**
 * Which rows of ../shared/data/mlperf-tiny/results.csv the latency fit uses, and the cross-core cycle
 * ratios measured with peer runtimes (used by scripts/fit-cost-model.ts; pure, no I/O).
 *
 * Row statuses of the CMSIS-NN candidates:
 *   fit            runtime built on Arm's CMSIS-NN kernels, on a Cortex-M core;
 *   reproduction   same board, runtime and benchmark as a fitted row of an earlier MLPerf round, latency
 *                  within 1 % (a re-run of one build; fitting it would count that build twice);
 *   older-kernels  the v0.5 reference submission: TFLM v2.3.1 built with TAGS="cmsis-nn" (Sept 2020 kernels;
 *                  mlcommons/tiny v0.5/reference_submissions/<benchmark>/setup_example.sh); reported, not fitted;
 *   excluded       mentions CMSIS-NN or TFLM but does not run Arm's kernels on the CPU alone.
 */
import { parseCsv } from '../catalog/csv.ts'

export type RowStatus = 'fit' | 'reproduction' | 'older-kernels' | 'excluded'

export interface ResultRow {
  version: string
  submitter: string
  system: string
  board: string
  core: string
  clockMHz: number
  runtime: string
  benchmark: string
  latencyMs: number
  /** clock × latency */
  cycles: number
}

export interface CandidateRow extends ResultRow { status: RowStatus; reason: string }

export function readResults(csvText: string): ResultRow[] {
  return parseCsv(csvText).filter((r) => r.latency_ms !== '' && r.clock_mhz !== '').map((r) => ({
    version: r.mlperf_version, submitter: r.submitter, system: r.system_id, board: r.board, core: r.processor_core,
    clockMHz: Number(r.clock_mhz), runtime: r.runtime, benchmark: r.benchmark, latencyMs: Number(r.latency_ms),
    cycles: Number(r.clock_mhz) * 1000 * Number(r.latency_ms),
  }))
}

export function selectCmsisNnRows(rows: readonly ResultRow[]): CandidateRow[] {
  const out: CandidateRow[] = []
  const sorted = [...rows].sort((a, b) => a.version.localeCompare(b.version))
  for (const r of sorted) {
    const mentionsCmsis = /CMSIS-NN/i.test(r.runtime) && !/no CMSIS-NN/i.test(r.runtime)
    if (r.version === 'v0.5' && r.submitter === 'reference') {
      out.push({ ...r, status: 'older-kernels',
        reason: 'TFLM v2.3.1 built with TAGS="cmsis-nn" (Sept 2020 kernels): an earlier kernel generation' })
    } else if (/Silicon Labs/i.test(r.runtime)) {
      out.push({ ...r, status: 'excluded', reason: 'Silicon Labs TFLM build using the MVP matrix accelerator' })
    } else if (mentionsCmsis && !/^Cortex-M/.test(r.core)) {
      out.push({ ...r, status: 'excluded',
        reason: `${r.core} is not a Cortex-M core: the CMSIS-NN API over another kernel library (${r.system})` })
    } else if (mentionsCmsis) {
      const earlier = out.find((o) => o.status === 'fit' && o.version < r.version && o.board === r.board && o.runtime === r.runtime &&
        o.benchmark === r.benchmark && Math.abs(o.latencyMs / r.latencyMs - 1) < 0.01)
      if (earlier) out.push({ ...r, status: 'reproduction', reason: `re-run of ${earlier.version} ${earlier.submitter} ${earlier.system}` })
      else out.push({ ...r, status: 'fit', reason: `${r.runtime} on ${r.core}` })
    }
  }
  return out
}

export interface RatioPair {
  version: string
  submitter: string
  runtime: string
  variant: string
  benchmark: string
  boards: string
  ratio: number
}

export interface CoreRatio { factor: number; spreadPct: number; pairs: RatioPair[] }

/** Rows that do not measure the CPU with int8 kernels: float variants, accelerators, unexplained VWW rows (README). */
function usableForRatios(r: ResultRow): boolean {
  if (/_float$/.test(r.system)) return false
  if (/MVP|co-processor|NPU/i.test(r.runtime)) return false
  const unexplainedVww = r.benchmark === 'vww' && /^(STMicroelectronics|plumerai)$/.test(r.submitter) && r.version >= 'v1.1'
  return !unexplainedVww
}

/**
 * Cycles on `core` / cycles on Cortex-M4 for the same submitter, version, runtime, build variant and
 * benchmark (geometric mean over boards of a core), over all runtimes measured on both cores.
 * factor = geometric mean of the pair ratios; spreadPct = median |ratio / factor − 1| in percent.
 */
export function peerRatio(rows: readonly ResultRow[], core: string): CoreRatio {
  const groups = new Map<string, { m4: ResultRow[]; other: ResultRow[] }>()
  for (const r of rows) {
    if (!usableForRatios(r) || (r.core !== core && r.core !== 'Cortex-M4')) continue
    const variant = /(_int8.*)$/.exec(r.system)?.[1] ?? ''
    const key = [r.version, r.submitter, r.runtime, variant, r.benchmark].join('|')
    const g = groups.get(key) ?? { m4: [], other: [] }
    ;(r.core === core ? g.other : g.m4).push(r)
    groups.set(key, g)
  }
  const pairs: RatioPair[] = []
  for (const [key, g] of groups) {
    if (g.m4.length === 0 || g.other.length === 0) continue
    const [version, submitter, runtime, variant, benchmark] = key.split('|')
    const boards = `${g.other.map((r) => r.board).join('+')} vs ${g.m4.map((r) => r.board).join('+')}`
    const ratio = geomean(g.other.map((r) => r.cycles)) / geomean(g.m4.map((r) => r.cycles))
    pairs.push({ version, submitter, runtime, variant, benchmark, boards, ratio })
  }
  if (pairs.length === 0) throw new Error(`peerRatio: no runtime measured on both ${core} and Cortex-M4`)
  const factor = geomean(pairs.map((p) => p.ratio))
  const deviations = pairs.map((p) => Math.abs(p.ratio / factor - 1) * 100).sort((a, b) => a - b)
  const mid = deviations.length >> 1
  const spreadPct = deviations.length % 2 ? deviations[mid] : (deviations[mid - 1] + deviations[mid]) / 2
  return { factor, spreadPct, pairs }
}

function geomean(xs: readonly number[]): number {
  return Math.exp(xs.reduce((s, x) => s + Math.log(x), 0) / xs.length)
}
