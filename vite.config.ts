import react from '@vitejs/plugin-react'
import { defineConfig } from 'vite'

// COOP/COEP make the page crossOriginIsolated, which onnxruntime-web needs for wasm threads.
const isolationHeaders = process.env.COI === '1'
  ? { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' }
  : undefined

export default defineConfig({
  plugins: [react()],
  optimizeDeps: { exclude: ['onnxruntime-web'] },
  build: { chunkSizeWarningLimit: 8000 },
  preview: { host: '127.0.0.1', port: 4173, strictPort: true, headers: isolationHeaders },
  server: { host: '127.0.0.1', port: 5173, strictPort: true, headers: isolationHeaders },
})
