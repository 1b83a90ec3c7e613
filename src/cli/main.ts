/**
 * The `tinyforge` command (bin/tinyforge.mjs): the same core as the IDE, headless. `main(argv)` returns the exit
 * code: 0 success, 1 failure of the work itself, 2 bad input (one line `tinyforge: <reason>` on stderr).
 * Commands are registered by one line each below.
 */
import { UsageError, parseArgs } from './args.ts'
import type { Command } from './command.ts'
import { cluster } from './commands/cluster.ts'
import { estimate } from './commands/estimate.ts'
import { exits } from './commands/exits.ts'
import { exportCommand } from './commands/export.ts'
import { explore } from './commands/explore.ts'
import { extract } from './commands/extract.ts'
import { families } from './commands/families.ts'
import { fit } from './commands/fit.ts'
import { help } from './commands/help.ts'
import { importCommand } from './commands/import.ts'
import { importWeightsCommand } from './commands/import-weights.ts'
import { libraries } from './commands/libraries.ts'
import { precision } from './commands/precision.ts'
import { prune } from './commands/prune.ts'
import { quantize } from './commands/quantize.ts'
import { split } from './commands/split.ts'
import { supernet } from './commands/supernet.ts'
import { targets } from './commands/targets.ts'
import { train } from './commands/train.ts'
import { trainCut } from './commands/train-cut.ts'
import { validate } from './commands/validate.ts'

const COMMANDS: readonly Command[] = [
  libraries,
  targets,
  importCommand,
  quantize,
  precision,
  prune,
  cluster,
  validate,
  estimate,
  exportCommand,
  importWeightsCommand,
  train,
  trainCut,
  split,
  exits,
  families,
  explore,
  fit,
  supernet,
  extract,
  help,
]

export async function main(argv: readonly string[]): Promise<number> {
  try {
    const [name, ...rest] = argv
    if (name === undefined) throw new UsageError(`missing command (try 'tinyforge help')`)
    if (name === '--help' || name === '-h') return await help.run({ positional: [], flags: {} }, { commands: COMMANDS })
    const cmd = COMMANDS.find((c) => c.name === name)
    if (!cmd) throw new UsageError(`unknown command '${name}' (try 'tinyforge help')`)
    if (rest.includes('--help') || rest.includes('-h')) {
      return await help.run({ positional: [cmd.name], flags: {} }, { commands: COMMANDS })
    }
    return await cmd.run(parseArgs(rest, cmd.flags, cmd.maxPositional), { commands: COMMANDS })
  } catch (err) {
    if (err instanceof UsageError) {
      process.stderr.write(`tinyforge: ${err.message}\n`)
      return 2
    }
    process.stderr.write(`tinyforge: ${err instanceof Error ? err.message : String(err)}\n`)
    return 1
  }
}
