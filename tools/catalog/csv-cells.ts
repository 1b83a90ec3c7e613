/**
 * Readers for the hand-written cells of ../shared/data/targets.csv (build time only). Cells mix a primary
 * value with commentary — "480 (Linux kernel doc says 400 for early revision)", "1.19MB (as stated)",
 * "121.8-166.4 mW avg …", "not retrieved" — so each reader takes the first value of its kind and leaves
 * the raw text to the caller, who keeps it as the figure's source. `undefined` means "no usable value".
 */
import type { CoreId } from '../../src/core/targets/types.ts'

const NUM = String.raw`(\d+(?:\.\d+)?)`

export function isNotRetrieved(cell: string): boolean {
  return cell.trim() === '' || /^not retrieved/i.test(cell.trim())
}

/** First decimal number in the cell. */
export function firstNumber(cell: string): number | undefined {
  const m = new RegExp(NUM).exec(cell)
  return m ? Number(m[1]) : undefined
}

/** Clock in MHz: the first number ("128 (app) / 64 (net)" → 128). */
export function parseClockMHz(cell: string): number | undefined {
  if (isNotRetrieved(cell)) return undefined
  const v = firstNumber(cell)
  return v !== undefined && v > 0 ? v : undefined
}

/**
 * Memory size in bytes from the first number and the unit right after it: KB (the column unit, also when
 * no unit is written) or MB; 1 KB = 1024 bytes as in MCU datasheets. Zero counts as no value.
 */
export function parseSizeBytes(cell: string): number | undefined {
  if (isNotRetrieved(cell)) return undefined
  const m = new RegExp(NUM + String.raw`\s*(MB|KB|kB|Kbytes|KiB|MiB)?`).exec(cell)
  if (!m) return undefined
  const value = Number(m[1])
  if (!(value > 0)) return undefined
  const mega = m[2] === 'MB' || m[2] === 'MiB'
  return Math.round(value * (mega ? 1024 * 1024 : 1024))
}

/** First power figure in mW; a range "a-b mW" gives its midpoint. */
export function parsePowerMw(cell: string): { value: number; note: string } | undefined {
  const m = new RegExp(NUM + String.raw`(?:\s*[-–]\s*` + NUM + String.raw`)?\s*mW`).exec(cell)
  if (!m) return undefined
  const lo = Number(m[1])
  if (m[2] === undefined) return { value: lo, note: `${lo} mW` }
  const hi = Number(m[2])
  return { value: round((lo + hi) / 2, 3), note: `midpoint of ${lo}–${hi} mW` }
}

/**
 * Run current in mA at `clockMHz`, from the first "x uA/MHz" or "x mA" figure that is not part of a
 * "down to …" best-case clause. A mA figure quoted "@f MHz" (before it in the cell) is scaled linearly to clockMHz.
 */
export function parseRunCurrentMa(cell: string, clockMHz: number): { value: number; note: string } | undefined {
  if (isNotRetrieved(cell)) return undefined
  const re = new RegExp(NUM + String.raw`\s*(uA/MHz|µA/MHz|mA)`, 'g')
  for (let m = re.exec(cell); m; m = re.exec(cell)) {
    const clause = cell.slice(0, m.index).split(/[;.](?!\d)/).pop() ?? ''
    if (/down to/i.test(clause)) continue
    const x = Number(m[1])
    if (m[2] !== 'mA') return { value: round((x * clockMHz) / 1000, 4), note: `${x} µA/MHz × ${clockMHz} MHz` }
    const at = /@\s*(\d+(?:\.\d+)?)\s*MHz/i.exec(cell.slice(0, m.index))
    const atMHz = at ? Number(at[1]) : undefined
    if (atMHz !== undefined && atMHz !== clockMHz) {
      return { value: round((x * clockMHz) / atMHz, 4), note: `${x} mA at ${atMHz} MHz scaled linearly to ${clockMHz} MHz` }
    }
    return { value: x, note: `${x} mA` }
  }
  return undefined
}

/** A single supply voltage ("3.3 V typical" → 3.3); a range ("1.7-3.6 V") is not one. */
export function parseSupplyV(cell: string): number | undefined {
  if (isNotRetrieved(cell)) return undefined
  const m = new RegExp(String.raw`(^|[^\d.\-–])` + NUM + String.raw`\s*V\b`).exec(cell)
  if (!m) return undefined
  const rest = cell.slice(m.index + m[0].length)
  if (/^\s*[-–]\s*\d/.test(rest)) return undefined
  return Number(m[2])
}

/** The core family named first in the cell ("Cortex-M4 (+M0+)" → cortex-m4). */
export function parseCore(cell: string): CoreId | undefined {
  const m = /Cortex-M(0\+|33|3|4|55|7|85)|Xtensa LX7|RISC-V/i.exec(cell)
  if (!m) return undefined
  if (/^Xtensa/i.test(m[0])) return 'esp32-s3'
  if (/^RISC-V/i.test(m[0])) return 'riscv32'
  const byNumber: Record<string, CoreId> = {
    '0+': 'cortex-m0plus', '3': 'cortex-m3', '4': 'cortex-m4', '7': 'cortex-m7', '33': 'cortex-m33', '55': 'cortex-m55',
    '85': 'cortex-m85',
  }
  return byNumber[m[1]]
}

/** Lower-case id from the first name in a cell ("nRF52840 DK / Arduino Nano 33 BLE" → 'nrf52840-dk'). */
export function slugOf(cell: string): string {
  const first = cell.split(/\s+\/\s+|\s+\(/)[0]
  return first.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '')
}

function round(x: number, digits: number): number {
  const f = 10 ** digits
  return Math.round(x * f) / f
}
