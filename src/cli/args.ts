/**
 * The CLI's argument parser: positionals, `--flag value` / `--flag=value`, repeatable `--flag v --flag w`,
 * boolean `--flag`, short aliases (`-o value`), and `--` to end options. Anything it does not recognise is a
 * UsageError whose message is the one line the user sees after `tinyforge: `.
 */

export class UsageError extends Error {}

export interface FlagSpec {
  /** 'string': one value; 'strings': repeatable, collected in order; 'boolean': no value. */
  kind: 'string' | 'strings' | 'boolean'
  /** One-letter alias, used as `-x`. */
  short?: string
}

export type FlagSpecs = Readonly<Record<string, FlagSpec>>

export interface ParsedArgs {
  positional: string[]
  flags: Record<string, string | string[] | boolean>
}

export function parseArgs(argv: readonly string[], specs: FlagSpecs, maxPositional = Infinity): ParsedArgs {
  const shorts = new Map(Object.entries(specs).filter(([, s]) => s.short).map(([name, s]) => [s.short!, name]))
  const positional: string[] = []
  const flags: ParsedArgs['flags'] = {}
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]
    if (arg === '--') {
      positional.push(...argv.slice(i + 1))
      break
    }
    if (!arg.startsWith('-') || arg === '-') {
      positional.push(arg)
      continue
    }
    const eq = arg.startsWith('--') ? arg.indexOf('=') : -1
    const written = eq >= 0 ? arg.slice(0, eq) : arg
    const name = written.startsWith('--') ? written.slice(2) : shorts.get(written.slice(1))
    const spec = name !== undefined ? specs[name] : undefined
    if (name === undefined || !spec) throw new UsageError(`unknown option ${written}`)
    if (spec.kind === 'boolean') {
      if (eq >= 0) throw new UsageError(`option ${written} takes no value`)
      flags[name] = true
      continue
    }
    let value: string
    if (eq >= 0) value = arg.slice(eq + 1)
    else {
      const next = argv[i + 1]
      if (next === undefined || (next.startsWith('-') && next !== '-')) throw new UsageError(`option ${written} needs a value`)
      value = next
      i++
    }
    if (spec.kind === 'strings') flags[name] = [...((flags[name] as string[] | undefined) ?? []), value]
    else if (name in flags) throw new UsageError(`option ${written} given more than once`)
    else flags[name] = value
  }
  if (positional.length > maxPositional) {
    throw new UsageError(`unexpected argument '${positional[maxPositional]}'`)
  }
  return { positional, flags }
}
