/**
 * Calibration / validation data from files (a folder upload in the browser, a directory or a file in the CLI):
 * `.npy` arrays (one sample or N samples each), MNIST-style IDX files (idx-files.ts) and PNG images (resized to the
 * Input, see pixelsToSample). Files in sub-folders are labelled by their folder name (class index: the folder name
 * when every folder is a whole number, else its position in sorted order). Only graphs with one Input take file data. Hidden files and other
 * extensions are skipped; undecodable or misshapen files, JPEGs (no decoder outside the browser) and an empty set
 * raise CalibrationDataError naming the file. Pure: the caller reads the bytes.
 */
import type { Graph } from '../ir/types.ts'
import { CalibrationDataError, inputSampleShape, parseNpy, pixelsToSample, samplesFromArray } from './calibration-data.ts'
import { IDX_NAME, parseIdx, samplesFromIdx } from './idx-files.ts'
import { decodePng } from './png.ts'

export interface DataFile {
  /** Path relative to the data root, '/'-separated, e.g. 'cat/001.png' or 'calib.npy'. */
  path: string
  bytes: Uint8Array
}

export interface LoadedData {
  inputId: string
  samples: Float32Array[]
  /** Per sample, when every file sits in a class folder. */
  labels?: number[]
  /** Class names by index, when labelled. */
  classes?: string[]
  /** Files that were read. */
  files: number
}

const IMAGE_ONLY_IN_BROWSER = /\.(jpe?g|gif|bmp|webp)$/i

export function loadDataFiles(graph: Graph, files: readonly DataFile[], what = 'the data'): LoadedData {
  const inputs = graph.nodes.filter((n) => n.op === 'Input')
  if (inputs.length !== 1) {
    throw new CalibrationDataError(`data files feed a graph with one Input; this graph has ${inputs.length}`)
  }
  const inputId = inputs[0].id
  const shape = inputSampleShape(graph, inputId)
  const usable = files
    .filter((f) => !f.path.split('/').some((part) => part.startsWith('.')))
    .filter((f) => /\.(npy|png)$/i.test(f.path) || IDX_NAME.test(f.path) || IMAGE_ONLY_IN_BROWSER.test(f.path))
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))
  if (usable.length === 0) throw new CalibrationDataError(`${what} holds no .npy, .png or IDX files`)
  const folders = usable.map((f) => (f.path.includes('/') ? f.path.slice(0, f.path.lastIndexOf('/')) : undefined))
  const labelled = folders.every((d) => d !== undefined)
  const classes = labelled ? [...new Set(folders as string[])].sort(compareNames) : undefined
  const numeric = classes?.every((c) => /^\d+$/.test(c)) ?? false
  const samples: Float32Array[] = []
  const labels: number[] = []
  usable.forEach((file, i) => {
    if (IMAGE_ONLY_IN_BROWSER.test(file.path)) {
      throw new CalibrationDataError(`${file.path}: only PNG images can be decoded here; convert it to PNG or .npy`)
    }
    let got: Float32Array[]
    if (/\.npy$/i.test(file.path)) got = samplesFromArray(parseNpy(file.bytes, file.path), shape, file.path)
    else if (IDX_NAME.test(file.path)) got = samplesFromIdx(parseIdx(file.bytes, file.path), shape, file.path)
    else {
      if (shape.length !== 3) throw new CalibrationDataError(`${file.path}: images need an input of height × width × channels, not ${shape.join('×')}`)
      got = [pixelsToSample(decodePng(file.bytes, file.path), shape)]
    }
    samples.push(...got)
    if (classes) {
      const label = numeric ? Number(folders[i]) : classes.indexOf(folders[i]!)
      for (let k = 0; k < got.length; k++) labels.push(label)
    }
  })
  return { inputId, samples, files: usable.length, ...(classes ? { labels, classes } : {}) }
}

function compareNames(a: string, b: string): number {
  return /^\d+$/.test(a) && /^\d+$/.test(b) ? Number(a) - Number(b) : a < b ? -1 : a > b ? 1 : 0
}
