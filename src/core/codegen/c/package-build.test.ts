/**
 * Exported C packages built and run the way a user runs them: `make test SANITIZE=1` on the host (gcc with ASan +
 * UBSan) for the four MLPerf Tiny int8 models, the three templates quantized s8, a pow2-q7 network and the test
 * graphs that cover every operator, and `make test-qemu-m4` (plus -m7 / -m33 for KWS and the Digits template) on
 * qemu-system-arm. Each run compares every output byte with the TypeScript int8 engine's and exits 0 only when all
 * match. Also: hostile node names and prefixes compile cleanly.
 */
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import type { Graph } from '../../ir/types.ts'
import { MIXED_NET, POOL_NET } from '../../testing/fixture-graphs.ts'
import {
  LSTM_STREAM_NET, LSTM_WINDOW_NET, POW2_MUL_NET, SECOND_SET_NET, SEQUENCE_NET, SVDF_STREAM_NET,
} from '../../testing/fixture-graphs-seq.ts'
import { generateCPackage } from './generate-package.ts'
import { INT16_CONV_NET, INT16_NET, INT16_SEQ_NET, INT16_SOFTMAX_NET } from '../../testing/fixture-graphs-int16.ts'
import { TWO_IO_NET, mlperfGraph, quantized, templateGraph } from '../../testing/c-fixtures.ts'
import { removeTempDirs, run, tempDir, writeFiles } from '../../testing/c-toolchain.ts'

interface BuildCase {
  prefix: string
  graph: () => Graph
  library: 'cmsis-nn' | 'pow2-q7'
  outputBytes: number
  qemu: readonly ('m4' | 'm7' | 'm33')[]
}

const CASES: BuildCase[] = [
  { prefix: 'kws', graph: () => mlperfGraph('kws_ref_model.tflite'), library: 'cmsis-nn', outputBytes: 12, qemu: ['m4', 'm7', 'm33'] },
  { prefix: 'vww', graph: () => mlperfGraph('vww_96_int8.tflite'), library: 'cmsis-nn', outputBytes: 2, qemu: ['m4'] },
  { prefix: 'resnet', graph: () => mlperfGraph('pretrainedResnet_quant.tflite'), library: 'cmsis-nn', outputBytes: 10, qemu: ['m4'] },
  { prefix: 'ad01', graph: () => mlperfGraph('ad01_int8.tflite'), library: 'cmsis-nn', outputBytes: 640, qemu: ['m4'] },
  { prefix: 'digits', graph: () => templateGraph('digits-cnn', 's8'), library: 'cmsis-nn', outputBytes: 10, qemu: ['m4', 'm7', 'm33'] },
  { prefix: 'kws_template', graph: () => templateGraph('kws-ds-cnn', 's8'), library: 'cmsis-nn', outputBytes: 12, qemu: [] },
  { prefix: 'vww_template', graph: () => templateGraph('vww-mobilenet', 's8'), library: 'cmsis-nn', outputBytes: 2, qemu: [] },
  { prefix: 'digits_pow2', graph: () => templateGraph('digits-cnn', 'pow2'), library: 'pow2-q7', outputBytes: 10, qemu: ['m4'] },
  { prefix: 'mixed', graph: () => quantized(MIXED_NET, 's8'), library: 'cmsis-nn', outputBytes: 10, qemu: [] },
  { prefix: 'mixed_pow2', graph: () => quantized(MIXED_NET, 'pow2'), library: 'pow2-q7', outputBytes: 10, qemu: [] },
  { prefix: 'pool', graph: () => quantized(POOL_NET, 's8'), library: 'cmsis-nn', outputBytes: 3, qemu: [] },
  { prefix: 'two_io', graph: () => quantized(TWO_IO_NET, 's8'), library: 'cmsis-nn', outputBytes: 13, qemu: [] },
  // The second operator set; the stateful packages run their vectors as one stream after <prefix>_reset().
  { prefix: 'second', graph: () => quantized(SECOND_SET_NET, 's8'), library: 'cmsis-nn', outputBytes: 3, qemu: ['m4'] },
  { prefix: 'sequence', graph: () => quantized(SEQUENCE_NET, 's8'), library: 'cmsis-nn', outputBytes: 4, qemu: [] },
  { prefix: 'svdf', graph: () => quantized(SVDF_STREAM_NET, 's8'), library: 'cmsis-nn', outputBytes: 3, qemu: ['m4'] },
  { prefix: 'lstm', graph: () => quantized(LSTM_WINDOW_NET, 's8'), library: 'cmsis-nn', outputBytes: 4, qemu: ['m4'] },
  { prefix: 'lstm_stream', graph: () => quantized(LSTM_STREAM_NET, 's8'), library: 'cmsis-nn', outputBytes: 3, qemu: ['m4'] },
  { prefix: 'mul_pow2', graph: () => quantized(POW2_MUL_NET, 'pow2'), library: 'pow2-q7', outputBytes: 3, qemu: [] },
  // int16 activations (16x8): Quantize both ways, two int16 FullyConnected layers, Sigmoid and Tanh
  { prefix: 'int16', graph: () => quantized(INT16_NET, 's8'), library: 'cmsis-nn', outputBytes: 4, qemu: ['m4'] },
  // int16 Conv2D, DepthwiseConv2D, Add, MaxPool2D and AvgPool2D between Quantize nodes
  { prefix: 'int16_conv', graph: () => quantized(INT16_CONV_NET, 's8'), library: 'cmsis-nn', outputBytes: 3, qemu: ['m4'] },
  // int16 Softmax (arm_softmax_s16) between Quantize nodes, beside an int8 Softmax: two outputs of 10
  { prefix: 'int16_softmax', graph: () => quantized(INT16_SOFTMAX_NET, 's8'), library: 'cmsis-nn', outputBytes: 20, qemu: ['m4'] },
  // int16 BatchMatMul (transposed and not) and Mul on a [1, 8, 6] sequence between Quantize nodes
  { prefix: 'int16_seq', graph: () => quantized(INT16_SEQ_NET, 's8'), library: 'cmsis-nn', outputBytes: 4, qemu: ['m4'] },
]

const MACHINES = { m4: 'qemu mps2-an386 (Cortex-M4)', m7: 'qemu mps2-an500 (Cortex-M7)', m33: 'qemu mps2-an505 (Cortex-M33)' }

/** C text with its comments removed (block comments may not nest; string literals are kept). */
function withoutComments(text: string): string {
  return text.replace(/"(?:[^"\\\n]|\\.)*"|\/\*[\s\S]*?\*\/|\/\/[^\n]*/g, (m) => (m.startsWith('"') ? m : ' '))
}

function writePackage(c: { prefix: string; graph: Graph; library: string }): string {
  const dir = tempDir(c.prefix)
  writeFiles(dir, generateCPackage(c.graph, { prefix: c.prefix, library: c.library }))
  return dir
}

afterAll(removeTempDirs)

describe('exported C packages', () => {
  it.each(CASES.map((c) => [c.prefix, c] as const))('%s: make test (host, ASan + UBSan) and the QEMU targets are bit-exact', (_p, c) => {
    const dir = writePackage({ ...c, graph: c.graph() })
    const host = run('make', ['-s', 'test', 'SANITIZE=1'], dir)
    expect(host.output).toContain(`${c.prefix}: 3/3 vectors bit-exact (${c.outputBytes} output bytes each) on host\n` +
      `${c.prefix}: zero-copy run bit-exact\n`)
    expect(host.stderr).toBe('')
    expect(host.code).toBe(0)
    for (const board of c.qemu) {
      const r = run('make', ['-s', `test-qemu-${board}`], dir, 300_000)
      // QEMU's semihosting console writes to stderr.
      expect(r.stderr).toContain(`${c.prefix}: 3/3 vectors bit-exact (${c.outputBytes} output bytes each) on ${MACHINES[board]}\n`)
      expect(r.stderr).toMatch(new RegExp(`${c.prefix}: last invoke \\d+ ns by the board clock`))
      expect(r.code).toBe(0)
    }
  }, 300_000)

  it('builds with its CMakeLists.txt and passes ctest', () => {
    const dir = writePackage({ prefix: 'pool_cmake', graph: quantized(POOL_NET, 's8'), library: 'cmsis-nn' })
    const configure = run('cmake', ['-S', '.', '-B', 'cmake-build'], dir)
    expect(configure.code).toBe(0)
    const build = run('cmake', ['--build', 'cmake-build'], dir)
    expect(build.output).not.toMatch(/warning/)
    expect(build.code).toBe(0)
    const test = run('ctest', ['--output-on-failure'], join(dir, 'cmake-build'))
    expect(test.stdout).toContain('100% tests passed, 0 tests failed out of 1')
    expect(test.code).toBe(0)
  })

  it('turns hostile node names and prefixes into safe C that builds -Werror clean', () => {
    const base = templateGraph('digits-cnn', 's8')
    const names = ['*/ int evil; /*', '"; system("rm -rf /"); "', 'line\nbreak\\', 'int', '卷积 ✓', '??/', 'int', '']
    const graph = { ...base, nodes: base.nodes.map((n, i) => ({ ...n, name: names[i % names.length] })) }
    const files = generateCPackage(graph, { prefix: 'static */ int', library: 'cmsis-nn', title: 'a */ b\n#error x' })
    expect(files.has('include/static_int.h')).toBe(true)
    for (const [path, text] of files) {
      if (!/\.(c|h)$/.test(path) || typeof text !== 'string') continue
      const code = withoutComments(text)
      expect(code).not.toMatch(/evil;|system\(|#error|rm -rf|卷积/)
      expect(text).not.toContain('??')
    }
    const dir = tempDir('hostile')
    writeFiles(dir, files)
    const r = run('make', ['-s', 'test'], dir)
    expect(r.stdout).toContain('static_int: 3/3 vectors bit-exact (10 output bytes each) on host\n')
    expect(r.stderr).toBe('')
    expect(r.code).toBe(0)
  })
})
