/**
 * Target devices: an MCU board with the core family the cost model knows, its clock, memories and active
 * power. Every figure carries where it comes from (`kind`) and the words it was read from (`source`), so
 * the estimator can show a datasheet value, a measurement and an assumption differently.
 */

/** Core families of the cost model (DESIGN.md, custom target file). */
export const CORE_IDS = [
  'cortex-m0plus', 'cortex-m3', 'cortex-m4', 'cortex-m7', 'cortex-m33', 'cortex-m55', 'cortex-m85', 'esp32-s3', 'riscv32',
] as const

export type CoreId = (typeof CORE_IDS)[number]

export function isCoreId(value: unknown): value is CoreId {
  return typeof value === 'string' && (CORE_IDS as readonly string[]).includes(value)
}

/** datasheet: vendor or board documentation; measurement: measured on hardware; assumption: our stated default. */
export type FigureKind = 'datasheet' | 'measurement' | 'assumption'

export interface Figure {
  value: number
  /** The raw text the value was read from and the document it came from. */
  source: string
  kind: FigureKind
}

export interface Target {
  id: string
  /** Chip name, e.g. 'STM32L4R5ZI'. */
  name: string
  /** Board the figures refer to, e.g. 'NUCLEO-L4R5ZI'. */
  board: string
  core: CoreId
  clockMHz: number
  sramBytes: number
  flashBytes: number
  /** Power drawn while running inference at clockMHz; energy = latency × this. */
  activePowerMw: number
  figures: { clock: Figure; sram: Figure; flash: Figure; power: Figure }
  /** True for targets added from a target file rather than the catalog. */
  custom?: boolean
  notes?: string
}

/** Default active power of a core family (mW per MHz of clock) used when a board has no power figure. */
export interface CorePowerDefault {
  mwPerMHz: number
  basis: string
}
