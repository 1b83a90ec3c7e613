/** Active power of a board without a power figure: its core family's default mW/MHz × clock (an assumption). */
import type { CoreId, CorePowerDefault, Figure } from './types.ts'

export function defaultPowerFigure(core: CoreId, clockMHz: number, defaults: Readonly<Record<CoreId, CorePowerDefault>>): Figure {
  const d = defaults[core]
  return { value: Math.round(d.mwPerMHz * clockMHz * 1000) / 1000, kind: 'assumption',
    source: `core-family default ${d.mwPerMHz} mW/MHz × ${clockMHz} MHz (${d.basis})` }
}
