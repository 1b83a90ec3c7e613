/**
 * The device catalog: boards of ../shared/data/targets.csv with their figures and sources, generated into
 * catalog-data.json by scripts/build-target-catalog.ts (see build-catalog.ts for the rules). Pure data.
 */
import data from './catalog-data.json' with { type: 'json' }
import { defaultPowerFigure } from './power-default.ts'
import type { CoreId, CorePowerDefault, Figure, Target } from './types.ts'

export const CATALOG_TARGETS: readonly Target[] = data.targets as Target[]

export const CORE_POWER_DEFAULTS: Readonly<Record<CoreId, CorePowerDefault>> = data.powerDefaults

/** Rows of targets.csv left out of the catalog, with the reason. */
export const CATALOG_EXCLUDED: readonly { row: string; reason: string }[] = data.excluded

/** Where the catalog came from: generator, date and the input's hash. */
export const CATALOG_PROVENANCE = { generator: data.generator, generatedAt: data.generatedAt, input: data.input }

export function getTarget(id: string): Target | undefined {
  return CATALOG_TARGETS.find((t) => t.id === id)
}

/** Core-family default active power at a clock (kind 'assumption'), for boards without a power figure. */
export function defaultActivePower(core: CoreId, clockMHz: number): Figure {
  return defaultPowerFigure(core, clockMHz, CORE_POWER_DEFAULTS)
}
