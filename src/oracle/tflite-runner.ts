/**
 * The independent oracle: the real TFLite interpreter (C++ compiled to WebAssembly, shipped in
 * @tensorflow/tfjs-tflite 0.0.1-alpha.10) driven through its public TFLiteModel API. Browser-only.
 *
 * - Wasm modules come from our origin (`<base>tflite-wasm/`, see vite-plugin-tflite-wasm.ts); never a CDN.
 * - Variant: the package picks `tflite_web_api_cc[_simd][_threaded]` from the browser's features; threads
 *   need a crossOriginIsolated page. `loadTflite({ threads: false })` hides SharedArrayBuffer while the
 *   features are probed (they are cached once per page), which forces the single-threaded module.
 * - Tensors: int8 model inputs are given as tfjs int32 tensors (the package converts them to int8) and
 *   int8 outputs come back as int32 values; both conversions are lossless for values in [−128, 127].
 * - The interpreter applies the XNNPACK delegate to the operators XNNPACK supports (the package has no option
 *   to turn it off; tflite-patches.ts withXnnpackDeclined does it per operator). With `profile`, `profiledOps`
 *   names the kernels of the last run ('TfLiteXNNPackDelegate' for a delegated partition).
 */
import '@tensorflow/tfjs-backend-cpu'
import * as tf from '@tensorflow/tfjs-core'
import * as tflite from '@tensorflow/tfjs-tflite/dist/tf-tflite.fesm.js'

export type WasmVariant = 'plain' | 'simd' | 'threaded' | 'simd_threaded'

export interface TfliteRuntimeInfo {
  /** Which `tflite_web_api_cc_<variant>` module was loaded. */
  variant: WasmVariant
  simd: boolean
  multiThreading: boolean
  crossOriginIsolated: boolean
  wasmPath: string
}

export interface TfliteRun {
  /** Output tensors by name, in the model's output order, as int8. */
  outputs: { name: string; data: Int8Array }[]
}

let runtime: Promise<TfliteRuntimeInfo> | undefined

/** Loads tfjs (cpu backend) and points the package at the local wasm modules; idempotent per page. */
export function loadTflite(options: { threads?: boolean } = {}): Promise<TfliteRuntimeInfo> {
  runtime ??= (async () => {
    await tf.setBackend('cpu')
    await tf.ready()
    const wasmPath = `${import.meta.env.BASE_URL}tflite-wasm/`
    tflite.setWasmPath(wasmPath)
    const features = options.threads === false ? await probeWithoutThreads() : await tflite.getWasmFeatures()
    const variant: WasmVariant = features.simd
      ? (features.multiThreading ? 'simd_threaded' : 'simd')
      : (features.multiThreading ? 'threaded' : 'plain')
    return { variant, simd: features.simd, multiThreading: features.multiThreading, crossOriginIsolated, wasmPath }
  })()
  return runtime
}

async function probeWithoutThreads(): Promise<{ simd: boolean; multiThreading: boolean }> {
  const g = globalThis as { SharedArrayBuffer?: unknown }
  const saved = g.SharedArrayBuffer
  g.SharedArrayBuffer = undefined
  try {
    return await tflite.getWasmFeatures()
  } finally {
    g.SharedArrayBuffer = saved
  }
}

/** One interpreter for one model, reused across runs. */
export class TfliteOracle {
  private lastKernels: string[] = []

  private constructor(private readonly model: tflite.TFLiteModel, private readonly profile: boolean) {}

  static async create(bytes: Uint8Array, options: { profile?: boolean } = {}): Promise<TfliteOracle> {
    const buffer = bytes.slice().buffer
    // One thread: the result must not depend on the partitioning of work (it does not, but keep it fixed).
    const model = await tflite.loadTFLiteModel(buffer, { numThreads: 1, enableProfiling: options.profile ?? false })
    return new TfliteOracle(model, options.profile ?? false)
  }

  get inputs(): tf.ModelTensorInfo[] {
    return this.model.inputs
  }

  get outputNames(): string[] {
    return this.model.outputs.map((o) => o.name)
  }

  /** Runs the interpreter on int8 inputs (one per model input, in order). */
  run(inputs: Int8Array[]): TfliteRun {
    const infos = this.model.inputs
    if (inputs.length !== infos.length) throw new Error(`the model has ${infos.length} inputs, got ${inputs.length}`)
    const tensors = infos.map((info, i) => tf.tensor(Int32Array.from(inputs[i]), info.shape, 'int32'))
    try {
      const profiled = this.profile ? this.model.getProfilingResults().length : 0
      const result = this.model.predict(tensors.length === 1 ? tensors[0] : tensors)
      if (this.profile) this.lastKernels = this.model.getProfilingResults().slice(profiled).map((p) => p.nodeType)
      const byName: Record<string, tf.Tensor> = result instanceof tf.Tensor
        ? { [this.outputNames[0]]: result }
        : result as Record<string, tf.Tensor>
      const outputs = this.outputNames.map((name) => {
        const t = byName[name]
        if (!t) throw new Error(`the interpreter returned no tensor named '${name}'`)
        const values = t.dataSync()
        const data = Int8Array.from(values)
        for (let i = 0; i < values.length; i++) {
          if (values[i] !== data[i]) throw new Error(`output '${name}' holds ${values[i]}, outside int8`)
        }
        t.dispose()
        return { name, data }
      })
      return { outputs }
    } finally {
      for (const t of tensors) t.dispose()
    }
  }

  /** Node types that ran in the last run, from the profiler (e.g. 'TfLiteXNNPackDelegate', 'SOFTMAX'); needs `profile`. */
  profiledOps(): string[] {
    return [...this.lastKernels]
  }
}
