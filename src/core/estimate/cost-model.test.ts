import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { CORE_IDS } from '../targets/types.ts'
import coefficients from './cost-coefficients.json' with { type: 'json' }
import { kindCoefficients, layerCycles, opKindOf } from './cost-model.ts'
import { buildCostModel } from '../../../tools/cost-model/cost-model-build.ts'
import { layerFeaturesFromCsv } from '../../../tools/cost-model/cost-model-fit.ts'

const data = (name: string) => readFileSync(new URL(`../../../../shared/data/mlperf-tiny/${name}`, import.meta.url), 'utf8')

describe('opKindOf', () => {
  it.each([
    ['Conv2D', { kernelH: 1, kernelW: 1 }, 'conv1x1'],
    ['Conv2D', { kernelH: 3, kernelW: 3 }, 'conv'],
    ['Conv2D', { kernelH: 1, kernelW: 3 }, 'conv'],
    ['Conv2D', {}, 'conv'],
    ['DepthwiseConv2D', { kernelH: 3, kernelW: 3 }, 'depthwise'],
    ['FullyConnected', { units: 10 }, 'fc'],
    ['MaxPool2D', {}, 'pool'],
    ['AvgPool2D', {}, 'pool'],
    ['GlobalAveragePool', {}, 'pool'],
    ['Add', {}, 'elementwise'],
    ['Softmax', { beta: 1 }, 'softmax'],
    ['ReLU', {}, 'copy'],
    ['ReLU6', {}, 'copy'],
    ['Pad', {}, 'copy'],
    ['Concat', { inputs: 2 }, 'copy'],
    ['Input', {}, 'none'],
    ['Reshape', {}, 'none'],
    ['Flatten', {}, 'none'],
    ['Mul', {}, 'elementwise'],
    ['Maximum', {}, 'elementwise'],
    ['Minimum', {}, 'elementwise'],
    ['Transpose', {}, 'copy'],
    ['BatchMatMul', {}, 'fc'],
    ['TransposeConv2D', {}, 'conv'],
    ['SVDF', {}, 'fc'],
    ['LSTM', {}, 'fc'],
    ['GRU', {}, 'unknown'],
  ] as const)('%s %j → %s', (op, attrs, kind) => {
    expect(opKindOf(op, attrs)).toBe(kind)
  })
})

describe('layerCycles from the committed coefficients', () => {
  it('prices a fitted Cortex-M4 conv: 2.9756·MACs + 10·outputs + 500', () => {
    const c = layerCycles('cmsis-nn', 'cortex-m4', 'conv', 100_000, 1_000)
    expect(c.cycles).toBeCloseTo(297_560 + 10_000 + 500, 6)
    expect(c).toMatchObject({ source: 'fit', errorPct: 13 })
  })

  it('prices depthwise and 1×1 conv with their shared fitted coefficient', () => {
    expect(layerCycles('cmsis-nn', 'cortex-m4', 'depthwise', 9_000, 1_000).cycles).toBeCloseTo(3.2854 * 9_000 + 10_000 + 500, 6)
    expect(layerCycles('cmsis-nn', 'cortex-m4', 'conv1x1', 64_000, 1_000).cycles).toBeCloseTo(3.2854 * 64_000 + 10_000 + 500, 6)
    expect(layerCycles('cmsis-nn', 'cortex-m85', 'fc', 1_000, 10)).toMatchObject({ source: 'fit', errorPct: 13 })
    expect(layerCycles('cmsis-nn', 'cortex-m85', 'fc', 1_000, 10).cycles).toBeCloseTo(943.6 + 25 + 125, 6)
  })

  it('marks scaled and assumed cores', () => {
    expect(layerCycles('cmsis-nn', 'cortex-m7', 'conv', 1_000, 10)).toMatchObject({ source: 'scaled', errorPct: 13.8 })
    expect(layerCycles('cmsis-nn', 'cortex-m7', 'conv', 1_000, 10).cycles).toBeCloseTo(1629.3 + 54.76 + 273.8, 6)
    expect(layerCycles('cmsis-nn', 'cortex-m0plus', 'conv', 1_000, 10)).toMatchObject({ source: 'scaled', errorPct: 17.2 })
    expect(layerCycles('cmsis-nn', 'cortex-m55', 'conv', 1_000, 10)).toMatchObject({ source: 'assumption', errorPct: 26.1 })
    expect(layerCycles('cmsis-nn', 'esp32-s3', 'conv', 1_000, 10).cycles).toBeCloseTo(13_429.1 + 451.31 + 2256.6, 6)
  })

  it('prices pooling by the elements it reads and non-MAC kinds as assumptions', () => {
    const gap = layerCycles('cmsis-nn', 'cortex-m4', 'pool', 0, 64, 8_000)
    expect(gap).toMatchObject({ cycles: 2 * 8_000 + 500, source: 'assumption', errorPct: 50 })
    expect(layerCycles('cmsis-nn', 'cortex-m4', 'pool', 0, 64).cycles).toBe(2 * 64 + 500)
    expect(layerCycles('cmsis-nn', 'cortex-m4', 'softmax', 0, 12).cycles).toBe(60 * 12 + 500)
    expect(layerCycles('cmsis-nn', 'cortex-m4', 'unknown', 0, 100)).toMatchObject({ cycles: 10 * 100 + 500, source: 'assumption' })
    expect(layerCycles('cmsis-nn', 'cortex-m4', 'none', 0, 100)).toEqual({ cycles: 0, source: 'assumption', errorPct: 0 })
  })

  it('derives pow2-q7 from cmsis-nn: same MAC term, 0.3× requantization', () => {
    expect(layerCycles('pow2-q7', 'cortex-m4', 'conv', 100_000, 1_000).cycles).toBeCloseTo(297_560 + 3_000 + 500, 6)
    expect(layerCycles('pow2-q7', 'cortex-m4', 'conv', 100_000, 1_000)).toMatchObject({ source: 'assumption', errorPct: 28.2 })
    expect(layerCycles('pow2-q7', 'cortex-m4', 'pool', 0, 64, 8_000).cycles).toBe(2 * 8_000 + 500)
  })

  it('rejects a library without a cost model', () => {
    expect(() => layerCycles('esp-nn', 'esp32-s3', 'conv', 1, 1)).toThrow("no cost model for library 'esp-nn'; known: cmsis-nn, pow2-q7")
  })

  it('has every library × core × priced kind', () => {
    for (const lib of ['cmsis-nn', 'pow2-q7']) {
      for (const core of CORE_IDS) {
        for (const kind of ['conv', 'conv1x1', 'depthwise', 'fc', 'pool', 'elementwise', 'softmax', 'copy'] as const) {
          const c = kindCoefficients(lib, core, kind)!
          expect(c.perMac + c.perOutput + c.perInput + c.perCall).toBeGreaterThan(0)
          expect(c.errorPct).toBeGreaterThan(0)
        }
      }
    }
  })
})

describe('committed coefficients', () => {
  const layers = layerFeaturesFromCsv(data('layers_int8_models.csv'))

  it('are the current output of the fit (rerun scripts/fit-cost-model.ts if not)', () => {
    const build = buildCostModel(data('results.csv'), data('layers_int8_models.csv'))
    expect(coefficients.libraries).toEqual(build.coefficients.libraries)
    expect(coefficients.summary).toEqual(build.coefficients.summary)
  })

  it('reproduce the fit report through layerCycles (MLPerf AD and KWS on the NUCLEO-L4R5ZI at 120 MHz)', () => {
    const ms = (bench: string) => layers[bench].reduce((s, l) => s + layerCycles('cmsis-nn', 'cortex-m4', l.kind, l.macs, l.outputs,
      l.inputs).cycles, 0) / 120_000
    expect(ms('ad')).toBeCloseTo(8.2113, 4)
    expect(ms('kws')).toBeCloseTo(78.104, 3)
  })
})
