/**
 * Entry of oracle.html, a test page (not part of the app): exposes `window.tinyforgeOracle` so Playwright
 * can hand it model and input bytes and read back both engines' outputs. Query `?threads=0` forces the
 * single-threaded TFLite module. The page sets `data-ready` on <body> to 'true' (or 'error') once the
 * interpreter runtime is loaded.
 */
import type { OpenOptions, RunOptions, SessionRun } from './oracle-session.ts'
import { OracleSession } from './oracle-session.ts'
import type { TfliteRuntimeInfo } from './tflite-runner.ts'
import { loadTflite } from './tflite-runner.ts'

export interface OracleApi {
  /** The runtime, and the module script actually loaded (present once a model was opened). */
  info(): Promise<TfliteRuntimeInfo & { loadedModule?: string }>
  /** Loads a model (bytes as 0..255 numbers) under `key`; see OpenOptions. */
  open(key: string, bytes: number[], fileName: string, options?: OpenOptions): Promise<{ inputShape: number[]; mappedLayers: number }>
  /** Runs the model `key` on one int8 input (numbers in −128..127) through both engines. */
  run(key: string, input: number[], options?: RunOptions): SessionRun
  /** Kernels the interpreter ran for model `key` in its last run (from TFLite's profiler). */
  kernels(key: string): string[]
}

declare global {
  interface Window {
    tinyforgeOracle?: OracleApi
  }
}

const sessions = new Map<string, OracleSession>()
const threads = new URLSearchParams(location.search).get('threads') !== '0'
const runtime = loadTflite({ threads })

window.tinyforgeOracle = {
  async info() {
    const loaded = document.getElementById('tflite_web_api_loader_script')?.getAttribute('src')
    return { ...(await runtime), ...(loaded ? { loadedModule: loaded } : {}) }
  },
  async open(key, bytes, fileName, options = {}) {
    await runtime
    const session = await OracleSession.open(Uint8Array.from(bytes), fileName, options)
    sessions.set(key, session)
    return { inputShape: session.inputShape, mappedLayers: session.mappedLayers }
  },
  run(key, input, options) {
    const session = opened(key)
    for (const v of input) if (!Number.isInteger(v) || v < -128 || v > 127) throw new Error(`input value ${v} is not int8`)
    return session.run(Int8Array.from(input), options)
  },
  kernels: (key) => opened(key).oracleKernels(),
}

function opened(key: string): OracleSession {
  const session = sessions.get(key)
  if (!session) throw new Error(`no model opened under '${key}'`)
  return session
}

const status = document.getElementById('oracle-status')!
runtime.then(
  (info) => {
    status.textContent = `tflite_web_api_cc_${info.variant} · crossOriginIsolated ${info.crossOriginIsolated}`
    document.body.dataset.ready = 'true'
  },
  (err: unknown) => {
    status.textContent = `failed: ${err instanceof Error ? err.message : String(err)}`
    document.body.dataset.ready = 'error'
  },
)
