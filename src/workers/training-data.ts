/**
 * A labelled training set from files the user chose in the page (nothing leaves the machine):
 * - a folder of images with one sub-folder per class (calibration-files.ts: folder names are the labels);
 * - two `.npy` files: the samples (N × the Input's shape, or a dropped trailing channel of 1) and the labels (N
 *   whole numbers; the file whose array is one-dimensional, or named like `labels`/`y`);
 * - MNIST-style IDX files (gzipped or not): an images file and a labels file; with both `train-*` and `t10k-*`
 *   pairs, the `t10k` pair becomes the held-out test set.
 * `maxSamples` keeps the first N training samples (a quick run on a subset). Problems raise CalibrationDataError
 * with one sentence naming the file; nothing partial is returned.
 */
import { CalibrationDataError, inputSampleShape, parseNpy, samplesFromArray } from '../core/data/calibration-data.ts'
import { IDX_NAME, labelsFromFile, parseIdx, samplesFromIdx } from '../core/data/idx-files.ts'
import type { Graph } from '../core/ir/types.ts'
import type { TrainData } from '../core/pipelines/train/train-graph.ts'
import type { ImageDecoder } from './calibration-files.ts'
import { loadImageFolder, usableImages } from './calibration-files.ts'
import type { DataFileRef } from './quantize-protocol.ts'

export type TrainingSource =
  | { kind: 'folder'; files: readonly DataFileRef[]; folder: string }
  | { kind: 'files'; files: readonly DataFileRef[] }

export interface LoadedTrainingData {
  data: TrainData
  /** For the training record and the panel, e.g. "train-images-idx3-ubyte.gz + train-labels-idx1-ubyte.gz". */
  description: string
  classes?: string[]
}

export async function loadTrainingData(graph: Graph, source: TrainingSource, decode: ImageDecoder, maxSamples?: number,
  onFile?: (done: number, total: number) => void): Promise<LoadedTrainingData> {
  const inputs = graph.nodes.filter((n) => n.op === 'Input')
  if (inputs.length !== 1) throw new CalibrationDataError(`training data feeds a graph with one Input; this graph has ${inputs.length}`)
  const shape = inputSampleShape(graph, inputs[0].id)
  let loaded: LoadedTrainingData
  if (source.kind === 'folder') {
    if (usableImages(source.files).length === 0) throw new CalibrationDataError(`the folder '${source.folder}' holds no images`)
    const d = await loadImageFolder(graph, source.files, source.folder, decode, { onFile })
    if (!d.labels) throw new CalibrationDataError(`the images of '${source.folder}' must sit in one sub-folder per class (folder name = label)`)
    loaded = { data: { samples: d.samples, labels: d.labels }, description: `${source.folder}/ (${d.classes!.length} class folders)`, classes: d.classes }
  } else {
    const files = source.files.filter((f) => !f.path.split('/').pop()!.startsWith('.'))
    const idx = files.filter((f) => IDX_NAME.test(f.path))
    if (idx.length > 0) loaded = await fromIdx(idx, shape)
    else loaded = await fromNpy(files, shape)
  }
  if (maxSamples !== undefined && loaded.data.samples.length > maxSamples) {
    loaded = { ...loaded, data: { ...loaded.data, samples: loaded.data.samples.slice(0, maxSamples), labels: loaded.data.labels.slice(0, maxSamples) },
      description: `${loaded.description}, first ${maxSamples}` }
  }
  return loaded
}

const bytesOf = async (f: DataFileRef) => new Uint8Array(await f.blob.arrayBuffer())
const baseName = (path: string) => path.split('/').pop()!

async function fromIdx(files: readonly DataFileRef[], shape: readonly number[]): Promise<LoadedTrainingData> {
  const pair = async (prefix: string | undefined) => {
    const mine = files.filter((f) => prefix === undefined || baseName(f.path).toLowerCase().startsWith(prefix))
    const images = mine.filter((f) => /idx3/i.test(f.path))
    const labels = mine.filter((f) => /idx1/i.test(f.path))
    if (images.length === 0 && labels.length === 0) return undefined
    if (images.length !== 1 || labels.length !== 1) {
      throw new CalibrationDataError(`choose one IDX images file (…-idx3-ubyte) and one labels file (…-idx1-ubyte)${prefix ? ` for '${prefix}'` : ''}`)
    }
    const samples = samplesFromIdx(parseIdx(await bytesOf(images[0]), images[0].path), shape, images[0].path)
    return { samples, labels: labelsFromFile(await bytesOf(labels[0]), labels[0].path, samples.length), names: `${baseName(images[0].path)} + ${baseName(labels[0].path)}` }
  }
  const hasTest = files.some((f) => baseName(f.path).toLowerCase().startsWith('t10k'))
  const hasTrain = files.some((f) => baseName(f.path).toLowerCase().startsWith('train'))
  const train = await pair(hasTest && hasTrain ? 'train' : undefined)
  if (!train) throw new CalibrationDataError('no IDX images file was chosen')
  const test = hasTest && hasTrain ? await pair('t10k') : undefined
  return {
    data: { samples: train.samples, labels: train.labels, ...(test ? { test: { samples: test.samples, labels: test.labels } } : {}) },
    description: test ? `${train.names}; test ${test.names}` : train.names,
  }
}

async function fromNpy(files: readonly DataFileRef[], shape: readonly number[]): Promise<LoadedTrainingData> {
  const npy = files.filter((f) => /\.npy$/i.test(f.path))
  if (npy.length !== 2 || npy.length !== files.length) {
    throw new CalibrationDataError('choose a folder of class sub-folders, two .npy files (samples and labels) or IDX images + labels files')
  }
  const parsed = await Promise.all(npy.map(async (f) => ({ f, bytes: await bytesOf(f) })))
  const rank = (b: Uint8Array, name: string) => parseNpyRank(b, name)
  const named = (p: string) => /(^|[^a-z])(y|labels?|targets?)([^a-z]|$)/i.test(baseName(p).replace(/\.npy$/i, ''))
  let labelsAt = parsed.findIndex(({ f, bytes }) => rank(bytes, f.path) === 1)
  if (labelsAt < 0 || parsed.every(({ f, bytes }) => rank(bytes, f.path) === 1)) labelsAt = parsed.findIndex(({ f }) => named(f.path))
  if (labelsAt < 0) throw new CalibrationDataError('of the two .npy files, one must hold the labels (one whole number per sample)')
  const x = parsed[1 - labelsAt]
  const y = parsed[labelsAt]
  const samples = samplesFromArray(parseNpy(x.bytes, x.f.path), shape, x.f.path)
  return { data: { samples, labels: labelsFromFile(y.bytes, y.f.path, samples.length) }, description: `${baseName(x.f.path)} + ${baseName(y.f.path)}` }
}

/** The number of dimensions a .npy header declares (labels files are 1-D); -1 when unreadable. */
function parseNpyRank(bytes: Uint8Array, name: string): number {
  void name
  if (bytes.length < 10 || bytes[1] !== 0x4e) return -1
  const major = bytes[6]
  const start = major === 1 ? 10 : 12
  const length = major === 1 ? bytes[8] | (bytes[9] << 8) : new DataView(bytes.buffer, bytes.byteOffset).getUint32(8, true)
  const header = new TextDecoder('latin1').decode(bytes.subarray(start, start + length))
  const shape = /'shape'\s*:\s*\(([^)]*)\)/.exec(header)?.[1]
  if (shape === undefined) return -1
  const dims = shape.split(',').map((s) => s.trim()).filter((s) => s !== '')
  return dims.length === 2 && dims[1] === '1' ? 1 : dims.length
}
