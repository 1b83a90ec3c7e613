/** Number formatting shared by cards, inspector and summary. */

/** Counts with a metric suffix and three significant digits: 950 → "950", 12_544 → "12.5 k", 3.2e6 → "3.20 M". */
export function formatCount(n: number): string {
  const abs = Math.abs(n)
  if (abs < 1000) return String(n)
  const [value, unit] = abs < 1e6 ? [n / 1e3, 'k'] : abs < 1e9 ? [n / 1e6, 'M'] : [n / 1e9, 'G']
  const digits = Math.abs(value) >= 100 ? 0 : Math.abs(value) >= 10 ? 1 : 2
  return `${value.toFixed(digits)} ${unit}`
}

/** Exact count with thin grouping: 1234567 → "1,234,567". */
export function formatExact(n: number): string {
  return n.toLocaleString('en-US')
}
