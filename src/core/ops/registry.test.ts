import { describe, expect, it } from 'vitest'
import { checkAttrs, withDefaults } from './op-def.ts'
import { OPS, getOp } from './registry.ts'

describe('operator registry', () => {
  it('lists both operator sets in palette order', () => {
    expect(OPS.map((op) => op.type)).toEqual([
      'Input', 'Conv2D', 'DepthwiseConv2D', 'TransposeConv2D', 'FullyConnected', 'BatchMatMul', 'SVDF', 'LSTM', 'MaxPool2D',
      'AvgPool2D', 'GlobalAveragePool', 'ReLU', 'ReLU6', 'Softmax', 'Sigmoid', 'Tanh', 'Add', 'Mul', 'Maximum', 'Minimum', 'Concat',
      'Reshape', 'Flatten', 'Transpose', 'Pad', 'Quantize', 'Exit',
    ])
    for (const op of OPS) expect(getOp(op.type)).toBe(op)
    expect(getOp('Conv3D')).toBeUndefined()
  })

  it('gives every op valid defaults and a label on every attribute', () => {
    for (const op of OPS) {
      expect(checkAttrs(op.attrs, withDefaults(op.attrs, {})), op.type).toEqual([])
      for (const spec of Object.values(op.attrs)) expect(spec.label.length, op.type).toBeGreaterThan(0)
    }
  })
})
