/**
 * ort-runner: backend choice from the WebGPU probe, the fallback to wasm, and a run of an exported model in Node
 * (onnxruntime-web's wasm backend; the slim entries are aliased to the package root by vitest.config.ts).
 */
import { describe, expect, it } from 'vitest'
import { exportOnnxModel } from '../../formats/onnx/export-onnx.ts'
import { templateById } from '../../templates/index.ts'
import { runFloat } from '../float-engine.ts'
import { createOrtRunner, pickOrtBackend } from './ort-runner.ts'

const adapter = { requestAdapter: async () => ({ name: 'fake adapter' }) }
const noAdapter = { requestAdapter: async () => null }
const throwing = { requestAdapter: async () => { throw new Error('GPU process crashed') } }

describe('pickOrtBackend', () => {
  it('picks webgpu only when requestAdapter() returns an adapter', async () => {
    expect(await pickOrtBackend(adapter)).toBe('webgpu')
    expect(await pickOrtBackend(noAdapter)).toBe('wasm')
    expect(await pickOrtBackend(throwing)).toBe('wasm')
    expect(await pickOrtBackend(null)).toBe('wasm')
  })

  it('uses navigator.gpu by default; Node has none', async () => {
    expect(await pickOrtBackend()).toBe('wasm')
  })
})

describe('createOrtRunner', () => {
  const graph = templateById('digits-cnn')!.build().graph
  const exported = exportOnnxModel(graph, { quantized: false })
  const raw = Float32Array.from({ length: 28 * 28 }, (_, i) => (i * 37) % 256)
  const input = exported.inputs[0]

  it('runs an exported model on wasm and reports the backend', async () => {
    const runner = await createOrtRunner(exported.bytes, { gpu: noAdapter })
    expect(runner.backend).toBe('wasm')
    expect(runner.fallbackReason).toBeUndefined()
    expect(runner.inputNames).toEqual(['image'])
    expect(runner.outputNames).toEqual(['probabilities'])
    const out = await runner.run({ image: { data: raw, dims: input.dims } })
    expect(out.probabilities.dims).toEqual([1, 10])
    const ref = runFloat(graph, { [input.nodeId]: raw }).outputs.get(exported.outputs[0].nodeId)!
    const got = out.probabilities.data as Float32Array
    for (let i = 0; i < 10; i++) expect(Math.abs(got[i] - ref[i])).toBeLessThan(1e-6)
    await runner.release()
  })

  it("'auto' with an adapter falls back to wasm when the WebGPU session cannot be created, and says why", async () => {
    const runner = await createOrtRunner(exported.bytes, { gpu: adapter })
    expect(runner.backend).toBe('wasm')
    expect(runner.fallbackReason).toMatch(/^WebGPU session failed \(.+\)$/)
    await runner.release()
  })

  it("an explicit 'webgpu' without an adapter is an error", async () => {
    await expect(createOrtRunner(exported.bytes, { backend: 'webgpu', gpu: noAdapter }))
      .rejects.toThrow('WebGPU is not available here (no adapter); use the wasm backend')
  })
})
