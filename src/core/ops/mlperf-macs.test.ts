/**
 * The ops' MAC conventions reproduce the per-layer MAC column of the MLPerf Tiny int8 reference models
 * (../shared/data/mlperf-tiny/layers_int8_models.csv, derived from the .tflite files). Each CSV layer is
 * mapped to our op with attrs read off its weight shape and in/out shapes ('same' padding, stride = the
 * smallest giving the CSV's output size), then its inferred shape and MACs are compared exactly.
 */
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import type { Attrs, Shape } from '../ir/types.ts'
import { getOp } from './registry.ts'
import { inferOp, macsOf } from '../testing/op-test-utils.ts'

const CSV = new URL('../../../../shared/data/mlperf-tiny/layers_int8_models.csv', import.meta.url)

interface Layer { model: string; idx: string; op: string; input: Shape; output: Shape; weights: Shape; macs: number }

function parse(): Layer[] {
  const [header, ...rows] = readFileSync(CSV, 'utf8').trim().split(/\r?\n/)
  expect(header).toBe('model,idx,op,in_shape,out_shape,weight_shape,macs,const_bytes,in_act_bytes,out_act_bytes')
  const dims = (s: string): number[] => (s === '' ? [] : s.split('x').map(Number))
  return rows.map((line) => {
    const f = line.split(',')
    return { model: f[0], idx: f[1], op: f[2], input: dims(f[3]), output: dims(f[4]), weights: dims(f[5]), macs: Number(f[6]) }
  })
}

function stride(input: number, output: number): number {
  for (let s = 1; s <= 8; s++) if (Math.ceil(input / s) === output) return s
  throw new Error(`no stride maps ${input} to ${output}`)
}

/** Our op and attrs for one TFLite layer. */
function mapLayer(l: Layer): { type: string; attrs: Attrs; inputs: Shape[] } {
  const [, h, w] = l.input
  const [, oh, ow] = l.output
  switch (l.op) {
    case 'CONV_2D':
      return { type: 'Conv2D', inputs: [l.input], attrs: { filters: l.weights[0], kernelH: l.weights[1], kernelW: l.weights[2],
        strideH: stride(h, oh), strideW: stride(w, ow) } }
    case 'DEPTHWISE_CONV_2D':
      return { type: 'DepthwiseConv2D', inputs: [l.input], attrs: { depthMultiplier: l.weights[3] / l.input[3],
        kernelH: l.weights[1], kernelW: l.weights[2], strideH: stride(h, oh), strideW: stride(w, ow) } }
    case 'FULLY_CONNECTED':
      return { type: 'FullyConnected', inputs: [l.input], attrs: { units: l.weights[0] } }
    case 'AVERAGE_POOL_2D':
      return { type: 'AvgPool2D', inputs: [l.input], attrs: { poolH: h, poolW: w, strideH: h, strideW: w } }
    case 'ADD':
      return { type: 'Add', inputs: [l.input, l.input], attrs: {} }
    case 'RESHAPE':
      return { type: 'Reshape', inputs: [l.input], attrs: { shape: l.output.slice(1) } }
    case 'SOFTMAX':
      return { type: 'Softmax', inputs: [l.input], attrs: {} }
    default:
      throw new Error(`unmapped TFLite op ${l.op}`)
  }
}

describe('MLPerf Tiny per-layer MACs', () => {
  const layers = parse()

  it('covers all four models', () => {
    expect(layers).toHaveLength(70)
    expect(new Set(layers.map((l) => l.model)).size).toBe(4)
  })

  it.each(layers.map((l) => [`${l.model} #${l.idx} ${l.op}`, l] as const))('%s', (_name, layer) => {
    const { type, attrs, inputs } = mapLayer(layer)
    const def = getOp(type)!
    expect(inferOp(def, attrs, ...inputs)).toEqual(layer.output)
    expect(macsOf(def, attrs, ...inputs)).toBe(layer.macs)
  })
})
