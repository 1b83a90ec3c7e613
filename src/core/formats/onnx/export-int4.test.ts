/**
 * int4 layers in the ONNX QDQ export (opset 17): exported as int8 QDQ whose weight initializer holds the int4 values
 * ([−8, 7]) with the layer's int4 scales — exact, since an int4 value is an int8 value and DequantizeLinear computes the
 * same reals; ONNX's own INT4 type needs opset 21 / IR 10, which the export does not target. onnxruntime runs the
 * export like the int8 engine: every operator within 1 LSB on the same inputs, the same top-1.
 */
import { describe, expect, it } from 'vitest'
import { applyChanges } from '../../ir/changes.ts'
import type { Graph } from '../../ir/types.ts'
import { setWeightPrecision } from '../../pipelines/precision/weight-precision.ts'
import { measureAgreement, seededCodes } from '../../testing/onnx-export-test-utils.ts'
import { templateGraph } from '../../testing/c-fixtures.ts'
import { templateById } from '../../templates/index.ts'
import { CMSIS_NN } from '../../vendors/cmsis-nn/index.ts'
import { exportOnnx } from './export-onnx.ts'
import { decodeOnnxModel, tensorValues } from './onnx-proto.ts'

const int4Digits = (): Graph => {
  const g = templateGraph('digits-cnn', 's8')
  return applyChanges(g, setWeightPrecision(g, CMSIS_NN, ['conv2', 'logits'], 'int4').changes).graph
}

describe('ONNX QDQ export of int4 layers', () => {
  it('writes the int4 values as int8 initializers with the int4 scales (opset 17)', () => {
    const g = int4Digits()
    const model = decodeOnnxModel(exportOnnx(g, { quantized: true }))
    expect(model.opset_import!.find((o) => !o.domain)!.version).toBe(17)
    const inits = model.graph!.initializer!
    const conv2 = g.nodes.find((n) => n.name === 'conv2')!.weights!.weights
    const w = tensorValues(inits.find((t) => t.name === 'conv2_w_q')!, 'conv2_w_q')
    expect(w.dims).toEqual([16, 8, 3, 3])
    expect(Math.min(...w.values)).toBeGreaterThanOrEqual(-8)
    expect(Math.max(...w.values)).toBeLessThanOrEqual(7)
    const scale = tensorValues(inits.find((t) => t.name === 'conv2_w_scale')!, 'conv2_w_scale')
    expect(Array.from(scale.values)).toEqual(conv2.quant!.scale)
  })

  it('runs in onnxruntime like the int8 engine: every operator within 1 LSB, the same top-1', async () => {
    const g = int4Digits()
    const float = templateById('digits-cnn')!.build().graph
    const f = await measureAgreement(float, g, seededCodes('int4-onnx', 4, [1, 28, 28, 1]))
    expect(f.perOp.withinOnePct).toBe(100)
    expect(f.top1).toBe(4)
  }, 60_000)
})
