/**
 * `tinyforge families [--json]`: the shipped network families (core/pipelines/explore/families): id, name, library,
 * knobs with their values and reference, the size of the space and what its reference point reproduces.
 */
import { referenceValues, spaceSize } from '../../core/pipelines/explore/family.ts'
import { FAMILIES } from '../../core/pipelines/explore/families/index.ts'
import type { Command } from '../command.ts'
import { out, printJson } from '../command.ts'
import { formatTable } from '../table.ts'

export const families: Command = {
  name: 'families',
  usage: '[--json]',
  summary: 'List the network families (knobs, space size, reference model); a family file path works wherever an id does',
  flags: { json: { kind: 'boolean' } },
  maxPositional: 0,
  run(args) {
    if (args.flags.json) {
      printJson(FAMILIES.map((f) => ({ id: f.id, name: f.name, description: f.description, library: f.library, reference: f.reference ?? null,
        spaceSize: spaceSize(f), knobs: f.knobs, referenceValues: referenceValues(f) })))
      return 0
    }
    const rows = [['ID', 'LIBRARY', 'VARIANTS', 'KNOBS', 'REFERENCE']]
    for (const f of FAMILIES) {
      rows.push([f.id, f.library, String(spaceSize(f)), f.knobs.map((k) => `${k.name}∈{${k.values.join(',')}}`).join(' '), f.reference ?? '—'])
    }
    out(`${formatTable(rows)}\n`)
    return 0
  },
}
