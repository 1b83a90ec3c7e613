import { defineConfig } from 'vitest/config'

export default defineConfig({
  // onnxruntime-web's slim entry points do not load in Node; the default entry does.
  resolve: { alias: [{ find: /^onnxruntime-web\/(wasm|webgpu|all)$/, replacement: 'onnxruntime-web' }] },
  test: {
    include: ['src/**/*.test.ts', 'tools/**/*.test.ts', 'scripts/**/*.test.ts'],
    environment: 'node',
    testTimeout: 30_000,
  },
})
