import { describe, expect, it } from 'vitest'
import type { Graph } from '../ir/types.ts'
import { loadDataFiles } from './data-files.ts'
import { npyBytes, pngBytes } from '../testing/fixture-files.ts'

const graph = (shape: number[]): Graph => ({ seed: 1, edges: [], nodes: [
  { id: 'x', op: 'Input', name: 'x', position: { x: 0, y: 0 }, attrs: { shape, mean: [0], scale: 1 } },
] })
const grey2x2 = (v: number) => pngBytes(2, 2, 0, 8, [0, v, v, 0, v, v])

describe('loadDataFiles', () => {
  it('reads .npy batches and PNG images in path order, skipping hidden and unrelated files', () => {
    const files = [
      { path: 'b.png', bytes: grey2x2(9) },
      { path: 'a.npy', bytes: npyBytes('|u1', [2, 2, 2, 1], Uint8Array.from([1, 2, 3, 4, 5, 6, 7, 8])) },
      { path: '.hidden.png', bytes: new Uint8Array([1]) },
      { path: 'notes.txt', bytes: new Uint8Array([1]) },
    ]
    const data = loadDataFiles(graph([2, 2, 1]), files)
    expect(data.inputId).toBe('x')
    expect(data.files).toBe(2)
    expect(data.samples.map((s) => Array.from(s))).toEqual([[1, 2, 3, 4], [5, 6, 7, 8], [9, 9, 9, 9]])
    expect(data.labels).toBeUndefined()
  })

  it('labels files by class folder: numeric names are the class index, other names their sorted position', () => {
    const numeric = loadDataFiles(graph([2, 2, 1]), [
      { path: '7/a.png', bytes: grey2x2(1) }, { path: '10/b.png', bytes: grey2x2(2) }, { path: '7/c.png', bytes: grey2x2(3) },
    ])
    expect(numeric.labels).toEqual([10, 7, 7])
    expect(numeric.classes).toEqual(['7', '10'])
    const named = loadDataFiles(graph([2, 2, 1]), [{ path: 'dog/1.png', bytes: grey2x2(1) }, { path: 'cat/1.png', bytes: grey2x2(2) }])
    expect([named.labels, named.classes]).toEqual([[0, 1], ['cat', 'dog']])
  })

  it('explains data it cannot use', () => {
    expect(() => loadDataFiles(graph([4]), [], 'calib/')).toThrow('calib/ holds no .npy, .png or IDX files')
    expect(() => loadDataFiles(graph([2, 2, 1]), [{ path: 'x.jpeg', bytes: new Uint8Array(3) }])).toThrow(
      'x.jpeg: only PNG images can be decoded here; convert it to PNG or .npy')
    expect(() => loadDataFiles(graph([4]), [{ path: 'a.png', bytes: grey2x2(1) }])).toThrow(
      'a.png: images need an input of height × width × channels, not 4')
    const two: Graph = { ...graph([4]), nodes: [...graph([4]).nodes, { ...graph([4]).nodes[0], id: 'y' }] }
    expect(() => loadDataFiles(two, [])).toThrow('data files feed a graph with one Input; this graph has 2')
  })
})
