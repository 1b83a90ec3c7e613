/**
 * TFLite constant tensors → IR tensors. In an integer model weights keep their stored integers and
 * quantization exactly (int8 weights with per-channel scale/zero point along `quantized_dimension`, int32
 * biases with their scales; INT4 weights unpacked to int8 values marked `encoding: int4`, the IR's int4 form;
 * the int64 biases of 16x8 layers as int32 values — the IR's bias type — refused beyond the int32 range); in a float model, integer weights (dynamic-range quantization) and float16
 * weights are dequantized to float32. Little-endian data is assumed (every supported platform).
 */
import type { DType, QuantParams, Tensor } from '../../ir/types.ts'
import { unpackInt4 } from '../../quant/weight-encoding.ts'
import { halfToFloat } from '../import/half-float.ts'
import { TensorType } from './generated/tflite_generated.ts'
import type { TflQuant, TflTensor } from './tflite-reader.ts'
import { tensorTypeName } from './tflite-reader.ts'

/** IR dtype of a TFLite tensor type, when the IR has one. */
export function irDType(type: TensorType): DType | undefined {
  switch (type) {
    case TensorType.FLOAT32: return 'float32'
    case TensorType.INT8: return 'int8'
    case TensorType.UINT8: return 'uint8'
    case TensorType.INT16: return 'int16'
    case TensorType.INT32: return 'int32'
    case TensorType.INT4: return 'int8'
    case TensorType.INT64: return 'int32'
    default: return undefined
  }
}

/** IR quantization params; `axis` only for per-channel parameters. */
export function irQuant(q: TflQuant | undefined): QuantParams | undefined {
  if (!q || q.scale.length === 0) return undefined
  const zeroPoint = q.zeroPoint.length > 0 ? q.zeroPoint : q.scale.map(() => 0)
  return q.scale.length > 1 ? { scale: q.scale, zeroPoint, axis: q.axis } : { scale: q.scale, zeroPoint }
}

function typedData(t: TflTensor): Float32Array | Int8Array | Uint8Array | Int16Array | Int32Array | undefined {
  const d = t.data!
  const buf = d.buffer.slice(d.byteOffset, d.byteOffset + d.byteLength)
  switch (t.type) {
    case TensorType.FLOAT32: return new Float32Array(buf)
    case TensorType.INT8: return new Int8Array(buf)
    case TensorType.UINT8: return new Uint8Array(buf)
    case TensorType.INT16: return new Int16Array(buf)
    case TensorType.INT32: return new Int32Array(buf)
    case TensorType.INT4: return unpackInt4(d, t.shape.reduce((p, n) => p * n, 1))
    case TensorType.INT64: {
      const wide = new BigInt64Array(buf)
      return wide.every((v) => v >= -(2n ** 31n) && v < 2n ** 31n) ? Int32Array.from(wide, Number) : undefined
    }
    default: return undefined
  }
}

/** Real values of a constant tensor (dequantized when it is an integer tensor with quantization). */
export function realValues(t: TflTensor): Float32Array | undefined {
  if (!t.data) return undefined
  if (t.type === TensorType.FLOAT16) {
    const view = new DataView(t.data.buffer, t.data.byteOffset, t.data.byteLength)
    return Float32Array.from({ length: t.data.byteLength / 2 }, (_, i) => halfToFloat(view.getUint16(2 * i, true)))
  }
  const data = typedData(t)
  if (!data) return undefined
  if (data instanceof Float32Array) return data
  const q = t.quant
  if (!q) return Float32Array.from(data)
  const inner = t.shape.slice(q.axis + 1).reduce((p, d) => p * d, 1)
  const channels = q.scale.length
  return Float32Array.from(data, (v, i) => {
    const c = channels > 1 ? Math.floor(i / inner) % channels : 0
    return q.scale[c] * (v - (q.zeroPoint[c] ?? q.zeroPoint[0] ?? 0))
  })
}

/** Integer values of a constant (shape vectors, axes, paddings). */
export function intValues(t: TflTensor): number[] | undefined {
  if (!t.data) return undefined
  const view = new DataView(t.data.buffer, t.data.byteOffset, t.data.byteLength)
  if (t.type === TensorType.INT32) return Array.from({ length: t.data.byteLength / 4 }, (_, i) => view.getInt32(4 * i, true))
  if (t.type === TensorType.INT64) return Array.from({ length: t.data.byteLength / 8 }, (_, i) => Number(view.getBigInt64(8 * i, true)))
  return undefined
}

/**
 * The IR tensor for a constant. `integerModel` keeps integer tensors exactly; otherwise they become
 * float32. Returns a sentence instead when the data cannot be used.
 */
export function irTensor(t: TflTensor, integerModel: boolean, shape: number[] = t.shape): Tensor | string {
  if (!t.data) return `tensor '${t.name}' has no constant data`
  const dtype = irDType(t.type)
  if (integerModel && dtype && dtype !== 'float32') {
    const quant = irQuant(t.quant)
    const data = typedData(t)
    if (!data) return `tensor '${t.name}' (int64) holds values beyond the int32 range, which the int16 kernels' bias path here does not take`
    const int4 = t.type === TensorType.INT4 ? { encoding: { kind: 'int4' as const } } : {}
    return { dtype, shape, data, ...(quant ? { quant } : {}), ...int4, origin: 'imported' }
  }
  if (dtype !== 'float32' && t.type !== TensorType.FLOAT16 && !t.quant) {
    return `tensor '${t.name}' is ${tensorTypeName(t.type)} without quantization parameters in a float model`
  }
  const values = realValues(t)
  if (!values) return `tensor '${t.name}' has type ${tensorTypeName(t.type)}, which the importer does not read`
  return { dtype: 'float32', shape, data: values, origin: 'imported' }
}
