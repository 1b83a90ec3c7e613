/**
 * Golden int8 cases: small operator runs with exact expected bytes, stored as JSON under testing/golden/ (one file
 * per operator) by scripts/gen-golden.ts and asserted by golden.test.ts here and by the C runtime's host tests.
 *
 * A case is plain data: op, scheme, attrs (defaults filled in), inputs (shape, quantization, int8 values — for
 * Input, the raw integers fed to the preprocessing), constant tensors (dtype, shape, quantization, values), output
 * (shape, quantization), the frozen OpData `prepare` computes, and the expected output bytes. A stateful op's case
 * also gives its state's quantization and initial values (default: the reset state) and the expected state after.
 * A case with `rounding: 'single'` runs the s8 kernels with single rounding (CMSIS_NN_USE_SINGLE_ROUNDING); those cases
 * live in golden/single-rounding/ and the C tests build them with that macro.
 */
import type { Attrs, DType, QuantParams, Shape, Tensor, TensorEncoding, TensorInfo } from '../../ir/types.ts'
import type { ExitOpData } from '../../ops/exit.ts'
import { exitConfident } from '../../ops/exit.ts'
import { input, preprocessRaw } from '../../ops/input.ts'
import type { QuantScheme } from '../../quant/scheme.ts'
import type { OpData } from '../../ops/op-def.ts'
import { withDefaults } from '../../ops/op-def.ts'
import { getOp } from '../../ops/registry.ts'

export const GOLDEN_GENERATOR = 'scripts/gen-golden.ts: TinyForge int8 engine (ops/*.ts prepare + evalInt8); ' +
  'regenerate with `npx tsx scripts/gen-golden.ts`'

export interface GoldenTensor {
  shape: number[]
  quant: QuantParams
  data: number[]
  /** 'int16' for an int16 activation (16x8 layers); absent: int8. */
  dtype?: 'int16'
}

export interface GoldenConstant extends Omit<GoldenTensor, 'dtype'> {
  dtype: DType
  /** Device storage of int8 weights (int4: the values lie in [−8, 7] and the C kernels read them packed). */
  encoding?: TensorEncoding
}

/** What a spec gives; the generator adds the output shape, OpData and expected bytes. */
export interface GoldenSpec {
  name: string
  /** What the case exercises, one sentence. */
  covers: string
  op: string
  scheme: QuantScheme
  attrs: Attrs
  inputs: GoldenTensor[]
  weights?: Record<string, GoldenConstant>
  outputQuant: QuantParams
  /** 'int16' when the node's output is int16 (a 16x8 layer, Sigmoid/Tanh, a Quantize to int16); absent: int8. */
  outputDType?: 'int16'
  /** Stateful ops: quantization of each state buffer (NodeQuant.state). */
  stateQuant?: Record<string, QuantParams>
  /** Stateful ops: initial state values by state name (default: the op's reset state). */
  state?: Record<string, number[]>
  /** Requantization rounding (absent: 'double', the TFLite reference). */
  rounding?: 'single'
}

export interface GoldenCase extends Omit<GoldenSpec, 'outputQuant'> {
  output: { shape: number[]; quant: QuantParams; dtype?: 'int16' }
  opData: OpData
  expected: number[]
  /** Exit only: whether the exit fires on these logits (ops/exit.ts exitConfident; the C kernel's return value). */
  decision?: boolean
  /** Stateful ops: the state after the call, by state name. */
  expectedState?: Record<string, number[]>
}

export interface GoldenFile {
  generator: string
  op: string
  cases: GoldenCase[]
}

export function toTensor(c: GoldenConstant): Tensor {
  const data = c.dtype === 'int32' ? Int32Array.from(c.data) : c.dtype === 'int16' ? Int16Array.from(c.data) : Int8Array.from(c.data)
  return { dtype: c.dtype, shape: c.shape, data, quant: c.quant, origin: 'imported', ...(c.encoding ? { encoding: c.encoding } : {}) }
}

/** Runs one spec through the op's prepare and evalInt8. */
export function runGoldenSpec(spec: GoldenSpec): GoldenCase {
  const def = getOp(spec.op)
  if (!def?.prepare || !def.evalInt8) throw new Error(`${spec.op} has no int8 facets`)
  const attrs = withDefaults(def.attrs, spec.attrs)
  const infos: TensorInfo[] = spec.inputs.map((t) => ({ shape: t.shape, dtype: t.dtype ?? 'int8', quant: t.quant }))
  const outputShape: Shape = spec.op === 'Input' ? def.inferShape(attrs, []) : def.inferShape(attrs, infos)
  const weights = Object.fromEntries(Object.entries(spec.weights ?? {}).map(([k, c]) => [k, toTensor(c)]))
  const output: TensorInfo = { shape: outputShape, dtype: spec.outputDType ?? 'int8', quant: spec.outputQuant }
  const intWeights = Object.fromEntries(Object.entries(weights).map(([k, t]) => [k, t.data as Int8Array | Int16Array | Int32Array]))
  let opData: OpData
  let out: Int8Array | Int16Array
  let expectedState: Record<string, number[]> | undefined
  if (spec.op === 'Input') {
    const inputData = input.prepare!({ scheme: spec.scheme, attrs: withDefaults(input.attrs, spec.attrs), inputs: [], output, weights,
      rounding: spec.rounding })
    ;[opData, out] = [inputData, preprocessRaw(inputData, spec.inputs[0].data)]
  } else {
    opData = def.prepare({ scheme: spec.scheme, attrs, inputs: infos, output, weights, stateQuant: spec.stateQuant, rounding: spec.rounding })
    const state = def.initState?.(opData)
    if (state && spec.state) for (const [k, v] of Object.entries(spec.state)) state[k].set(v)
    out = def.evalInt8(opData, spec.inputs.map((t) => (t.dtype === 'int16' ? Int16Array.from(t.data) : Int8Array.from(t.data))), intWeights, state)
    if (state) expectedState = Object.fromEntries(Object.entries(state).map(([k, v]) => [k, Array.from(v)]))
  }
  const { outputQuant, outputDType, ...rest } = spec
  const decision = spec.op === 'Exit' ? { decision: exitConfident(opData as ExitOpData, Int8Array.from(spec.inputs[0].data)) } : {}
  return { ...rest, attrs, output: { shape: [...outputShape], quant: outputQuant, ...(outputDType ? { dtype: outputDType } : {}) }, opData: JSON.parse(JSON.stringify(opData)),
    expected: Array.from(out), ...decision, ...(expectedState ? { expectedState } : {}) }
}

/** File stem per operator: the op's own file name under ops/. */
export const GOLDEN_FILE_STEMS: Readonly<Record<string, string>> = {
  Input: 'input', Conv2D: 'conv2d', DepthwiseConv2D: 'depthwise-conv2d', FullyConnected: 'fully-connected',
  MaxPool2D: 'max-pool2d', AvgPool2D: 'avg-pool2d', GlobalAveragePool: 'global-average-pool', Add: 'add',
  Concat: 'concat', Reshape: 'reshape', Flatten: 'flatten', ReLU: 'relu', ReLU6: 'relu6', Softmax: 'softmax', Pad: 'pad',
  Exit: 'exit',
  Mul: 'mul', Maximum: 'maximum', Minimum: 'minimum', Transpose: 'transpose', BatchMatMul: 'batch-matmul',
  TransposeConv2D: 'transpose-conv2d', SVDF: 'svdf', LSTM: 'lstm', Sigmoid: 'sigmoid', Tanh: 'tanh', Quantize: 'quantize',
}

/** The folder (under testing/golden/) of the single-rounding cases. */
export const SINGLE_ROUNDING_DIR = 'single-rounding'

/** Golden files by file name (the op's file stem + .json), cases in spec order. */
export function buildGoldenFiles(specs: readonly GoldenSpec[]): Map<string, GoldenFile> {
  const files = new Map<string, GoldenFile>()
  for (const spec of specs) {
    const name = `${GOLDEN_FILE_STEMS[spec.op] ?? spec.op.toLowerCase()}.json`
    const file = files.get(name) ?? { generator: GOLDEN_GENERATOR, op: spec.op, cases: [] }
    file.cases.push(runGoldenSpec(spec))
    files.set(name, file)
  }
  return files
}

/** JSON text of a golden file: one case per line block, number lists on one line. */
export function goldenJson(file: GoldenFile): string {
  const cases = file.cases.map((c) => `    ${JSON.stringify(c)}`).join(',\n')
  return `{\n  "generator": ${JSON.stringify(file.generator)},\n  "op": ${JSON.stringify(file.op)},\n  "cases": [\n${cases}\n  ]\n}\n`
}
