import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { readTflite } from '../core/formats/tflite/tflite-reader.ts'
import { subgraphOutputs, withExtraOutputs, withXnnpackDeclined } from './tflite-patches.ts'

const KWS = new Uint8Array(readFileSync(new URL('../../../shared/data/mlperf-tiny/kws_ref_model.tflite', import.meta.url)))

describe('tflite-patches', () => {
  it('withExtraOutputs appends outputs and leaves every tensor and operator as it was', () => {
    const before = readTflite(KWS)
    expect(subgraphOutputs(KWS)).toEqual([34])
    const patched = withExtraOutputs(KWS, [22, 23])
    expect(patched.length).toBe(Math.ceil(KWS.length / 4) * 4 + 4 + 3 * 4)
    const after = readTflite(patched)
    expect(after.outputs).toEqual([34, 22, 23])
    expect(subgraphOutputs(patched)).toEqual([34, 22, 23])
    expect(after.inputs).toEqual(before.inputs)
    expect(after.operators).toEqual(before.operators)
    expect(after.tensors).toEqual(before.tensors)
    // Only the 4 bytes of the SubGraph's outputs offset changed inside the original file.
    let changed = 0
    for (let i = 0; i < KWS.length; i++) if (patched[i] !== KWS[i]) changed++
    expect(changed).toBeGreaterThan(0)
    expect(changed).toBeLessThanOrEqual(4)
  })

  it('withXnnpackDeclined sets the first zero point of the given bias tensors to 1 and nothing else', () => {
    const before = readTflite(KWS)
    const after = readTflite(withXnnpackDeclined(KWS, [3, 4]))
    expect(after.tensors[3].quant!.zeroPoint.slice(0, 3)).toEqual([1, 0, 0])
    expect(after.tensors[4].quant!.zeroPoint[0]).toBe(1)
    const restore = (i: number) => ({ ...after.tensors[i], quant: { ...after.tensors[i].quant!, zeroPoint: before.tensors[i].quant!.zeroPoint } })
    expect(restore(3)).toEqual(before.tensors[3])
    expect(restore(4)).toEqual(before.tensors[4])
    expect(after.tensors.filter((_, i) => i !== 3 && i !== 4)).toEqual(before.tensors.filter((_, i) => i !== 3 && i !== 4))
    expect(after.operators).toEqual(before.operators)
  })

  it('rejects bytes that are not a model and tensors that do not exist', () => {
    expect(() => withExtraOutputs(new Uint8Array(4), [1])).toThrow('not a TFLite model: too short')
    expect(() => withXnnpackDeclined(KWS, [35])).toThrow('tensor 35 does not exist')
    expect(() => withXnnpackDeclined(KWS, [2])).toThrow('tensor 2 has no quantization zero points to patch')
  })
})
