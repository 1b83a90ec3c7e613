/**
 * Adapter running an ONNX model (e.g. formats/onnx/export-onnx.ts output) in onnxruntime-web, in Node, a page or a
 * Web Worker. Backends:
 *   - 'wasm'   : `onnxruntime-web/wasm` (CPU);
 *   - 'webgpu' : `onnxruntime-web/webgpu`, the native WebGPU EP (nodes it lacks run on its CPU EP).
 * Never the default entry (JSEP): its WebGPU kernels mis-compute DequantizeLinear on activations, which breaks every
 * QDQ model (../shared/STACK.md §3). In vitest both slim entries are aliased to the package root (vitest.config.ts).
 *
 * 'auto' picks 'webgpu' only when `navigator.gpu.requestAdapter()` returns an adapter, otherwise 'wasm'; when the
 * WebGPU session cannot be created it falls back to 'wasm' and says why (`fallbackReason`). `backend` always names
 * the backend that runs. In Node the wasm backend runs single-threaded unless `numThreads` says otherwise.
 */
import type * as Ort from 'onnxruntime-web'

export type OrtBackend = 'wasm' | 'webgpu'

export interface OrtRunnerOptions {
  /** Default 'auto'. An explicit 'webgpu' without an adapter is an error. */
  backend?: 'auto' | OrtBackend
  /** Worker threads of the wasm backend (needs cross-origin isolation in browsers); default ORT's own (1 in Node). */
  numThreads?: number
  /** Where the page serves ORT's .wasm/.mjs files, when the bundler does not resolve them. */
  wasmPaths?: string | { wasm?: string; mjs?: string }
  /** The WebGPU probe (default: globalThis.navigator.gpu); tests pass a fake one. */
  gpu?: GpuProbe | null
}

/** What `pickOrtBackend` needs of `navigator.gpu`. */
export interface GpuProbe {
  requestAdapter(): Promise<unknown>
}

export type OrtData = Float32Array | Int8Array | Uint8Array | Int32Array | BigInt64Array

export interface OrtValue {
  data: OrtData
  dims: number[]
}

export interface OrtFeed {
  data: Float32Array | Int8Array
  dims: readonly number[]
}

export interface OrtRunner {
  /** The backend that runs this session. */
  readonly backend: OrtBackend
  /** Why 'auto' did not run on WebGPU although an adapter exists (session creation failed), else undefined. */
  readonly fallbackReason?: string
  readonly inputNames: readonly string[]
  readonly outputNames: readonly string[]
  /** Runs once; `fetches` limits the outputs (default: all). */
  run(feeds: Readonly<Record<string, OrtFeed>>, fetches?: readonly string[]): Promise<Record<string, OrtValue>>
  release(): Promise<void>
}

type OrtModule = typeof Ort

const modules = new Map<OrtBackend, Promise<OrtModule>>()

function loadOrt(backend: OrtBackend): Promise<OrtModule> {
  let m = modules.get(backend)
  if (!m) {
    m = backend === 'webgpu' ? import('onnxruntime-web/webgpu') : import('onnxruntime-web/wasm')
    modules.set(backend, m)
  }
  return m
}

function defaultGpu(): GpuProbe | undefined {
  return (globalThis as { navigator?: { gpu?: GpuProbe } }).navigator?.gpu
}

function isNode(): boolean {
  return typeof process !== 'undefined' && typeof process.versions?.node === 'string'
}

/** 'webgpu' when a WebGPU adapter exists, else 'wasm' (also when probing throws). */
export async function pickOrtBackend(gpu: GpuProbe | null | undefined = defaultGpu()): Promise<OrtBackend> {
  if (!gpu) return 'wasm'
  try {
    return (await gpu.requestAdapter()) ? 'webgpu' : 'wasm'
  } catch {
    return 'wasm'
  }
}

async function openSession(model: Uint8Array, backend: OrtBackend, options: OrtRunnerOptions): Promise<{ ort: OrtModule; session: Ort.InferenceSession }> {
  const ort = await loadOrt(backend)
  const threads = options.numThreads ?? (isNode() ? 1 : undefined)
  if (threads !== undefined) ort.env.wasm.numThreads = threads
  if (options.wasmPaths !== undefined) ort.env.wasm.wasmPaths = options.wasmPaths
  const session = await ort.InferenceSession.create(model, { executionProviders: [backend], logSeverityLevel: 3 })
  return { ort, session }
}

export async function createOrtRunner(model: Uint8Array, options: OrtRunnerOptions = {}): Promise<OrtRunner> {
  const wanted = options.backend ?? 'auto'
  const gpu = options.gpu === undefined ? defaultGpu() : options.gpu
  let backend: OrtBackend = wanted === 'auto' ? await pickOrtBackend(gpu) : wanted
  if (wanted === 'webgpu' && (await pickOrtBackend(gpu)) !== 'webgpu') {
    throw new Error('WebGPU is not available here (no adapter); use the wasm backend')
  }
  let fallbackReason: string | undefined
  let opened: { ort: OrtModule; session: Ort.InferenceSession }
  try {
    opened = await openSession(model, backend, options)
  } catch (err) {
    if (wanted !== 'auto' || backend !== 'webgpu') throw err
    fallbackReason = `WebGPU session failed (${err instanceof Error ? err.message : String(err)})`
    backend = 'wasm'
    opened = await openSession(model, backend, options)
  }
  const { ort, session } = opened
  return {
    backend,
    fallbackReason,
    inputNames: session.inputNames,
    outputNames: session.outputNames,
    async run(feeds, fetches) {
      const tensors: Record<string, Ort.Tensor> = {}
      for (const [name, f] of Object.entries(feeds)) {
        tensors[name] = f.data instanceof Int8Array ? new ort.Tensor('int8', f.data, [...f.dims]) : new ort.Tensor('float32', f.data, [...f.dims])
      }
      const result = fetches ? await session.run(tensors, [...fetches]) : await session.run(tensors)
      const out: Record<string, OrtValue> = {}
      for (const [name, t] of Object.entries(result)) out[name] = { data: t.data as OrtData, dims: [...t.dims] }
      return out
    },
    release: () => session.release(),
  }
}
