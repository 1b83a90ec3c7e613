/**
 * The fit report of scripts/fit-cost-model.ts: its data shape (stored in cost-coefficients.json under
 * `report`) and its Markdown rendering (the generated section of docs/cost-model.md).
 */

export interface EvaluatedRow {
  version: string
  submitter: string
  system: string
  board: string
  core: string
  clockMHz: number
  runtime: string
  benchmark: string
  status: string
  reason: string
  latencyMs: number
  predictedMs?: number
  /** Signed % error of the final fit. */
  inSamplePct?: number
  /** Signed % error when the row's MLPerf system is left out of the fit. */
  looSystemPct?: number
  looSystemHow?: string
  /** Signed % error when every row of the row's board is left out of the fit. */
  looBoardPct?: number
  looBoardHow?: string
  looSystemWithOlderPct?: number
}

export interface CostReport {
  rows: EvaluatedRow[]
  medians: {
    inSamplePct: number
    looSystemPct: number
    looSystemM4Pct: number
    looBoardPct: number
    architecturalM85Pct: number
    looSystemWithOlderPct: number
  }
  anchors: { core: string; perMac: Record<string, number> }[]
  derivations: { core: string; rule: string; from?: string; factor: number; basis: string; derivationErrorPct: number }[]
  ratioPairs: { core: string; factor: number; spreadPct: number;
    pairs: { version: string; submitter: string; runtime: string; variant: string; benchmark: string; boards: string; ratio: number }[] }[]
  fixedShare: { core: string; shares: Record<string, number> }[]
  macCoefficients: { core: string; kind: string; perMac: number; pow2PerMac: number; source: string; errorPct: number }[]
}

const fmt = (x: number | undefined, digits = 1) => (x === undefined ? '–' : x.toFixed(digits))
const signed = (x: number | undefined) => (x === undefined ? '–' : `${x > 0 ? '+' : ''}${x.toFixed(1)}`)

function table(header: string[], rows: string[][]): string {
  return [`| ${header.join(' | ')} |`, `|${header.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n')
}

export function renderReport(r: CostReport): string {
  const m = r.medians
  const out: string[] = []
  out.push('### Error summary (median absolute latency error over the fitted rows)\n')
  out.push(table(['evaluation', 'median \\|error\\|'], [
    ['in-sample (final fit)', `${fmt(m.inSamplePct)} %`],
    ['leave-one-system-out, all fitted rows', `${fmt(m.looSystemPct)} %`],
    ['leave-one-system-out, Cortex-M4 rows (predicted by a fit of the other M4 systems)', `${fmt(m.looSystemM4Pct)} %`],
    ['leave-one-board-out (`board` column: each board predicted by the other core\'s fit × the Helium factor)', `${fmt(m.looBoardPct)} %`],
    ['architectural scaling alone: EK-RA8D1 (M85) predicted from the M4 fit × Helium factor', `${fmt(m.architecturalM85Pct)} %`],
    ['leave-one-system-out if the v0.5 reference rows were fitted too', `${fmt(m.looSystemWithOlderPct)} %`],
  ]))
  out.push('\n### Per-row errors (signed %, predicted vs measured latency)\n')
  out.push(table(['round', 'submitter', 'system', 'core', 'MHz', 'bench', 'status', 'measured ms', 'fit ms', 'in-sample',
    'leave system out', 'leave board out'], r.rows.map((x) => [x.version, x.submitter, x.system, x.core, String(x.clockMHz), x.benchmark,
    x.status, fmt(x.latencyMs, 3), fmt(x.predictedMs, 3), signed(x.inSamplePct), signed(x.looSystemPct), signed(x.looBoardPct)])))
  const reasons = [...new Map(r.rows.map((x) => [`${x.status}: ${x.reason}`, x])).keys()]
  out.push('\nStatus reasons:\n')
  out.push(reasons.map((s) => `- ${s}`).join('\n'))
  const hows = [...new Set(r.rows.flatMap((x) => [x.looSystemHow && `${x.system} (system held out): ${x.looSystemHow}`,
    x.looBoardHow && `${x.board} (board held out): ${x.looBoardHow}`]).filter((s): s is string => Boolean(s)))]
  out.push('\nHow held-out rows were predicted:\n')
  out.push(hows.map((s) => `- ${s}`).join('\n'))
  out.push('\n### Fitted cycles per MAC (anchor cores)\n')
  const kinds = Object.keys(r.anchors[0]?.perMac ?? {})
  out.push(table(['core', ...kinds], r.anchors.map((a) => [a.core, ...kinds.map((k) => fmt(a.perMac[k], 4))])))
  out.push('\nShare of the predicted cycles that comes from the assumed (unfitted) terms, per MLPerf model:\n')
  const benches = Object.keys(r.fixedShare[0]?.shares ?? {})
  out.push(table(['core', ...benches], r.fixedShare.map((f) => [f.core, ...benches.map((b) => `${fmt(f.shares[b], 2)} %`)])))
  out.push('\n### Cores: how each is obtained\n')
  out.push(table(['core', 'rule', 'from', 'factor', 'added error %', 'basis'], r.derivations.map((d) => [d.core, d.rule, d.from ?? '–',
    fmt(d.factor, 4), fmt(d.derivationErrorPct), d.basis])))
  out.push('\n### cmsis-nn cycles per MAC by core and kind (pow2-q7 has the same per-MAC terms)\n')
  const cores = [...new Set(r.macCoefficients.map((c) => c.core))]
  const macKinds = [...new Set(r.macCoefficients.map((c) => c.kind))]
  out.push(table(['core', ...macKinds, 'source', 'error %'], cores.map((core) => {
    const cs = r.macCoefficients.filter((c) => c.core === core)
    return [core, ...macKinds.map((k) => fmt(cs.find((c) => c.kind === k)?.perMac, 3)), cs[0].source, fmt(cs[0].errorPct)]
  })))
  out.push('\n### Cross-core ratios measured with peer runtimes (cycles on the core / cycles on Cortex-M4)\n')
  for (const p of r.ratioPairs) {
    out.push(`**${p.core}**: factor ${fmt(p.factor, 4)} (geometric mean of ${p.pairs.length} pairs, ` +
      `median deviation ${fmt(p.spreadPct)} %)\n`)
    out.push(table(['round', 'submitter', 'runtime', 'variant', 'bench', 'boards', 'ratio'], p.pairs.map((x) => [x.version, x.submitter,
      x.runtime, x.variant || '–', x.benchmark, x.boards, fmt(x.ratio, 3)])))
    out.push('')
  }
  return out.join('\n')
}
