import { describe, expect, it } from 'vitest'
import { UsageError, parseArgs } from './args.ts'
import type { FlagSpecs } from './args.ts'

const specs: FlagSpecs = {
  json: { kind: 'boolean' },
  library: { kind: 'string' },
  output: { kind: 'string', short: 'o' },
  'target-file': { kind: 'strings' },
}

function usageError(fn: () => unknown): string {
  try {
    fn()
  } catch (err) {
    expect(err).toBeInstanceOf(UsageError)
    return (err as Error).message
  }
  throw new Error('expected a UsageError')
}

describe('parseArgs', () => {
  it('separates positionals, valued, repeated and boolean flags', () => {
    expect(parseArgs(['m.onnx', '--library', 'pow2-q7', '-o', 'p.json', '--json', '--target-file=a.json',
      '--target-file', 'b.json'], specs)).toEqual({
      positional: ['m.onnx'],
      flags: { library: 'pow2-q7', output: 'p.json', json: true, 'target-file': ['a.json', 'b.json'] },
    })
  })

  it('treats everything after -- and a lone - as positionals', () => {
    expect(parseArgs(['-', '--', '--json', '-o'], specs)).toEqual({ positional: ['-', '--json', '-o'], flags: {} })
  })

  it('refuses unknown flags, missing values, values on booleans, repeats and extra positionals', () => {
    expect(usageError(() => parseArgs(['--jsn'], specs))).toBe('unknown option --jsn')
    expect(usageError(() => parseArgs(['-x'], specs))).toBe('unknown option -x')
    expect(usageError(() => parseArgs(['--library'], specs))).toBe('option --library needs a value')
    expect(usageError(() => parseArgs(['-o', '--json'], specs))).toBe('option -o needs a value')
    expect(usageError(() => parseArgs(['--json=yes'], specs))).toBe('option --json takes no value')
    expect(usageError(() => parseArgs(['--library', 'a', '--library=b'], specs))).toBe('option --library given more than once')
    expect(usageError(() => parseArgs(['a', 'b'], specs, 1))).toBe("unexpected argument 'b'")
  })
})
