/** Formatting of validation figures: SQNR, errors, fractions, cosine, ORT agreement. */
import type { IntAgreement } from '../../workers/quantize-protocol.ts'

/** SQNR in dB with one decimal: 41.56 → "41.6"; identical outputs (∞) → "exact"; a zero signal (−∞) → "−∞". */
export function formatDb(db: number): string {
  if (db === Infinity) return 'exact'
  if (db === -Infinity) return '−∞'
  return db.toFixed(1)
}

/** A max absolute error with three significant digits: 0.0438082 → "0.0438", 59.844 → "59.8", 0 → "0". */
export function formatAbsError(x: number): string {
  if (x === 0) return '0'
  if (x >= 1000) return Math.round(x).toLocaleString('en-US')
  return Number(x.toPrecision(3)).toString()
}

/**
 * A fraction as a percentage, never rounded up to a threshold: 1 → "100%", 0.99996 → "99.99%", 0.5 → "50%",
 * 0.123456 → "12.34%".
 */
export function formatPercent(fraction: number): string {
  if (fraction >= 1) return '100%'
  const floored = Math.floor(fraction * 10000) / 100
  return `${Number.isInteger(floored) ? floored.toFixed(0) : floored.toFixed(2)}%`
}

/** Cosine similarity floored to four decimals, so a near match never reads as 1: 0.99996 → "0.9999", 1 → "1.0000". */
export function formatCosine(x: number): string {
  return (Math.floor(x * 10000) / 10000).toFixed(4)
}

/** Share of int8 values within 1 LSB. */
export function withinOneShare(a: IntAgreement): number {
  return a.count === 0 ? 1 : a.withinOne / a.count
}

export type SqnrTone = 'good' | 'fair' | 'poor'

/** ≥ 30 dB good, ≥ 20 dB fair, below poor — the usual reading of int8 per-layer SQNR. */
export function sqnrTone(db: number): SqnrTone {
  return db >= 30 ? 'good' : db >= 20 ? 'fair' : 'poor'
}
