import { describe, expect, it } from 'vitest'
import { npyBytes } from '../core/testing/fixture-files.ts'
import { loadDataFiles } from '../core/data/data-files.ts'
import type { Graph } from '../core/ir/types.ts'
import { classFolders, loadImageFolder, loadNpyFiles, usableImages } from './calibration-files.ts'
import type { DataFileRef } from './quantize-protocol.ts'
import { decodePngBlob, digitFolder, mnistGraph } from './test-fixtures.ts'

const graph = mnistGraph()
const blob = (bytes: Uint8Array) => new Blob([bytes as Uint8Array<ArrayBuffer>])

async function asDataFiles(files: readonly DataFileRef[]) {
  return Promise.all(files.map(async (f) => ({ path: f.path, bytes: new Uint8Array(await f.blob.arrayBuffer()) })))
}

describe('loadImageFolder', () => {
  it('reads a folder of class folders exactly as the CLI reader does (samples, labels, classes)', async () => {
    const files = digitFolder()
    const loaded = await loadImageFolder(graph, files, 'digits', decodePngBlob)
    const cli = loadDataFiles(graph, await asDataFiles(files))
    expect(loaded.files).toBe(5)
    expect(loaded.labels).toEqual([0, 2, 2, 9, 9])
    expect(loaded.classes).toEqual(['0', '2', '9'])
    expect(loaded.labels).toEqual(cli.labels)
    expect(loaded.samples).toEqual(cli.samples)
    expect(loaded.samples[0]).toHaveLength(784)
  })

  it('skips hidden and non-image files; images at the top level leave the data unlabelled', async () => {
    const [a, b] = digitFolder()
    const files = [{ ...a, path: 'a.png' }, { ...b, path: '.hidden/b.png' }, { path: 'notes.txt', blob: blob(new Uint8Array(3)) }]
    expect(usableImages(files).map((f) => f.path)).toEqual(['a.png'])
    expect(classFolders(files)).toBeUndefined()
    const loaded = await loadImageFolder(graph, files, 'flat', decodePngBlob)
    expect(loaded.samples).toHaveLength(1)
    expect(loaded.labels).toBeUndefined()
  })

  it('names the folder without images, the file that does not decode, and an Input images cannot feed', async () => {
    await expect(loadImageFolder(graph, [{ path: 'x/readme.md', blob: blob(new Uint8Array(1)) }], 'empty', decodePngBlob))
      .rejects.toThrow("the folder 'empty' holds no images (.png, .jpg, .jpeg, .gif, .bmp, .webp)")
    const broken = [...digitFolder(), { path: '2/broken.png', blob: blob(new Uint8Array([1, 2, 3])) }]
    const failing = async (b: Blob, path: string) => {
      if (path === '2/broken.png') throw new TypeError('The source image could not be decoded.')
      return decodePngBlob(b, path)
    }
    await expect(loadImageFolder(graph, broken, 'digits', failing)).rejects.toThrow('2/broken.png could not be decoded as an image')
    const flat: Graph = { ...graph, nodes: graph.nodes.map((n) => (n.op === 'Input' ? { ...n, attrs: { ...n.attrs, shape: [784] } } : n)) }
    await expect(loadImageFolder(flat, digitFolder(), 'digits', decodePngBlob))
      .rejects.toThrow('images need an Input of height × width × channels; this one takes 784 values, so use .npy files')
  })
})

describe('loadNpyFiles', () => {
  it('reads N×28×28 uint8 arrays as N samples', async () => {
    const body = Uint8Array.from({ length: 2 * 784 }, (_, i) => i % 256)
    const loaded = await loadNpyFiles(graph, [{ path: 'calib.npy', blob: blob(npyBytes('|u1', [2, 28, 28], body)) }])
    expect(loaded.samples).toHaveLength(2)
    expect(Array.from(loaded.samples[1].subarray(0, 3))).toEqual([16, 17, 18])
    expect(loaded.labels).toBeUndefined()
  })

  it('rejects a wrong shape, a wrong dtype and a file that is not .npy, naming the file', async () => {
    const wrong = npyBytes('<f4', [3, 10], new Uint8Array(120))
    await expect(loadNpyFiles(graph, [{ path: 'w.npy', blob: blob(wrong) }]))
      .rejects.toThrow('w.npy has shape 3×10; the input needs 28×28×1 per sample (an array of N×28×28×1)')
    const f8 = npyBytes('<f8', [784], new Uint8Array(784 * 8))
    await expect(loadNpyFiles(graph, [{ path: 'd.npy', blob: blob(f8) }])).rejects.toThrow("d.npy holds dtype '<f8'; use float32 ('<f4'), uint8 or int8")
    await expect(loadNpyFiles(graph, [{ path: 'a.csv', blob: blob(new Uint8Array(2)) }])).rejects.toThrow('a.csv is not a .npy file')
  })
})
