/** `tinyforge help [command]`: the command list, or one command's usage. */
import { UsageError } from '../args.ts'
import type { Command } from '../command.ts'
import { out } from '../command.ts'

export const help: Command = {
  name: 'help',
  usage: '[command]',
  summary: 'Show the commands, or the usage of one',
  flags: {},
  maxPositional: 1,
  run(args, { commands }) {
    const name = args.positional[0]
    if (name !== undefined) {
      const cmd = commands.find((c) => c.name === name)
      if (!cmd) throw new UsageError(`unknown command '${name}'`)
      out(`Usage: tinyforge ${cmd.name} ${cmd.usage}\n${cmd.summary}\n`)
      return 0
    }
    out('tinyforge: design, estimate, quantize and export neural networks for microcontrollers\n\n'
      + 'Usage: tinyforge <command> [options]\n\nCommands:\n'
      + commands.map((c) => `  tinyforge ${c.name} ${c.usage}\n      ${c.summary}\n`).join(''))
    return 0
  },
}
