/**
 * Vite plugin: serves the TFLite-interpreter WebAssembly modules of @tensorflow/tfjs-tflite from our own
 * origin, at `<base>tflite-wasm/<file>` — in `vite` (dev middleware) and in `vite build` (assets emitted
 * under that fixed, unhashed path, so `vite preview` serves them). The oracle page calls `setWasmPath` with
 * that URL; nothing is fetched from a CDN.
 *
 * Unhashed names are required: the package's loader builds the script name from the detected wasm
 * features (`tflite_web_api_cc[_simd][_threaded].js`) and Emscripten then asks for the `.wasm` of the same
 * stem next to it. Only the oracle page (oracle.html) loads these files; the main app never references them.
 * Node-side build code (runs in the Vite config), not part of any browser bundle.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import type { Plugin } from 'vite'

/** URL folder (relative to Vite's `base`) holding the wasm modules. */
export const TFLITE_WASM_DIR = 'tflite-wasm'

/** The Emscripten variants the loader can pick: glue script, wasm binary and (threaded) pthread worker. */
const FILE_PATTERN = /^tflite_web_api_cc(_simd)?(_threaded)?(\.js|\.wasm|\.worker\.js)$/

function wasmSourceDir(): string {
  const require = createRequire(import.meta.url)
  const pkg = require.resolve('@tensorflow/tfjs-tflite/package.json')
  const dir = join(dirname(pkg), 'wasm')
  if (!existsSync(dir)) throw new Error(`@tensorflow/tfjs-tflite has no wasm/ folder at ${dir}`)
  return dir
}

function wasmFiles(dir: string): string[] {
  const files = readdirSync(dir).filter((f) => FILE_PATTERN.test(f))
  if (files.length === 0) throw new Error(`no tflite_web_api_cc* modules in ${dir}`)
  return files
}

const contentType = (file: string): string => (file.endsWith('.wasm') ? 'application/wasm' : 'text/javascript')

export function tfliteWasmPlugin(): Plugin {
  let base = '/'
  return {
    name: 'tinyforge-tflite-wasm',
    configResolved(config) {
      base = config.base
    },
    configureServer(server) {
      const dir = wasmSourceDir()
      const files = new Set(wasmFiles(dir))
      const prefix = `${base}${TFLITE_WASM_DIR}/`
      server.middlewares.use((req, res, next) => {
        const path = (req.url ?? '').split('?')[0]
        if (!path.startsWith(prefix)) return next()
        const file = path.slice(prefix.length)
        if (!files.has(file)) return next()
        res.setHeader('Content-Type', contentType(file))
        res.end(readFileSync(join(dir, file)))
      })
    },
    generateBundle() {
      const dir = wasmSourceDir()
      for (const file of wasmFiles(dir)) {
        this.emitFile({ type: 'asset', fileName: `${TFLITE_WASM_DIR}/${file}`, source: readFileSync(join(dir, file)) })
      }
    },
  }
}
