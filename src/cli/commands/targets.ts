/**
 * `tinyforge targets [--json]`: the device catalog (core/targets, built from ../shared/data/targets.csv), every figure
 * with its kind and the text it was read from. JSON: the catalog's Target objects, `[{ id, name, board, core, clockMHz,
 * sramBytes, flashBytes, activePowerMw, figures: { clock, sram, flash, power: { value, source, kind } }, notes? }]`.
 */
import { CATALOG_PROVENANCE, CATALOG_TARGETS } from '../../core/targets/catalog.ts'
import type { Figure, Target } from '../../core/targets/types.ts'
import type { Command } from '../command.ts'
import { out, printJson } from '../command.ts'
import { formatTable } from '../table.ts'

export const targets: Command = {
  name: 'targets',
  usage: '[--json]',
  summary: 'List the target catalog: core, clock, SRAM, flash and active power, each with its source',
  flags: { json: { kind: 'boolean' } },
  maxPositional: 0,
  run(args) {
    if (args.flags.json) {
      printJson(CATALOG_TARGETS)
      return 0
    }
    out(renderTargets(CATALOG_TARGETS))
    return 0
  },
}

const KIND_TAG: Readonly<Record<Figure['kind'], string>> = { datasheet: 'd', measurement: 'm', assumption: 'a' }

const tagged = (text: string, f: Figure) => `${text} (${KIND_TAG[f.kind]})`

function kib(bytes: number): string {
  return bytes % 1024 === 0 ? `${bytes / 1024} KiB` : `${(bytes / 1024).toFixed(1)} KiB`
}

export function renderTargets(list: readonly Target[]): string {
  const rows = [['ID', 'BOARD', 'CHIP', 'CORE', 'CLOCK', 'SRAM', 'FLASH', 'ACTIVE POWER']]
  for (const t of list) {
    rows.push([t.id, t.board, t.name, t.core, tagged(`${t.clockMHz} MHz`, t.figures.clock), tagged(kib(t.sramBytes), t.figures.sram),
      tagged(kib(t.flashBytes), t.figures.flash), tagged(`${t.activePowerMw} mW`, t.figures.power)])
  }
  const sources = list.map((t) => [
    `${t.id}:`,
    ...(['clock', 'sram', 'flash', 'power'] as const).map((k) => `  ${k} (${t.figures[k].kind}): ${t.figures[k].source}`),
  ].join('\n'))
  return `${list.length} targets from ${CATALOG_PROVENANCE.input.path} (generated ${CATALOG_PROVENANCE.generatedAt})\n\n` +
    formatTable(rows) + '\n(d) datasheet  (m) measurement  (a) assumption\n\nSources:\n' + sources.join('\n') + '\n'
}
