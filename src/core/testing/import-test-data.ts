/**
 * Test-only access to the shared model files in ../shared/data (next to the repository root), read
 * with node:fs. Imported only by *.test.ts files.
 */
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

/** Absolute path of ../shared/data relative to the repository root. */
export const SHARED_DATA = fileURLToPath(new URL('../../../../shared/data/', import.meta.url))

export function sharedBytes(relativePath: string): Uint8Array {
  return new Uint8Array(readFileSync(SHARED_DATA + relativePath))
}

export function sharedText(relativePath: string): string {
  return readFileSync(SHARED_DATA + relativePath, 'utf8')
}

export const INT8_TFLITE = ['kws_ref_model.tflite', 'vww_96_int8.tflite', 'pretrainedResnet_quant.tflite', 'ad01_int8.tflite'] as const
export const FLOAT_TFLITE = ['kws_ref_model_float32.tflite', 'vww_96_float.tflite', 'pretrainedResnet.tflite', 'ad01_fp32.tflite'] as const
export const ONNX_MODELS = [
  'onnx/mnist-8/mnist-8.onnx', 'onnx/mnist_pytorch/pytorch.onnx', 'onnx/atmega_mnist/mnist.simplified.onnx', 'onnx/tfl_helloworld/model.onnx',
] as const
