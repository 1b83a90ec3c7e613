import react from '@vitejs/plugin-react'
import { defineConfig } from 'vite'
import { tfliteWasmPlugin } from './src/oracle/vite-plugin-tflite-wasm.ts'

// COOP/COEP make the page crossOriginIsolated, which onnxruntime-web needs for wasm threads.
const isolationHeaders = process.env.COI === '1'
  ? { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' }
  : undefined

export default defineConfig({
  plugins: [react(), tfliteWasmPlugin()],
  optimizeDeps: { exclude: ['onnxruntime-web'] },
  build: {
    chunkSizeWarningLimit: 8000,
    // oracle.html: test page running the TFLite interpreter (tfjs-tflite) beside the int8 engine; the app never loads it.
    rollupOptions: {
      input: { main: 'index.html', oracle: 'oracle.html' },
      // tfjs-tflite's Closure-compiled loader uses a direct eval; it is the package's, not ours.
      onwarn(warning, warn) {
        if (warning.code === 'EVAL' && warning.id?.includes('@tensorflow/tfjs-tflite')) return
        warn(warning)
      },
    },
  },
  preview: { host: '127.0.0.1', port: 4173, strictPort: true, headers: isolationHeaders },
  server: { host: '127.0.0.1', port: 5173, strictPort: true, headers: isolationHeaders },
})
