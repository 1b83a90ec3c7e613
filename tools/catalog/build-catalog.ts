/**
 * Builds the device catalog from the rows of ../shared/data/targets.csv (run by
 * scripts/build-target-catalog.ts; the app reads only the generated catalog-data.json).
 *
 * Per figure: clock, SRAM and flash are the first value of their cell (kind 'datasheet': board docs,
 * datasheets, MLPerf system descriptions). Active power, in order of preference:
 *   1. the MLPerf Tiny measured power of the board (kind 'measurement'; a range gives its midpoint);
 *   2. run current × a single supply voltage (kind 'datasheet'; "down to" best cases are skipped,
 *      per-MHz currents are multiplied by the clock, currents quoted at another clock scaled linearly);
 *   3. the core-family default mW/MHz × clock (kind 'assumption', see `powerDefaults`).
 * Rows whose cells cannot be read this way get an explicit decision in ROW_DECISIONS, with its reason.
 */
import { parseCsv } from './csv.ts'
import { defaultPowerFigure } from '../../src/core/targets/power-default.ts'
import { parseClockMHz, parseCore, parsePowerMw, parseRunCurrentMa, parseSizeBytes, parseSupplyV, slugOf } from './csv-cells.ts'
import type { CoreId, CorePowerDefault, Figure, FigureKind, Target } from '../../src/core/targets/types.ts'
import { CORE_IDS } from '../../src/core/targets/types.ts'

interface SizeDecision { bytes: number; kind: FigureKind; note: string }

interface BoardDecision {
  id?: string
  name?: string
  board?: string
  sram?: SizeDecision
  flash?: SizeDecision
  /** The row's measured power belongs to another board of the row. */
  ignoreMeasuredPower?: boolean
  /** Kind of a run-current figure that was measured on a board rather than read from a datasheet. */
  currentKind?: FigureKind
  currentNote?: string
}

interface RowDecision {
  exclude?: string
  /** One row describing two boards becomes one target per entry. */
  boards?: BoardDecision[]
  board?: BoardDecision
}

const MiB = 1024 * 1024

/** Explicit decisions for cells the readers cannot take at face value; each says why. */
export const ROW_DECISIONS: Readonly<Record<string, RowDecision>> = {
  'Alif Ensemble E7/E8': {
    exclude: 'SRAM and MRAM sizes are "not retrieved" in targets.csv; add the board with --target-file once known',
  },
  'STM32U585AI / U575ZI': {
    boards: [
      { id: 'b-u585i-iot02a', name: 'STM32U585AI', board: 'B-U585I-IOT02A', ignoreMeasuredPower: true,
        sram: { bytes: 786 * 1024, kind: 'datasheet', note: '786 KB (Zephyr board doc of B-U585I-IOT02A)' } },
      { id: 'nucleo-u575zi-q', name: 'STM32U575ZI', board: 'NUCLEO-U575ZI-Q',
        sram: { bytes: 768 * 1024, kind: 'datasheet', note: '768 KB (MLPerf system JSON of NUCLEO-U575ZI-Q)' } },
    ],
  },
  RP2040: {
    board: { flash: { bytes: 2 * MiB, kind: 'datasheet', note: '2 MB QSPI flash on the Pico board (the chip has none on-chip)' } },
  },
  'ESP32-S3': {
    board: {
      flash: { bytes: 4 * MiB, kind: 'assumption',
        note: '4 MB, the smallest non-zero external flash option listed; DevKitC modules carry 4–32 MB' },
      currentKind: 'measurement',
      currentNote: 'board-level current with no code running (third-party measurement); inference draws more',
    },
  },
  'ESP32-C3': {
    board: { currentKind: 'measurement',
      currentNote: 'board-level current of a 160 MHz busy loop, Wi-Fi/BLE off (third-party measurement)' },
  },
}

export interface CatalogBuild {
  targets: Target[]
  powerDefaults: Record<CoreId, CorePowerDefault>
  excluded: { row: string; reason: string }[]
}

interface Draft extends Omit<Target, 'activePowerMw' | 'figures'> {
  figures: Omit<Target['figures'], 'power'> & { power?: Figure }
}

export function buildCatalog(csvText: string): CatalogBuild {
  const drafts: Draft[] = []
  const excluded: { row: string; reason: string }[] = []
  for (const row of parseCsv(csvText)) {
    const decision = ROW_DECISIONS[row.target] ?? {}
    if (decision.exclude) { excluded.push({ row: row.target, reason: decision.exclude }); continue }
    for (const board of decision.boards ?? [decision.board ?? {}]) drafts.push(draftOf(row, board))
  }
  const powerDefaults = powerDefaultsOf(drafts)
  const targets = drafts.map((d): Target => {
    const power = d.figures.power ?? defaultPowerFigure(d.core, d.clockMHz, powerDefaults)
    return { ...d, activePowerMw: power.value, figures: { ...d.figures, power } }
  })
  return { targets, powerDefaults, excluded }
}

function draftOf(row: Record<string, string>, decision: BoardDecision): Draft {
  const where = `targets.csv row '${row.target}'`
  const source = row.source
  const core = parseCore(row.core)
  if (!core) throw new Error(`${where}: unknown core '${row.core}'`)
  const clockMHz = parseClockMHz(row.max_clock_mhz)
  if (clockMHz === undefined) throw new Error(`${where}: no clock in '${row.max_clock_mhz}'`)
  const sram = sizeFigure(row.sram_kb, decision.sram, source, `${where}: SRAM`)
  const flash = sizeFigure(row.flash_kb, decision.flash, source, `${where}: flash`)
  const power = powerFigure(row, clockMHz, decision)
  const boardName = decision.board ?? row.board.split(/\s+\/\s+|\s+\(/)[0]
  const notes = [row.notes, boardName !== row.board && `board cell: ${row.board}`, row.fpu && `FPU: ${row.fpu}`,
    row.dsp_simd && `DSP/SIMD: ${row.dsp_simd}`, row.npu !== 'no' && row.npu && `NPU: ${row.npu}`].filter(Boolean).join('; ')
  return {
    id: decision.id ?? slugOf(row.board),
    name: decision.name ?? row.target,
    board: boardName,
    core,
    clockMHz,
    sramBytes: sram.value,
    flashBytes: flash.value,
    figures: {
      clock: { value: clockMHz, source: `max_clock_mhz "${row.max_clock_mhz}" — ${source}`, kind: 'datasheet' }, sram, flash, power,
    },
    ...(notes ? { notes } : {}),
  }
}

function sizeFigure(cell: string, decision: SizeDecision | undefined, source: string, what: string): Figure {
  if (decision) return { value: decision.bytes, source: `${decision.note}; cell "${cell}" — ${source}`, kind: decision.kind }
  const bytes = parseSizeBytes(cell)
  if (bytes === undefined) throw new Error(`${what} '${cell}' has no size; add a decision to ROW_DECISIONS`)
  return { value: bytes, source: `"${cell}" (KB unless stated) — ${source}`, kind: 'datasheet' }
}

function powerFigure(row: Record<string, string>, clockMHz: number, decision: BoardDecision): Figure | undefined {
  const measured = decision.ignoreMeasuredPower ? undefined : parsePowerMw(row.mlperf_measured_power_mw)
  if (measured) {
    return { value: measured.value, kind: 'measurement',
      source: `MLPerf Tiny measured power, ${measured.note}: "${row.mlperf_measured_power_mw}" — ${row.source}` }
  }
  const current = parseRunCurrentMa(row.run_current, clockMHz)
  const volts = parseSupplyV(row.supply_v)
  if (!current || volts === undefined) return undefined
  const value = Math.round(current.value * volts * 1000) / 1000
  const note = decision.currentNote ? ` (${decision.currentNote})` : ''
  return { value, kind: decision.currentKind ?? 'datasheet',
    source: `run current ${current.note} × ${volts} V supply${note}: "${row.run_current}" — ${row.source}` }
}

/**
 * Family default: median mW/MHz of the family's boards with a measured or datasheet power. Families with
 * none use the median of the boards with MLPerf-measured power (one consistent measurement method).
 */
function powerDefaultsOf(drafts: Draft[]): Record<CoreId, CorePowerDefault> {
  const perMHz = (ds: Draft[]) => ds.map((d) => d.figures.power!.value / d.clockMHz)
  const withPower = drafts.filter((d) => d.figures.power)
  const mlperf = withPower.filter((d) => d.figures.power!.source.startsWith('MLPerf'))
  const generic = median(perMHz(mlperf))
  const out = {} as Record<CoreId, CorePowerDefault>
  for (const core of CORE_IDS) {
    const family = withPower.filter((d) => d.core === core)
    out[core] = family.length > 0
      ? { mwPerMHz: round6(median(perMHz(family))), basis: `median mW/MHz of ${family.map((d) => d.board).join(', ')}` }
      : { mwPerMHz: round6(generic), basis: `no ${core} board with a power figure; median mW/MHz of the MLPerf-measured boards ` +
          `(${mlperf.map((d) => d.board).join(', ')})` }
  }
  return out
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b)
  const mid = s.length >> 1
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2
}

function round6(x: number): number {
  return Math.round(x * 1e6) / 1e6
}
