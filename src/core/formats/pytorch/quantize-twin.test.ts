/**
 * The Python quantizer twin (tinyforge_twins/quantize.py) computes exactly TinyForge's int8 model from the same float
 * weights and activation ranges: for templates and the operator-covering test graphs, in both schemes, random float32
 * weights (zero channels included) and random ranges (straddling, touching and missing zero, tiny and wide; SVDF and
 * LSTM inner ranges, int16 layers and int4 weights included) go
 * through derive_int8 in Python; import-weights then requires every scale, zero point and int8/int32 value of
 * TinyForge's quantization (pipelines/ptq-ranges.ts) to equal the Python ones.
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { removeTempDirs } from '../../testing/c-toolchain.ts'
import { TWO_IO_NET } from '../../testing/c-fixtures.ts'
import type { ProjectDoc } from '../../ir/project.ts'
import type { Graph } from '../../ir/types.ts'
import type { QuantScheme } from '../../quant/scheme.ts'
import { syntheticSamples } from '../../data/calibration-data.ts'
import { MIXED_NET, POOL_NET } from '../../testing/fixture-graphs.ts'
import { LSTM_STREAM_NET, LSTM_WINDOW_NET, POW2_MUL_NET, SECOND_SET_NET, SVDF_STREAM_NET } from '../../testing/fixture-graphs-seq.ts'
import { quantizeGraph } from '../../pipelines/ptq.ts'
import { importWeights } from '../../pipelines/import-weights.ts'
import { buildTemplate, withInt4Weights } from '../../testing/pytorch/templates.ts'
import { INT16_CONV_NET, INT16_NET, INT16_SOFTMAX_NET } from '../../testing/fixture-graphs-int16.ts'
import { python, writePytorchProject } from '../../testing/pytorch/python-project.ts'
import { encodeWeightsFile } from './weights-file.ts'
import { randomWeights } from '../../testing/pytorch/weights-files.ts'

afterAll(removeTempDirs)

const doc = (name: string, graph: Graph, scheme: QuantScheme): ProjectDoc =>
  ({ name, library: scheme === 's8' ? 'cmsis-nn' : 'pow2-q7', targets: [], graph })

const q = (g: Graph, scheme: QuantScheme, denseWeights?: 'per-channel') =>
  quantizeGraph(g, { scheme, samples: syntheticSamples(g, 2, 1), denseWeights })

const CASES: [string, () => ProjectDoc, QuantScheme][] = [
  ['digits s8', () => buildTemplate('digits-cnn'), 's8'],
  ['digits pow2', () => ({ ...buildTemplate('digits-cnn'), library: 'pow2-q7' }), 'pow2'],
  ['kws s8', () => buildTemplate('kws-ds-cnn'), 's8'],
  ['vww s8', () => buildTemplate('vww-mobilenet'), 's8'],
  ['mixed s8', () => doc('mixed', MIXED_NET, 's8'), 's8'],
  ['mixed pow2', () => doc('mixed', MIXED_NET, 'pow2'), 'pow2'],
  ['pool s8, dense per channel', () => doc('pool', q(POOL_NET, 's8', 'per-channel'), 's8'), 's8'],
  ['two inputs s8', () => doc('two', TWO_IO_NET, 's8'), 's8'],
  ['second operator set s8', () => doc('second', SECOND_SET_NET, 's8'), 's8'],
  ['pow2 Mul (product shifts bounded 0..15)', () => doc('mul', POW2_MUL_NET, 'pow2'), 'pow2'],
  ['LSTM window s8 (cell scale 2^p from the inner range)', () => doc('lstm', LSTM_WINDOW_NET, 's8'), 's8'],
  ['stateful LSTM, sigmoid cell gate s8', () => doc('lstm1', LSTM_STREAM_NET, 's8'), 's8'],
  ['SVDF stream s8 (int16 time weights, state scale from the inner range)', () => doc('svdf', SVDF_STREAM_NET, 's8'), 's8'],
  ['int16 s8 (16x8: Quantize, FullyConnected int16, Sigmoid, Tanh)', () => doc('int16', INT16_NET, 's8'), 's8'],
  ['int16 convolutions s8 (16x8: Conv2D, DepthwiseConv2D per channel, Add, MaxPool2D, AvgPool2D)', () => doc('int16conv', INT16_CONV_NET, 's8'), 's8'],
  ['int16 Softmax s8 (output 1/32768 beside an int8 Softmax at 1/256)', () => doc('int16softmax', INT16_SOFTMAX_NET, 's8'), 's8'],
  ['int4 weights s8 (digits: Conv2D per channel, FullyConnected per tensor)', () => withInt4Weights(buildTemplate('digits-cnn')), 's8'],
]

describe('quantizer twin (python3-torch) = pipelines/ptq-ranges.ts', () => {
  it.each(CASES)('%s: 3 random weight/range sets give the same int8 model byte for byte', (name, make, scheme) => {
    const d = make()
    const dir = writePytorchProject(d, 'quantize-twin')
    const sets = [0, 1, 2]
    for (const k of sets) writeFileSync(join(dir, `in${k}.npz`), encodeWeightsFile(randomWeights(d, 1000 * k + name.length, scheme)))
    const r = python(dir, ['check_quantize.py', ...sets.flatMap((k) => [`in${k}.npz`, `out${k}.npz`])])
    expect(r.stderr).toBe('')
    expect(r.code).toBe(0)
    for (const k of sets) {
      const result = importWeights(d, new Uint8Array(readFileSync(join(dir, `out${k}.npz`))), `out${k}.npz`)
      expect(result.doc.graph.nodes.every((n) => n.quant)).toBe(true)
    }
  }, 120_000)
})
