/**
 * Reads a .tflite flatbuffer into plain objects through the generated reader (generated/, from
 * schema/tflite.fbs) over a bounds-checked ByteBuffer. Only the main subgraph is read. Every structural
 * problem — an offset outside the file, a tensor whose data does not match its shape, a buffer index out
 * of range, an absurd shape — is an ImportError with one sentence.
 */
import { ImportError, checkTensorShape } from '../import/import-error.ts'
import { CheckedByteBuffer, OutOfBoundsError } from './checked-byte-buffer.ts'
import {
  AddOptions, BatchMatMulOptions, BuiltinOperator, BuiltinOptions, ConcatenationOptions, Conv2DOptions, DepthwiseConv2DOptions,
  FullyConnectedOptions, Model, MulOptions, Pool2DOptions, ReducerOptions, ReshapeOptions, SVDFOptions, SoftmaxOptions, SqueezeOptions,
  StridedSliceOptions, TensorType, TransposeConvOptions, UnidirectionalSequenceLSTMOptions,
} from './generated/tflite_generated.ts'
import type { Operator } from './generated/tflite_generated.ts'

export interface TflQuant {
  scale: number[]
  zeroPoint: number[]
  /** quantized_dimension: the channel axis of per-channel parameters. */
  axis: number
}

export interface TflTensor {
  index: number
  name: string
  shape: number[]
  type: TensorType
  /** Constant data (little-endian), when the tensor's buffer holds any. */
  data?: Uint8Array
  quant?: TflQuant
  isVariable: boolean
}

/** Builtin options as plain values (only the fields the mapper reads). */
export type TflOptions = Record<string, number | boolean | number[]>

export interface TflOperator {
  index: number
  /** Upstream operator name, e.g. 'CONV_2D'; custom operators: their custom code. */
  opName: string
  builtin: number
  inputs: number[]
  outputs: number[]
  options: TflOptions
}

export interface TflModel {
  version: number
  description: string
  subgraphs: number
  tensors: TflTensor[]
  operators: TflOperator[]
  inputs: number[]
  outputs: number[]
}

/** Bytes per element of each tensor type (0 = not a fixed-size numeric type). */
const ELEMENT_BYTES: Partial<Record<TensorType, number>> = {
  [TensorType.FLOAT32]: 4, [TensorType.FLOAT16]: 2, [TensorType.INT32]: 4, [TensorType.UINT8]: 1,
  [TensorType.INT64]: 8, [TensorType.BOOL]: 1, [TensorType.INT16]: 2, [TensorType.INT8]: 1,
  [TensorType.FLOAT64]: 8, [TensorType.UINT64]: 8, [TensorType.UINT32]: 4, [TensorType.UINT16]: 2,
}

export function tensorTypeName(type: TensorType): string {
  return (TensorType[type] ?? `type ${type}`).toLowerCase()
}

function vector(length: number, at: (i: number) => number | bigint | null): number[] {
  const out: number[] = []
  for (let i = 0; i < length; i++) out.push(Number(at(i) ?? 0))
  return out
}

function readOptions(op: Operator): TflOptions {
  switch (op.builtinOptionsType()) {
    case BuiltinOptions.Conv2DOptions: {
      const o = op.builtinOptions(new Conv2DOptions()) as Conv2DOptions
      return { padding: o.padding(), strideW: o.strideW(), strideH: o.strideH(), activation: o.fusedActivationFunction(),
        dilationW: o.dilationWFactor(), dilationH: o.dilationHFactor() }
    }
    case BuiltinOptions.DepthwiseConv2DOptions: {
      const o = op.builtinOptions(new DepthwiseConv2DOptions()) as DepthwiseConv2DOptions
      return { padding: o.padding(), strideW: o.strideW(), strideH: o.strideH(), depthMultiplier: o.depthMultiplier(),
        activation: o.fusedActivationFunction(), dilationW: o.dilationWFactor(), dilationH: o.dilationHFactor() }
    }
    case BuiltinOptions.Pool2DOptions: {
      const o = op.builtinOptions(new Pool2DOptions()) as Pool2DOptions
      return { padding: o.padding(), strideW: o.strideW(), strideH: o.strideH(), filterW: o.filterWidth(),
        filterH: o.filterHeight(), activation: o.fusedActivationFunction() }
    }
    case BuiltinOptions.FullyConnectedOptions: {
      const o = op.builtinOptions(new FullyConnectedOptions()) as FullyConnectedOptions
      return { activation: o.fusedActivationFunction(), weightsFormat: o.weightsFormat(), keepNumDims: o.keepNumDims() }
    }
    case BuiltinOptions.SoftmaxOptions:
      return { beta: (op.builtinOptions(new SoftmaxOptions()) as SoftmaxOptions).beta() }
    case BuiltinOptions.ConcatenationOptions: {
      const o = op.builtinOptions(new ConcatenationOptions()) as ConcatenationOptions
      return { axis: o.axis(), activation: o.fusedActivationFunction() }
    }
    case BuiltinOptions.AddOptions: {
      const o = op.builtinOptions(new AddOptions()) as AddOptions
      return { activation: o.fusedActivationFunction(), potScaleInt16: o.potScaleInt16() }
    }
    case BuiltinOptions.ReshapeOptions: {
      const o = op.builtinOptions(new ReshapeOptions()) as ReshapeOptions
      return { newShape: vector(o.newShapeLength(), (i) => o.newShape(i)) }
    }
    case BuiltinOptions.ReducerOptions:
      return { keepDims: (op.builtinOptions(new ReducerOptions()) as ReducerOptions).keepDims() }
    case BuiltinOptions.SqueezeOptions: {
      const o = op.builtinOptions(new SqueezeOptions()) as SqueezeOptions
      return { squeezeDims: vector(o.squeezeDimsLength(), (i) => o.squeezeDims(i)) }
    }
    case BuiltinOptions.MulOptions:
      return { activation: (op.builtinOptions(new MulOptions()) as MulOptions).fusedActivationFunction() }
    case BuiltinOptions.TransposeConvOptions: {
      const o = op.builtinOptions(new TransposeConvOptions()) as TransposeConvOptions
      return { padding: o.padding(), strideW: o.strideW(), strideH: o.strideH(), activation: o.fusedActivationFunction() }
    }
    case BuiltinOptions.BatchMatMulOptions: {
      const o = op.builtinOptions(new BatchMatMulOptions()) as BatchMatMulOptions
      return { adjX: o.adjX(), adjY: o.adjY() }
    }
    case BuiltinOptions.SVDFOptions: {
      const o = op.builtinOptions(new SVDFOptions()) as SVDFOptions
      return { rank: o.rank(), activation: o.fusedActivationFunction() }
    }
    case BuiltinOptions.UnidirectionalSequenceLSTMOptions: {
      const o = op.builtinOptions(new UnidirectionalSequenceLSTMOptions()) as UnidirectionalSequenceLSTMOptions
      return { activation: o.fusedActivationFunction(), cellClip: o.cellClip(), projClip: o.projClip(), timeMajor: o.timeMajor() }
    }
    case BuiltinOptions.StridedSliceOptions: {
      const o = op.builtinOptions(new StridedSliceOptions()) as StridedSliceOptions
      return { beginMask: o.beginMask(), endMask: o.endMask(), ellipsisMask: o.ellipsisMask(), newAxisMask: o.newAxisMask(),
        shrinkAxisMask: o.shrinkAxisMask() }
    }
    default:
      return {}
  }
}

function readModel(bytes: Uint8Array): TflModel {
  const bb = new CheckedByteBuffer(bytes)
  const model = Model.getRootAsModel(bb)
  const subgraphs = model.subgraphsLength()
  if (subgraphs === 0) throw new ImportError('no-graph', 'the TFLite model has no subgraph to import')
  const sg = model.subgraphs(0)!
  const bufferCount = model.buffersLength()

  const tensors: TflTensor[] = []
  for (let i = 0; i < sg.tensorsLength(); i++) {
    const t = sg.tensors(i)!
    const name = t.name() ?? `tensor ${i}`
    const shape = vector(t.shapeLength(), (k) => t.shape(k))
    const count = checkTensorShape(`tensor '${name}'`, shape)
    const type = t.type()
    const q = t.quantization()
    const quant = q && q.scaleLength() > 0
      ? { scale: vector(q.scaleLength(), (k) => q.scale(k)), zeroPoint: vector(q.zeroPointLength(), (k) => q.zeroPoint(k)), axis: q.quantizedDimension() }
      : undefined
    const bufferIndex = t.buffer()
    if (bufferIndex >= bufferCount) {
      throw new ImportError('corrupt', `tensor '${name}' refers to buffer ${bufferIndex}, but the model has ${bufferCount} buffers`)
    }
    const buffer = model.buffers(bufferIndex)
    if (buffer && buffer.offset() > 1n) {
      throw new ImportError('unsupported-file', 'the model stores its weights outside the flatbuffer (a >2 GB model layout), which the importer does not read')
    }
    let data: Uint8Array | undefined
    if (buffer && buffer.dataLength() > 0) {
      const view = buffer.dataArray()!
      if (view.byteOffset + view.length > bytes.byteOffset + bytes.length) throw new OutOfBoundsError(view.byteOffset, view.length, bytes.length)
      const size = ELEMENT_BYTES[type]
      // INT4: two values per byte (low nibble first), the last byte half used when the count is odd.
      const needed = type === TensorType.INT4 ? Math.ceil(count / 2) : size !== undefined ? count * size : undefined
      if (needed !== undefined && view.length !== needed) {
        throw new ImportError('corrupt', `tensor '${name}' has ${view.length} bytes of data but its shape [${shape.join(', ')}] needs ${needed}`)
      }
      data = view.slice()
    }
    tensors.push({ index: i, name, shape, type, quant, isVariable: t.isVariable(), ...(data ? { data } : {}) })
  }

  const operators: TflOperator[] = []
  for (let i = 0; i < sg.operatorsLength(); i++) {
    const op = sg.operators(i)!
    const codeIndex = op.opcodeIndex()
    if (codeIndex >= model.operatorCodesLength()) {
      throw new ImportError('corrupt', `operator ${i} refers to operator code ${codeIndex}, but the model has ${model.operatorCodesLength()}`)
    }
    const code = model.operatorCodes(codeIndex)!
    const builtin = Math.max(code.builtinCode(), code.deprecatedBuiltinCode())
    const opName = builtin === BuiltinOperator.CUSTOM ? (code.customCode() ?? 'CUSTOM') : (BuiltinOperator[builtin] ?? `BUILTIN_${builtin}`)
    const inputs = vector(op.inputsLength(), (k) => op.inputs(k))
    const outputs = vector(op.outputsLength(), (k) => op.outputs(k))
    for (const t of [...inputs, ...outputs]) {
      if (t >= tensors.length || t < -1) throw new ImportError('corrupt', `operator ${i} (${opName}) refers to tensor ${t}, but the subgraph has ${tensors.length}`)
    }
    operators.push({ index: i, opName, builtin, inputs, outputs, options: readOptions(op) })
  }
  const io = (length: number, at: (k: number) => number | null) => vector(length, at).map((t) => {
    if (t < 0 || t >= tensors.length) throw new ImportError('corrupt', `the subgraph lists tensor ${t} as an input or output, but it has ${tensors.length}`)
    return t
  })
  return {
    version: model.version(), description: model.description() ?? '', subgraphs, tensors, operators,
    inputs: io(sg.inputsLength(), (k) => sg.inputs(k)), outputs: io(sg.outputsLength(), (k) => sg.outputs(k)),
  }
}

/** Decodes a .tflite file; throws ImportError for truncated or corrupt files. */
export function readTflite(bytes: Uint8Array): TflModel {
  // A private copy: aligned at offset 0 and with no bytes beyond the file, so views cannot overrun silently.
  const own = new Uint8Array(bytes) // (not bytes.slice(): a Node Buffer slices as a view)
  try {
    return readModel(own)
  } catch (err) {
    if (err instanceof ImportError) throw err
    if (err instanceof OutOfBoundsError) {
      throw new ImportError('truncated',
        `the TFLite file is truncated or corrupt: an offset points to byte ${err.offset}, outside the ${err.capacity}-byte file`)
    }
    if (err instanceof RangeError) throw new ImportError('truncated', `the TFLite file is truncated or corrupt (${err.message})`)
    throw err
  }
}
