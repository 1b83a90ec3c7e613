/**
 * `tinyforge libraries [--json]`: the vendor operator libraries, their operators (palette order) and constraints.
 * JSON: `[{ id, name, scheme, provenance, description, ops: [{ type, kernel, constraints, int16?, int4? }] }]`, constraints as
 * declared data; `int16: { kernel }` where the library has the op's int16-activation (16x8, `_s16`) kernel, `int4: { kernel,
 * note }` where it has the op's int4 packed-weight kernel.
 */
import { OPS } from '../../core/ops/registry.ts'
import { describeConstraint } from '../../core/vendors/describe-constraint.ts'
import { LIBRARIES } from '../../core/vendors/registry.ts'
import type { OpSupport, VendorLibrary } from '../../core/vendors/types.ts'
import type { Command } from '../command.ts'
import { out, printJson } from '../command.ts'
import { formatTable } from '../table.ts'

export const libraries: Command = {
  name: 'libraries',
  usage: '[--json]',
  summary: 'List the vendor operator libraries, their operators and kernel constraints',
  flags: { json: { kind: 'boolean' } },
  maxPositional: 0,
  run(args) {
    if (args.flags.json) {
      printJson(LIBRARIES.map((lib) => ({
        id: lib.id,
        name: lib.name,
        scheme: lib.scheme,
        provenance: lib.provenance,
        description: lib.description,
        ops: opsOf(lib).map(([type, s]) => ({ type, kernel: s.kernel, constraints: s.constraints, ...(s.int16 ? { int16: s.int16 } : {}),
          ...(s.int4 ? { int4: s.int4 } : {}) })),
      })))
      return 0
    }
    out(LIBRARIES.map(describeLibrary).join('\n'))
    return 0
  },
}

/** The library's operators in palette order (registry order), then any the registry does not know. */
function opsOf(lib: VendorLibrary): [string, OpSupport][] {
  const order = new Map(OPS.map((op, i) => [op.type, i]))
  return Object.entries(lib.ops).sort(([a], [b]) => (order.get(a) ?? Infinity) - (order.get(b) ?? Infinity))
}

function describeLibrary(lib: VendorLibrary): string {
  const rows = [['OPERATOR', 'KERNEL', 'LIMITS']]
  for (const [type, s] of opsOf(lib)) {
    rows.push([type, s.kernel + (s.int16 ? `; int16: ${s.int16.kernel}` : '') + (s.int4 ? `; int4 weights: ${s.int4.kernel}` : ''), s.constraints.map(describeConstraint).join('; ') || '-'])
  }
  return `${lib.id}  ${lib.name}, scheme ${lib.scheme}, ${Object.keys(lib.ops).length} operators\n`
    + `  ${lib.provenance}\n`
    + formatTable(rows, '  ')
}
