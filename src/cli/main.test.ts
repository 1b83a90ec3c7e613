import { spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { OPS } from '../core/ops/registry.ts'
import { CMSIS_NN } from '../core/vendors/cmsis-nn/index.ts'
import { POW2_Q7 } from '../core/vendors/pow2-q7/index.ts'
import { runCli } from './run-for-test.ts'

const REPO = fileURLToPath(new URL('../..', import.meta.url))

const run = runCli

const PALETTE = OPS.map((op) => op.type)
/** The operators CMSIS_5 5.9.0's q7 API has kernels for (pow2-q7). */
const POW2_OPS = PALETTE.filter((t) => !['Pad', 'Maximum', 'Minimum', 'Transpose', 'BatchMatMul', 'TransposeConv2D', 'SVDF', 'LSTM',
  'Sigmoid', 'Tanh', 'Quantize'].includes(t))

describe('tinyforge libraries', () => {
  it('--json lists both libraries with every op, its kernel and declarative constraints', async () => {
    const { code, stdout, stderr } = await run('libraries', '--json')
    expect(code).toBe(0)
    expect(stderr).toBe('')
    const libs = JSON.parse(stdout)
    expect(libs.map((l: { id: string }) => l.id)).toEqual(['cmsis-nn', 'pow2-q7'])
    expect(libs[0]).toMatchObject({ id: 'cmsis-nn', name: 'CMSIS-NN', scheme: 's8' })
    expect(libs[0].ops.map((o: { type: string }) => o.type)).toEqual(PALETTE)
    expect(libs[1].ops.map((o: { type: string }) => o.type)).toEqual(POW2_OPS)
    expect(libs[1].description).toContain('Lacks')
    const lstm = libs[0].ops.find((o: { type: string }) => o.type === 'LSTM')
    expect(lstm.kernel).toContain('arm_lstm_unidirectional_s8')
    // int16 (16x8) kernels per op, e.g. the convolution's arm_convolve_wrapper_s16.
    expect(libs[0].ops.find((o: { type: string }) => o.type === 'Conv2D').int16.kernel).toContain('arm_convolve_wrapper_s16')
    expect(libs[0].ops.filter((o: { int16?: unknown }) => o.int16).map((o: { type: string }) => o.type).sort())
      .toEqual(['Add', 'AvgPool2D', 'BatchMatMul', 'Conv2D', 'DepthwiseConv2D', 'Flatten', 'FullyConnected', 'LSTM', 'MaxPool2D', 'Mul', 'Quantize', 'Reshape', 'Sigmoid', 'Softmax', 'Tanh'])
    const pool = libs[1].ops.find((o: { type: string }) => o.type === 'MaxPool2D')
    expect(pool).toEqual({ type: 'MaxPool2D', kernel: 'arm_maxpool_q7_HWC', constraints: POW2_Q7.ops.MaxPool2D.constraints })
    expect(libs[0].ops.find((o: { type: string }) => o.type === 'Concat').constraints).toEqual(CMSIS_NN.ops.Concat.constraints)
  })

  it('prints an aligned table per library', async () => {
    const { code, stdout } = await run('libraries')
    expect(code).toBe(0)
    const lines = stdout.split('\n')
    expect(lines[0]).toBe('cmsis-nn  CMSIS-NN, scheme s8, 27 operators')
    expect(lines).toContain('pow2-q7  pow2-q7, scheme pow2, 16 operators')
    const pow2 = lines.slice(lines.indexOf('pow2-q7  pow2-q7, scheme pow2, 16 operators'))
    const header = pow2[2]
    expect(header).toMatch(/^ {2}OPERATOR +KERNEL +LIMITS$/)
    const row = (op: string) => pow2.find((l) => l.startsWith(`  ${op} `))!
    expect(row('MaxPool2D').indexOf('arm_maxpool_q7_HWC')).toBe(header.indexOf('KERNEL'))
    expect(row('MaxPool2D').slice(header.indexOf('LIMITS'))).toBe('poolH = poolW; strideH = strideW; input H = W; top/left padding < strideH/strideW')
    expect(row('DepthwiseConv2D').slice(header.indexOf('LIMITS')))
      .toBe('depthMultiplier = 1; input channels % 2 = 0; dilationH = 1; dilationW = 1')
    expect(row('ReLU').slice(header.indexOf('LIMITS'))).toBe('-')
  })
})

describe('tinyforge bad input', () => {
  const cases: [string[], string][] = [
    [[], "tinyforge: missing command (try 'tinyforge help')\n"],
    [['estimat'], "tinyforge: unknown command 'estimat' (try 'tinyforge help')\n"],
    [['libraries', '--jsn'], 'tinyforge: unknown option --jsn\n'],
    [['libraries', 'extra'], "tinyforge: unexpected argument 'extra'\n"],
    [['libraries', '--json=1'], 'tinyforge: option --json takes no value\n'],
    [['help', 'nope'], "tinyforge: unknown command 'nope'\n"],
  ]
  for (const [argv, message] of cases) {
    it(`${JSON.stringify(argv)} → exit 2, one line on stderr`, async () => {
      expect(await run(...argv)).toEqual({ code: 2, stdout: '', stderr: message })
    })
  }
})

describe('tinyforge help', () => {
  it('lists the commands', async () => {
    const { code, stdout } = await run('help')
    expect(code).toBe(0)
    expect(stdout).toContain('Usage: tinyforge <command> [options]\n')
    expect(stdout).toContain('  tinyforge libraries [--json]\n      List the vendor operator libraries')
    expect(stdout).toContain('  tinyforge help [command]\n      Show the commands, or the usage of one\n')
    expect((await run('--help')).stdout).toBe(stdout)
  })

  it('shows one command\'s usage, also via --help', async () => {
    const usage = 'Usage: tinyforge libraries [--json]\nList the vendor operator libraries, their operators and kernel constraints\n'
    expect(await run('help', 'libraries')).toEqual({ code: 0, stdout: usage, stderr: '' })
    expect(await run('libraries', '--help')).toEqual({ code: 0, stdout: usage, stderr: '' })
  })
})

describe('bin/tinyforge.mjs as a process', () => {
  it('libraries --json prints both libraries with all their ops', () => {
    const r = spawnSync(process.execPath, ['bin/tinyforge.mjs', 'libraries', '--json'], { cwd: REPO, encoding: 'utf8' })
    expect(r.stderr).toBe('')
    expect(r.status).toBe(0)
    const libs = JSON.parse(r.stdout)
    expect(libs.map((l: { id: string; ops: unknown[] }) => [l.id, l.ops.length])).toEqual([['cmsis-nn', 27], ['pow2-q7', 16]])
  })

  it('exits 2 with one line and no stack trace on bad input', () => {
    const r = spawnSync(process.execPath, ['bin/tinyforge.mjs', 'libraries', '--library'], { cwd: REPO, encoding: 'utf8' })
    expect(r.status).toBe(2)
    expect(r.stdout).toBe('')
    expect(r.stderr).toBe('tinyforge: unknown option --library\n')
  })
})
