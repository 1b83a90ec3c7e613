/**
 * Calibration data from files the user chose in the page: a folder of images (decoded by the given decoder — in the
 * browser createImageBitmap + OffscreenCanvas, in tests the core PNG reader) or `.npy` arrays. Images are resized to
 * the Input's H×W×C by `pixelsToSample` (raw 0..255 values; the Input's mean/scale preprocessing applies later, in
 * the engines). Labels follow data/data-files.ts: when every image sits in a sub-folder, the folder names are the
 * classes (index = the number when every name is a whole number, else the position in sorted order).
 * Hidden files and files of other types are skipped. Any bad file raises CalibrationDataError naming it; nothing is
 * returned partially.
 */
import type { Graph } from '../core/ir/types.ts'
import type { LoadedData } from '../core/data/data-files.ts'
import type { Pixels } from '../core/data/calibration-data.ts'
import { CalibrationDataError, inputSampleShape, parseNpy, pixelsToSample, samplesFromArray } from '../core/data/calibration-data.ts'
import type { DataFileRef } from './quantize-protocol.ts'

export type ImageDecoder = (blob: Blob, path: string) => Promise<Pixels>

export const IMAGE_EXTENSIONS = ['.png', '.jpg', '.jpeg', '.gif', '.bmp', '.webp'] as const
const IMAGE_FILE = /\.(png|jpe?g|gif|bmp|webp)$/i

function hidden(path: string): boolean {
  return path.split('/').some((part) => part.startsWith('.'))
}

/** The image files of a folder listing that would be read, in the order they are read. */
export function usableImages(files: readonly DataFileRef[]): DataFileRef[] {
  return files.filter((f) => !hidden(f.path) && IMAGE_FILE.test(f.path)).sort((a, b) => compareText(a.path, b.path))
}

/** The class folders of a listing (sorted as labels are assigned), or undefined when some image is at the top. */
export function classFolders(files: readonly DataFileRef[]): string[] | undefined {
  const folders = usableImages(files).map((f) => folderOf(f.path))
  if (folders.length === 0 || folders.some((d) => d === undefined)) return undefined
  return [...new Set(folders as string[])].sort(compareNames)
}

export interface LoadOptions {
  /** Called after each file; throw from it to stop (cancel). */
  onFile?: (done: number, total: number) => void
}

/** Decodes every image of a folder listing into raw samples of the graph's single Input. */
export async function loadImageFolder(graph: Graph, files: readonly DataFileRef[], folder: string, decode: ImageDecoder,
  options: LoadOptions = {}): Promise<LoadedData> {
  const inputId = singleInput(graph)
  const shape = inputSampleShape(graph, inputId)
  if (shape.length !== 3) {
    throw new CalibrationDataError(`images need an Input of height × width × channels; this one takes ${shape.join('×')} values, so use .npy files`)
  }
  if (shape[2] !== 1 && shape[2] !== 3) throw new CalibrationDataError(`images can feed inputs of 1 or 3 channels, not ${shape[2]}`)
  const images = usableImages(files)
  if (images.length === 0) {
    throw new CalibrationDataError(`the folder '${folder}' holds no images (${IMAGE_EXTENSIONS.join(', ')})`)
  }
  const classes = classFolders(files)
  const numeric = classes?.every((c) => /^\d+$/.test(c)) ?? false
  const samples: Float32Array[] = []
  const labels: number[] = []
  for (let i = 0; i < images.length; i++) {
    const file = images[i]
    let pixels: Pixels
    try {
      pixels = await decode(file.blob, file.path)
    } catch (err) {
      if (err instanceof CalibrationDataError) throw err
      throw new CalibrationDataError(`${file.path} could not be decoded as an image`)
    }
    samples.push(pixelsToSample(pixels, shape))
    if (classes) {
      const folderName = folderOf(file.path)!
      labels.push(numeric ? Number(folderName) : classes.indexOf(folderName))
    }
    options.onFile?.(i + 1, images.length)
  }
  return { inputId, samples, files: images.length, ...(classes ? { labels, classes } : {}) }
}

/** Reads `.npy` files (each one sample or N samples of the Input) into raw samples of the graph's single Input. */
export async function loadNpyFiles(graph: Graph, files: readonly DataFileRef[], options: LoadOptions = {}): Promise<LoadedData> {
  const inputId = singleInput(graph)
  const shape = inputSampleShape(graph, inputId)
  const arrays = files.filter((f) => !hidden(f.path)).sort((a, b) => compareText(a.path, b.path))
  if (arrays.length === 0) throw new CalibrationDataError('no .npy files were chosen')
  const samples: Float32Array[] = []
  for (let i = 0; i < arrays.length; i++) {
    const file = arrays[i]
    if (!/\.npy$/i.test(file.path)) throw new CalibrationDataError(`${file.path} is not a .npy file`)
    const bytes = new Uint8Array(await file.blob.arrayBuffer())
    samples.push(...samplesFromArray(parseNpy(bytes, file.path), shape, file.path))
    options.onFile?.(i + 1, arrays.length)
  }
  return { inputId, samples, files: arrays.length }
}

function singleInput(graph: Graph): string {
  const inputs = graph.nodes.filter((n) => n.op === 'Input')
  if (inputs.length !== 1) throw new CalibrationDataError(`data files feed a graph with one Input; this graph has ${inputs.length}`)
  return inputs[0].id
}

function folderOf(path: string): string | undefined {
  const at = path.lastIndexOf('/')
  return at > 0 ? path.slice(0, at) : undefined
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}

function compareNames(a: string, b: string): number {
  return /^\d+$/.test(a) && /^\d+$/.test(b) ? Number(a) - Number(b) : compareText(a, b)
}
