/**
 * Builds the latency cost model from the MLPerf Tiny inputs (pure; scripts/fit-cost-model.ts does the
 * I/O): selects the CMSIS-NN rows, fits the anchor cores, derives every other core, prices pow2-q7, and
 * evaluates the fit (in-sample, leave-one-system-out, leave-one-board-out). Method: docs/cost-model.md.
 */
import type { CoreId } from '../../src/core/targets/types.ts'
import { CORE_IDS } from '../../src/core/targets/types.ts'
import type { CandidateRow, CoreRatio, ResultRow } from './cost-model-data.ts'
import { peerRatio, readResults, selectCmsisNnRows } from './cost-model-data.ts'
import type { CoeffTable, LayerFeature } from './cost-model-fit.ts'
import { errorPct, fitCore, fixedCycles, layerFeaturesFromCsv, median, predictCycles, scaleTable } from './cost-model-fit.ts'
import type { PricedKind } from '../../src/core/estimate/cost-model-priors.ts'
import {
  ASSUMED_TERMS_ERROR_PCT, CMSIS_NN_M4_FIXED, CORE_RULES, COREMARK_PER_MHZ, HELIUM_VS_M4, MAC_KINDS, POW2_FROM_CMSIS_NN, PRICED_KINDS,
} from '../../src/core/estimate/cost-model-priors.ts'
import type { CostReport, EvaluatedRow } from './cost-model-report.ts'

export interface KindEntry {
  perMac: number
  perOutput: number
  perInput: number
  perCall: number
  source: 'fit' | 'scaled' | 'assumption'
  errorPct: number
}

type LibraryTable = Record<string, Record<string, KindEntry>>

export interface CostModelBuild {
  /** The content of cost-coefficients.json apart from its provenance header. */
  coefficients: {
    formula: string
    libraries: Record<string, LibraryTable>
    assumptions: Record<string, unknown>
    summary: Pick<CostReport, 'medians' | 'anchors' | 'derivations'> & { fittedRows: string[] }
  }
  report: CostReport
}

/** Cores with fitted rows; their assumed fixed terms are the M4 ones × fixedScale. */
const ANCHORS: readonly { core: CoreId; resultsCore: string; fixedScale: number }[] = [
  { core: 'cortex-m4', resultsCore: 'Cortex-M4', fixedScale: 1 },
  { core: 'cortex-m85', resultsCore: 'Cortex-M85', fixedScale: HELIUM_VS_M4.factor },
]

function anchorOf(resultsCore: string) {
  const a = ANCHORS.find((x) => x.resultsCore === resultsCore)
  if (!a) throw new Error(`no anchor core for ${resultsCore}`)
  return a
}

const rowsOf = (rows: readonly ResultRow[], resultsCore: string) => rows.filter((r) => r.core === resultsCore)
const absolute = (xs: readonly (number | undefined)[]) => xs.filter((x): x is number => x !== undefined).map(Math.abs)

export function buildCostModel(resultsText: string, layersText: string): CostModelBuild {
  const layers = layerFeaturesFromCsv(layersText)
  const results = readResults(resultsText)
  const candidates = selectCmsisNnRows(results)
  const fitRows = candidates.filter((r) => r.status === 'fit')
  const fitFor = (rows: readonly ResultRow[], resultsCore: string) =>
    fitCore(rowsOf(rows, resultsCore), layers, anchorOf(resultsCore).fixedScale)
  const anchorTables = new Map<CoreId, CoeffTable>(ANCHORS.map((a) => [a.core, roundTable(fitFor(fitRows, a.resultsCore))]))

  const rows = evaluate(candidates, fitRows, anchorTables, layers, fitFor)
  const fitted = rows.filter((r) => r.status === 'fit')
  const errFit = median(absolute(fitted.filter((r) => r.core === 'Cortex-M4').map((r) => r.looSystemPct)))
  const errArch = median(absolute(fitted.filter((r) => r.core === 'Cortex-M85').map((r) => r.looSystemPct)))
  const { cores, ratios } = deriveCores(anchorTables, results, fitRows, errArch)
  const fitErrorOf = (core: CoreId) => round(Math.max(median(absolute(fitted.filter((r) => anchorOf(r.core).core === core)
    .map((r) => r.inSamplePct))), errFit), 1)
  const libraries = priceLibraries(cores, fitErrorOf)
  const cmsisNn = libraries['cmsis-nn']

  const report: CostReport = {
    rows,
    medians: {
      inSamplePct: round(median(absolute(fitted.map((r) => r.inSamplePct))), 1),
      looSystemPct: round(median(absolute(fitted.map((r) => r.looSystemPct))), 1),
      looSystemM4Pct: round(errFit, 1),
      looBoardPct: round(median(absolute(fitted.map((r) => r.looBoardPct))), 1),
      architecturalM85Pct: round(errArch, 1),
      looSystemWithOlderPct: round(median(absolute(rows.map((r) => r.looSystemWithOlderPct))), 1),
    },
    anchors: ANCHORS.map((a) => ({ core: a.core,
      perMac: Object.fromEntries(MAC_KINDS.map((k) => [k, anchorTables.get(a.core)![k].perMac])) })),
    derivations: [...cores].map(([core, d]) => ({ core, rule: d.rule, from: d.from, factor: d.factor, basis: d.basis,
      derivationErrorPct: d.derivationErrorPct })),
    ratioPairs: [...ratios].map(([core, r]) => ({ core, factor: round(r.factor, 4), spreadPct: round(r.spreadPct, 1),
      pairs: r.pairs.map((p) => ({ ...p, ratio: round(p.ratio, 3) })) })),
    fixedShare: ANCHORS.map((a) => ({ core: a.core, shares: fixedShares(layers, anchorTables.get(a.core)!) })),
    macCoefficients: CORE_IDS.flatMap((core) => MAC_KINDS.map((kind) => ({ core, kind, perMac: cmsisNn[core][kind].perMac,
      pow2PerMac: libraries['pow2-q7'][core][kind].perMac, source: cmsisNn[core][kind].source, errorPct: cmsisNn[core][kind].errorPct }))),
  }
  return {
    coefficients: {
      formula: 'cycles = perMac·MACs + perOutput·outputElements + perInput·inputElements + perCall',
      libraries,
      assumptions: { cmsisNnM4FixedTerms: CMSIS_NN_M4_FIXED, assumedTermsErrorPct: ASSUMED_TERMS_ERROR_PCT, helium: HELIUM_VS_M4,
        coremarkPerMHz: COREMARK_PER_MHZ, pow2FromCmsisNn: POW2_FROM_CMSIS_NN },
      summary: { medians: report.medians, anchors: report.anchors, derivations: report.derivations,
        fittedRows: fitted.map((r) => `${r.version} ${r.submitter} ${r.system} ${r.benchmark}`) },
    },
    report,
  }
}

type FitFor = (rows: readonly ResultRow[], resultsCore: string) => CoeffTable

/**
 * Per candidate row: the final fit's prediction, and held-out predictions where the row's MLPerf system
 * (or its whole board) is left out. A held-out core without remaining rows is predicted from the other
 * anchor's fit × the Helium factor — the architectural scaling the tool uses for unmeasured cores.
 */
function evaluate(candidates: readonly CandidateRow[], fitRows: readonly ResultRow[], anchorTables: Map<CoreId, CoeffTable>,
  layers: Record<string, LayerFeature[]>, fitFor: FitFor): EvaluatedRow[] {
  const predictorFrom = (train: readonly ResultRow[], resultsCore: string): { table: CoeffTable; how: string } => {
    if (rowsOf(train, resultsCore).length > 0) return { table: fitFor(train, resultsCore), how: 'fit of the remaining rows of this core' }
    const other = ANCHORS.find((a) => a.resultsCore !== resultsCore && rowsOf(train, a.resultsCore).length > 0)
    if (!other) throw new Error(`nothing to predict ${resultsCore} from`)
    const factor = resultsCore === 'Cortex-M85' ? HELIUM_VS_M4.factor : 1 / HELIUM_VS_M4.factor
    return { table: scaleTable(fitFor(train, other.resultsCore), factor), how: `${other.core} fit × ${round(factor, 4)} (architectural)` }
  }
  const heldOut = (unitOf: (r: ResultRow) => string, pool: readonly ResultRow[]) => {
    const out = new Map<ResultRow, { err: number; how: string }>()
    for (const unit of new Set(pool.map(unitOf))) {
      const test = pool.filter((r) => unitOf(r) === unit)
      const train = pool.filter((r) => unitOf(r) !== unit)
      for (const core of new Set(test.map((r) => r.core))) {
        const { table, how } = predictorFrom(train, core)
        for (const r of rowsOf(test, core)) out.set(r, { err: errorPct(predictCycles(layers[r.benchmark], table), r.cycles), how })
      }
    }
    return out
  }
  const loso = heldOut((r) => r.system, fitRows)
  const lobo = heldOut((r) => r.board, fitRows)
  const losoWithOlder = heldOut((r) => r.system, candidates.filter((r) => r.status === 'fit' || r.status === 'older-kernels'))
  return candidates.map((r) => {
    const table = r.status === 'excluded' ? undefined : anchorTables.get(anchorOf(r.core).core)
    const predicted = table ? predictCycles(layers[r.benchmark], table) : undefined
    return {
      version: r.version, submitter: r.submitter, system: r.system, board: r.board, core: r.core, clockMHz: r.clockMHz,
      runtime: r.runtime, benchmark: r.benchmark, status: r.status, reason: r.reason, latencyMs: r.latencyMs,
      predictedMs: predicted === undefined ? undefined : round(predicted / (r.clockMHz * 1000), 4),
      inSamplePct: predicted === undefined ? undefined : round(errorPct(predicted, r.cycles), 1),
      looSystemPct: opt(loso.get(r)?.err), looSystemHow: loso.get(r)?.how,
      looBoardPct: opt(lobo.get(r)?.err), looBoardHow: lobo.get(r)?.how,
      looSystemWithOlderPct: opt(losoWithOlder.get(r)?.err),
    }
  })
}

interface Derived { table: CoeffTable; rule: string; from?: CoreId; factor: number; basis: string; derivationErrorPct: number }

/** Every core's coefficient table: the anchors' fits, then each CORE_RULES derivation from its parent. */
function deriveCores(anchorTables: Map<CoreId, CoeffTable>, results: readonly ResultRow[], fitRows: readonly ResultRow[],
  errArch: number): { cores: Map<CoreId, Derived>; ratios: Map<CoreId, CoreRatio> } {
  const cores = new Map<CoreId, Derived>()
  const ratios = new Map<CoreId, CoreRatio>()
  for (const a of ANCHORS) {
    const rows = rowsOf(fitRows, a.resultsCore)
    cores.set(a.core, { table: anchorTables.get(a.core)!, rule: 'fit', factor: 1, derivationErrorPct: 0,
      basis: `fitted to ${new Set(rows.map((r) => r.system)).size} MLPerf system(s), ${rows.length} rows` })
  }
  for (const core of CORE_IDS) {
    const rule = CORE_RULES[core]
    if (rule.kind === 'fit') continue
    const parent = cores.get(rule.from)
    if (!parent) throw new Error(`${core}: derive ${rule.from} first (reorder CORE_IDS or CORE_RULES)`)
    if (rule.kind === 'measured-ratio') {
      const r = peerRatio(results, rule.resultsCore)
      ratios.set(core, r)
      cores.set(core, { table: roundTable(scaleTable(parent.table, r.factor)), rule: rule.kind, from: rule.from, factor: round(r.factor, 4),
        derivationErrorPct: round(r.spreadPct, 1), basis: `cycles ${rule.resultsCore} / Cortex-M4 with the same peer runtime, ` +
          `geometric mean of ${r.pairs.length} pairs (median deviation ${round(r.spreadPct, 1)} %)` })
    } else {
      const cm = COREMARK_PER_MHZ as Record<string, { value: number }>
      const factor = rule.kind === 'coremark' ? cm[rule.from].value / cm[core].value : 1
      cores.set(core, { table: roundTable(scaleTable(parent.table, factor)), rule: rule.kind, from: rule.from, factor: round(factor, 4),
        derivationErrorPct: round(errArch, 1), basis: rule.basis })
    }
  }
  return { cores, ratios }
}

/**
 * cmsis-nn and pow2-q7 entries of every core × kind. Sources: fitted MAC kinds of anchors 'fit', of
 * measured-ratio cores 'scaled', all else 'assumption'. Errors: anchors' MAC kinds the larger of the
 * in-sample and the M4 leave-one-system-out median; assumed terms ASSUMED_TERMS_ERROR_PCT; each derivation
 * adds its own error in quadrature; pow2-q7 adds POW2_FROM_CMSIS_NN.ratioErrorPct.
 */
function priceLibraries(cores: Map<CoreId, Derived>, fitErrorOf: (core: CoreId) => number): Record<string, LibraryTable> {
  const isMac = (k: PricedKind) => (MAC_KINDS as readonly string[]).includes(k)
  const errorOf = (core: CoreId, kind: PricedKind): number => {
    const d = cores.get(core)!
    if (d.rule === 'fit') return isMac(kind) ? fitErrorOf(core) : ASSUMED_TERMS_ERROR_PCT
    return round(Math.hypot(errorOf(d.from!, kind), d.derivationErrorPct), 1)
  }
  const sourceOf = (core: CoreId, kind: PricedKind): KindEntry['source'] => {
    const rule = cores.get(core)!.rule
    if (!isMac(kind)) return 'assumption'
    return rule === 'fit' ? 'fit' : rule === 'measured-ratio' ? 'scaled' : 'assumption'
  }
  const cmsisNn: LibraryTable = {}
  const pow2: LibraryTable = {}
  for (const core of CORE_IDS) {
    cmsisNn[core] = {}
    pow2[core] = {}
    for (const kind of PRICED_KINDS) {
      const c = cores.get(core)!.table[kind]
      cmsisNn[core][kind] = { ...c, source: sourceOf(core, kind), errorPct: errorOf(core, kind) }
      const requant = POW2_FROM_CMSIS_NN.requantizingKinds.includes(kind) ? POW2_FROM_CMSIS_NN.perOutputOfRequantizingKinds : 1
      pow2[core][kind] = { perMac: c.perMac * POW2_FROM_CMSIS_NN.perMac, perOutput: round(c.perOutput * requant, 3), perInput: c.perInput,
        perCall: c.perCall, source: 'assumption', errorPct: round(Math.hypot(errorOf(core, kind), POW2_FROM_CMSIS_NN.ratioErrorPct), 1) }
    }
  }
  return { 'cmsis-nn': cmsisNn, 'pow2-q7': pow2 }
}

/** Percent of each model's predicted cycles that comes from the assumed (unfitted) terms. */
function fixedShares(layers: Record<string, LayerFeature[]>, table: CoeffTable): Record<string, number> {
  return Object.fromEntries(Object.entries(layers).map(([b, ls]) =>
    [b, round((100 * fixedCycles(ls, table)) / predictCycles(ls, table), 2)]))
}

function round(x: number, digits: number): number {
  const f = 10 ** digits
  return Math.round(x * f) / f
}

function opt(x: number | undefined): number | undefined {
  return x === undefined ? undefined : round(x, 1)
}

function roundTable(t: CoeffTable): CoeffTable {
  const out = {} as CoeffTable
  for (const k of PRICED_KINDS) {
    const c = t[k]
    out[k] = { perMac: round(c.perMac, 4), perOutput: round(c.perOutput, 3), perInput: round(c.perInput, 3), perCall: round(c.perCall, 1) }
  }
  return out
}
