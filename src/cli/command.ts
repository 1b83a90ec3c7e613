/**
 * A CLI command: its usage line, the flags it accepts and how many positionals, and `run`, which writes to
 * process.stdout / process.stderr and returns the exit code. Bad input is a thrown UsageError (exit code 2).
 */
import type { FlagSpecs, ParsedArgs } from './args.ts'

export interface CommandContext {
  /** Every registered command, in help order. */
  commands: readonly Command[]
}

export interface Command {
  name: string
  /** Arguments after the name, e.g. '[--json]'. */
  usage: string
  summary: string
  flags: FlagSpecs
  maxPositional: number
  run(args: ParsedArgs, ctx: CommandContext): Promise<number> | number
}

export function out(text: string): void {
  process.stdout.write(text)
}

export function printJson(value: unknown): void {
  out(`${JSON.stringify(value, null, 2)}\n`)
}
