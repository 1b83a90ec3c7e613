import { describe, expect, it } from 'vitest'
import { parseTargetFile, TargetFileError } from './target-file.ts'

const BOARD = { id: 'my-board', name: 'My Board', core: 'cortex-m33', clockMHz: 100, sramBytes: 262144, flashBytes: 1048576 }
const text = (o: object) => JSON.stringify(o)

describe('custom target file', () => {
  it('parses a board and marks user figures as assumptions', () => {
    const t = parseTargetFile(text({ ...BOARD, activePowerMw: 12.5 }), 'board.json')
    expect(t).toMatchObject({ id: 'my-board', name: 'My Board', board: 'My Board', core: 'cortex-m33', clockMHz: 100,
      sramBytes: 262144, flashBytes: 1048576, activePowerMw: 12.5, custom: true })
    expect(t.figures.power).toEqual({ value: 12.5, source: 'custom board.json (user-supplied)', kind: 'assumption' })
    expect(t.figures.clock.value).toBe(100)
  })

  it('falls back to the core-family default power', () => {
    const t = parseTargetFile(text(BOARD))
    // Cortex-M33 default: median mW/MHz of the M33 catalog boards with a power figure (0.125704) × 100 MHz.
    expect(t.activePowerMw).toBe(12.57)
    expect(t.figures.power.kind).toBe('assumption')
    expect(t.figures.power.source).toMatch(/^core-family default 0\.125704 mW\/MHz × 100 MHz/)
  })

  it.each([
    ['{', /^target file: not valid JSON \(/],
    ['[1]', /^target file: expected a JSON object/],
  ])('rejects %s', (input, message) => {
    expect(() => parseTargetFile(input)).toThrow(message)
  })

  it.each([
    [{ ...BOARD, clockMHz: 0 }, 'target file: clockMHz must be a positive number'],
    [{ ...BOARD, clockMHz: '100' }, 'target file: clockMHz must be a positive number'],
    [{ ...BOARD, core: 'cortex-m9' }, "target file: unknown core 'cortex-m9'; expected one of cortex-m0plus, cortex-m3, " +
      'cortex-m4, cortex-m7, cortex-m33, cortex-m55, cortex-m85, esp32-s3, riscv32'],
    [{ ...BOARD, sramBytes: 1.5 }, 'target file: sramBytes must be a positive whole number'],
    [{ ...BOARD, flashBytes: -1 }, 'target file: flashBytes must be a positive whole number'],
    [{ ...BOARD, activePowerMw: 0 }, 'target file: activePowerMw must be a positive number'],
    [{ ...BOARD, id: 'a b' }, "target file: id 'a b' must be 1–64 letters, digits, '.', '_' or '-'"],
    [{ ...BOARD, name: '' }, 'target file: name must be a non-empty string'],
    [{ ...BOARD, sramKB: 256 }, "target file: unknown field 'sramKB'; expected id, name, core, clockMHz, sramBytes, " +
      'flashBytes, activePowerMw'],
    [{ id: 'x', name: 'X', clockMHz: 1, sramBytes: 1, flashBytes: 1 }, 'target file: core is missing'],
  ])('reports one line for %j', (board, message) => {
    let error: unknown
    try { parseTargetFile(text(board)) } catch (e) { error = e }
    expect(error).toBeInstanceOf(TargetFileError)
    expect((error as Error).message).toBe(message)
    expect((error as Error).message).not.toContain('\n')
  })
})
