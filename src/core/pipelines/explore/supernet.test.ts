/**
 * The supernet (python3-torch, CPU): the project of the tiny family trains (sandwich rule) on a Fashion-MNIST subset;
 * a variant extracted by TypeScript (slices of width and kernel) has exactly the float weights the Python supernet
 * slices at run time, and — quantized from the same calibration ranges — the int8 engines (TypeScript and the C
 * runtime in WebAssembly) give the same output bytes as the Python supernet's integer forward of that slice. A
 * supernet file of another family is refused with one line, in TypeScript and in Python.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { createInt8Engine } from '../../engine/create-int8-engine.ts'
import { TS_INT8_ENGINE } from '../../engine/int8-engines.ts'
import { decodeNpy, encodeNpy } from '../../formats/pytorch/npz.ts'
import { removeTempDirs, tempDir } from '../../testing/c-toolchain.ts'
import { FASHION, fashionNpy } from '../../testing/pytorch/fashion.ts'
import { python } from '../../testing/pytorch/python-project.ts'
import { TINY_FAMILY } from '../../testing/tiny-family.ts'
import { parseIdx, samplesFromIdx } from '../../data/idx-files.ts'
import { FamilyError, instantiate } from './family.ts'
import { extractVariant, foldBatchnorm, sliceWeight, supernetSpec } from './supernet.ts'
import type { SupernetFile } from './supernet-file.ts'
import { quantizeCalibrated, readSupernetFile } from './supernet-file.ts'
import { supernetProjectFiles } from './supernet-project.ts'

afterAll(removeTempDirs)

describe('supernet slicing', () => {
  it('takes the first channels and the centred kernel window', () => {
    // OHWI 2×3×3×2, value = o·100 + y·10 + x + i/10: slice to 1×1×1×1 reads the centre of output 0, input 0.
    const full = { shape: [2, 3, 3, 2], data: Float32Array.from({ length: 36 }, (_, k) => {
      const o = Math.floor(k / 18); const y = Math.floor(k / 6) % 3; const x = Math.floor(k / 2) % 3; const i = k % 2
      return o * 100 + y * 10 + x + i / 10
    }) }
    expect([...sliceWeight('Conv2D', 'weights', full, [1, 1, 1, 1])]).toEqual([11])
    expect([...sliceWeight('Conv2D', 'weights', full, [2, 1, 1, 2])].map((v) => Math.round(v * 10) / 10)).toEqual([11, 11.1, 111, 111.1])
    expect([...sliceWeight('FullyConnected', 'weights', { shape: [2, 3], data: Float32Array.from([1, 2, 3, 4, 5, 6]) }, [2, 2])]).toEqual([1, 2, 4, 5])
  })

  it('folds a BatchNorm per output channel: OHWI on the first axis, depthwise 1HWC on the last', () => {
    const fold = { scale: Float32Array.from([2, 0.5]), shift: Float32Array.from([1, -1]) }
    const conv = foldBatchnorm('Conv2D', Float32Array.from([1, 2, 3, 4]), [2, 1, 1, 2], Float32Array.from([1, 1]), fold)
    expect([...conv.weights]).toEqual([2, 4, 1.5, 2])
    expect([...conv.bias]).toEqual([3, -0.5])
    const dw = foldBatchnorm('DepthwiseConv2D', Float32Array.from([1, 2, 3, 4]), [1, 2, 1, 2], Float32Array.from([1, 1]), fold)
    expect([...dw.weights]).toEqual([2, 1, 6, 2])
    // One float32 rounding per operation: 0.1f·3f rounds before the shift is added.
    const r = foldBatchnorm('Conv2D', Float32Array.from([0.1]), [1, 1, 1, 1], Float32Array.from([0.1]), { scale: Float32Array.from([3]), shift: Float32Array.from([1e-8]) })
    expect(r.weights[0]).toBe(Math.fround(Math.fround(0.1) * 3))
    expect(r.bias[0]).toBe(Math.fround(Math.fround(Math.fround(0.1) * 3) + Math.fround(1e-8)))
    expect(() => foldBatchnorm('Conv2D', new Float32Array(4), [4, 1, 1, 1], new Float32Array(4), fold)).toThrow(/fold of 2 channels does not match a 4×1×1×1 Conv2D/)
  })

  it('shares the largest shape of every node across the variants', () => {
    const spec = supernetSpec(TINY_FAMILY)
    expect(spec.variants).toHaveLength(12)
    expect(spec.params.conv).toEqual({ op: 'Conv2D', weights: { weights: [16, 3, 3, 1], bias: [16] } })
    expect(spec.params.logits).toEqual({ op: 'FullyConnected', weights: { weights: [10, 16], bias: [10] } })
    expect(spec.variants[spec.largest].key).toBe('14,4,3')
    expect(spec.variants[spec.smallest].key).toBe('10,1,1')
  })
})

describe('supernet project (python3-torch)', () => {
  const dir = tempDir('supernet')
  for (const [path, text] of supernetProjectFiles(TINY_FAMILY).files) {
    mkdirSync(dirname(join(dir, path)), { recursive: true })
    writeFileSync(join(dir, path), text)
  }
  const { x, y } = fashionNpy(dir, 'train', 0, 320)

  /** Extracts variant 10,2,1 of `file` in TypeScript and compares its float weights and int8 output bytes with Python's slice. */
  async function sameAsSlice(file: SupernetFile, fileName: string): Promise<void> {
    const values = { res: 10, width: 2, k: 1 }
    const graph = extractVariant(TINY_FAMILY, file, values)
    const conv = graph.nodes.find((n) => n.id === 'conv')!.weights!.weights
    expect(conv.shape).toEqual([8, 1, 1, 1])
    // Calibration and test inputs at the variant's resolution, as TinyForge resizes them.
    const t10k = parseIdx(new Uint8Array(readFileSync(FASHION.testImages)), 't10k')
    const samples = samplesFromIdx({ ...t10k, shape: [48, 28, 28], data: t10k.data.subarray(0, 48 * 784) }, [10, 10, 1], 't10k')
    const { graph: int8, ranges } = quantizeCalibrated(graph, 's8', samples.slice(0, 16))
    writeFileSync(join(dir, 'ranges.json'), JSON.stringify(Object.fromEntries(Object.entries(ranges).map(([k, v]) => [k, [v.min, v.max]]))))
    writeFileSync(join(dir, 'inputs.npy'), encodeNpy({ dtype: 'float32', shape: [samples.length, 10, 10, 1], data: Float32Array.from(samples.flatMap((s) => [...s])) }))
    const script = `
import json, sys, numpy as np, torch
sys.path.insert(0, '.')
from tinyforge_twins.supernet import SuperNet, load_spec, read_supernet
spec = load_spec('supernet.json')
_, tensors, folds = read_supernet('${fileName}', spec)
net = SuperNet(spec, tensors, folds=folds)
i = [v['key'] for v in spec['variants']].index('10,2,1')
fw = net.float_weights(i)
np.save('slice.npy', np.concatenate([fw[n][k].reshape(-1) for n in sorted(fw) for k in sorted(fw[n])]))
ranges = {k: tuple(v) for k, v in json.load(open('ranges.json')).items()}
m = net.int8_model(i, ranges)
out = m.run(m.preprocess([np.load('inputs.npy')]))[spec['variants'][i]['graph']['outputs'][0]]
np.save('int8.npy', out.numpy().astype(np.int8).reshape(out.shape[0], -1))`
    const p = python(dir, ['-c', script])
    expect(p.stderr).toBe('')
    const npy = (name: string) => decodeNpy(new Uint8Array(readFileSync(join(dir, name))), name).data
    const pySlice = npy('slice.npy') as Float32Array
    const tsSlice = graph.nodes.filter((n) => n.weights).sort((a, b) => (a.id < b.id ? -1 : 1))
      .flatMap((n) => Object.keys(n.weights!).sort().flatMap((k) => [...(n.weights![k].data as Float32Array)]))
    expect([...pySlice]).toEqual(tsSlice)
    const pyOut = npy('int8.npy') as Int8Array
    for (const engine of [TS_INT8_ENGINE, await createInt8Engine('wasm')]) {
      const model = engine.prepare(int8, 's8')
      const bytes = samples.flatMap((s) => [...model.run(model.preprocess({ image: s }), { capture: 'outputs' }).get('probabilities')!])
      model.dispose()
      expect(bytes).toEqual([...pyOut])
    }
    expect(instantiate(TINY_FAMILY, values).nodes.map((n) => n.id)).toEqual(graph.nodes.map((n) => n.id))
  }

  it('trains; an extracted variant exported alone gives the bytes of its slice run inside the supernet', async () => {
    const r = python(dir, ['train_supernet.py', '--data', x, '--labels', y, '--epochs', '1', '--batch-size', '32', '--out', 'super.npz'])
    expect(r.stderr).toBe('')
    expect(r.stdout).toContain('tiny-cnn: 12 variants share 4 tensors')
    expect(r.stdout).toMatch(/sandwich rule: largest 14,4,3, smallest 10,1,1, 2 random, in-place distillation/)
    const file = readSupernetFile(new Uint8Array(readFileSync(join(dir, 'super.npz'))), 'super.npz')
    expect(file.folds?.size).toBe(0)
    await sameAsSlice(file, 'super.npz')
  }, 300_000)

  it('with BatchNorm: every variant recalibrated; the folded extraction gives the bytes of the folded slice in Python', async () => {
    const r = python(dir, ['train_supernet.py', '--data', x, '--labels', y, '--epochs', '1', '--batch-size', '32', '--batchnorm', '--recal-samples', '64', '--out', 'bn.npz'])
    expect(r.stderr).toBe('')
    expect(r.stdout).toMatch(/in-place distillation, BatchNorm\n/)
    expect(r.stdout).toMatch(/BatchNorm recalibrated on 64 training samples for 12 variants/)
    const file = readSupernetFile(new Uint8Array(readFileSync(join(dir, 'bn.npz'))), 'bn.npz')
    expect(file.folds?.size).toBe(12)
    const fold = file.folds!.get('10,2,1')!.get('conv')!
    expect(fold.scale).toHaveLength(8)
    // The fold changes the weights: the extracted conv is the slice times the scale of its output channel.
    const sliced = sliceWeight('Conv2D', 'weights', file.tensors.get('conv/weights')!, [8, 1, 1, 1])
    const conv = extractVariant(TINY_FAMILY, file, { res: 10, width: 2, k: 1 }).nodes.find((n) => n.id === 'conv')!.weights!.weights.data as Float32Array
    expect([...conv]).toEqual([...sliced].map((v, c) => Math.fround(v * fold.scale[c])))
    expect(conv[0]).not.toBe(sliced[0])
    await sameAsSlice(file, 'bn.npz')
    const partial = { ...file, folds: new Map([...file.folds!].filter(([k]) => k !== '10,2,1')) }
    expect(() => extractVariant(TINY_FAMILY, partial, { res: 10, width: 2, k: 1 }, 'bn.npz'))
      .toThrow(/^bn\.npz was trained with BatchNorm but holds no recalibrated statistics for variant 10,2,1$/)
  }, 300_000)

  it('refuses a supernet file of another family with one line', () => {
    const other = { ...TINY_FAMILY, id: 'other-cnn' }
    const file = readSupernetFile(new Uint8Array(readFileSync(join(dir, 'super.npz'))), 'super.npz')
    expect(() => extractVariant(other, file, { res: 10, width: 1, k: 1 }, 'super.npz')).toThrow(FamilyError)
    expect(() => extractVariant(other, file, { res: 10, width: 1, k: 1 }, 'super.npz'))
      .toThrow(/^super\.npz was trained for family 'tiny-cnn' \(fingerprint [0-9a-f]{8}\), not for 'other-cnn' \([0-9a-f]{8}\)$/)
    const otherDir = tempDir('supernet-other')
    for (const [path, text] of supernetProjectFiles({ ...TINY_FAMILY, id: 'other-cnn' }).files) {
      mkdirSync(dirname(join(otherDir, path)), { recursive: true })
      writeFileSync(join(otherDir, path), text)
    }
    const r = python(otherDir, ['train_supernet.py', '--data', x, '--labels', y, '--epochs', '0', '--init', join(dir, 'super.npz'), '--out', 'o.npz'])
    expect(r.code).toBe(1)
    expect(r.stderr.trim()).toMatch(/^train_supernet\.py: error: super\.npz was trained for family 'tiny-cnn' \(fingerprint [0-9a-f]{8}\), not for 'other-cnn' \([0-9a-f]{8}\)$/)
    expect(() => readSupernetFile(new Uint8Array([1, 2, 3]), 'x.npz')).toThrow(/^x\.npz is not a supernet file/)
    const warm = python(dir, ['train_supernet.py', '--data', x, '--labels', y, '--epochs', '1', '--warmup', '2', '--out', 'w.npz'])
    expect(warm.code).toBe(2)
    expect(warm.stderr).toContain('--warmup in [0, --epochs]')
  }, 120_000)
})
