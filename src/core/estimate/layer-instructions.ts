/**
 * Per-layer instruction model of the C package's kernels (method and error: docs/cost-model.md, "Instructions per
 * layer"): for a kernel build (runtime × code path) and a layer key (the op, and the rule for an Exit), the
 * instructions of one call are a non-negative combination of shape features that follow the kernels' loops —
 *   instructions = Σ_f coefficient_f · feature_f(layer shape)
 * — fitted by scripts/fit-layer-instructions.ts to QEMU per-layer instruction counts over a designed set of layer
 * shapes (layer-instructions.fitted.json). Features (all per call):
 *   one          1 (call set-up)                         outputs    output elements (one requantization each)
 *   inputs       first input's elements                  macs       the op's MACs
 *   pixels       output H·W (1 for rank ≠ 4)             rows       outputs / last dimension (softmax rows)
 *   taps         pixels · KH·KW                          validTaps  Σ over output pixels of the window cells inside the input
 *   validRows    Σ over output pixels of the window rows inside the input
 *   colElems     pixels · KH·KW·Cin: im2col column values written (padding included)
 *   colScalar    of those, the values the DSP im2col writes one by one (runs not aligned to 4), colRuns: its runs
 *   dotCalls     ⌈pixels/2⌉·⌈Cout/2⌉ (2 pixels × 2 filters per DSP dot call)
 *   tailMacs     conv: pixels·Cout·(K mod 4), K = KH·KW·Cin; FC: units·(inputs mod 4): the scalar tail of the dot products
 *   rowTailMacs  FC: (units mod 4)·inputs: rows outside the 4-row blocks
 *   validMacs4   validTaps · 4⌊C/4⌋ (windowed ops; global pool: H·W · 4⌊C/4⌋): the 4-channel SIMD passes; tailValid: × (C mod 4)
 *   groups       depthwise: pixels·⌊C/4⌋               validReads pools: validTaps · C
 * The model distributes cost within one network (the shares of exit-costs.ts); a network's latency stays the
 * board-fitted cost model's (cost-model.ts).
 */
import type { Attrs, Shape } from '../ir/types.ts'
import { shapeSize } from '../ir/types.ts'
import { windowOutput, windowPadBefore } from '../ops/op-def.ts'
import type { QuantScheme } from '../quant/scheme.ts'
import { CORES, kernelIsaOf } from '../targets/cores.ts'
import type { CoreId } from '../targets/types.ts'
import fitted from './layer-instructions.fitted.json' with { type: 'json' }

export const INSTRUCTION_FEATURES = ['one', 'outputs', 'inputs', 'macs', 'pixels', 'rows', 'taps', 'validTaps', 'validRows', 'colElems',
  'colScalar', 'colRuns', 'dotCalls', 'tailMacs', 'rowTailMacs', 'validMacs4', 'tailValid', 'groups', 'validReads'] as const
export type InstructionFeature = (typeof INSTRUCTION_FEATURES)[number]
export type FeatureVector = Partial<Record<InstructionFeature, number>>

/** The features each layer key is fitted on (the others are 0 for it or collinear). */
export const KEY_FEATURES: Record<string, readonly InstructionFeature[]> = {
  Conv2D: ['one', 'pixels', 'outputs', 'macs', 'colElems', 'colScalar', 'colRuns', 'dotCalls', 'tailMacs', 'validTaps'],
  'Conv2D:1x1': ['one', 'pixels', 'outputs', 'macs', 'colElems', 'colScalar', 'dotCalls', 'tailMacs'],
  DepthwiseConv2D: ['one', 'pixels', 'outputs', 'validTaps', 'validRows', 'validMacs4', 'tailValid', 'groups', 'macs'],
  MaxPool2D: ['one', 'pixels', 'outputs', 'validReads', 'validTaps', 'validRows', 'validMacs4', 'tailValid'],
  AvgPool2D: ['one', 'pixels', 'outputs', 'validReads', 'validTaps', 'validRows', 'validMacs4', 'tailValid'],
  GlobalAveragePool: ['one', 'outputs', 'inputs', 'validMacs4', 'tailValid'],
  FullyConnected: ['one', 'outputs', 'inputs', 'macs', 'tailMacs', 'rowTailMacs'],
  Add: ['one', 'outputs'],
  Softmax: ['one', 'outputs', 'rows'],
  'Exit:margin': ['one', 'outputs'],
  'Exit:softmax': ['one', 'outputs'],
}

export interface LayerShape {
  op: string
  attrs: Attrs
  inputs: readonly Shape[]
  output: Shape
  macs: number
}

/** The model's key of a layer (null: no kernel the model covers). */
export function instructionKey(op: string, attrs: Attrs): string | null {
  const key = op === 'Exit' ? `Exit:${attrs.rule === 'margin' ? 'margin' : 'softmax'}`
    : op === 'Conv2D' && attrs.kernelH === 1 && attrs.kernelW === 1 ? 'Conv2D:1x1' : op
  return key in KEY_FEATURES ? key : null
}

const num = (v: unknown, d: number) => (typeof v === 'number' ? v : d)

/** Window geometry along one axis: per output position, the first and last+1 valid kernel taps. */
function validTaps(input: number, kernel: number, stride: number, dilation: number, padding: string, out: number): [number, number][] {
  const pad = windowPadBefore(input, kernel, stride, dilation, padding)
  const taps: [number, number][] = []
  for (let o = 0; o < out; o++) {
    const i0 = o * stride - pad
    let k0 = 0
    while (k0 < kernel && i0 + k0 * dilation < 0) k0++
    let k1 = kernel
    while (k1 > k0 && i0 + (k1 - 1) * dilation >= input) k1--
    taps.push([k0, k1])
  }
  return taps
}

/** Values the DSP im2col's tf_dsp_put_run writes one by one for a run of n values starting at column index k, and 1 run. */
function runScalar(k: number, n: number): number {
  const head = Math.min(n, (4 - (k & 3)) & 3)
  return head + ((n - head) & 3)
}

/** The features of one layer (null: the model does not cover its op). */
export function instructionFeatures(l: LayerShape): { key: string; x: FeatureVector } | null {
  const key = instructionKey(l.op, l.attrs)
  if (!key) return null
  const outputs = shapeSize(l.output)
  const inputs = l.inputs[0] ? shapeSize(l.inputs[0]) : 0
  const x: FeatureVector = { one: 1, outputs, inputs, macs: l.macs }
  const last = l.output[l.output.length - 1] ?? 1
  x.rows = outputs / Math.max(1, last)
  const windowed = l.op === 'Conv2D' || l.op === 'DepthwiseConv2D' || l.op === 'MaxPool2D' || l.op === 'AvgPool2D'
  if (l.output.length === 4) x.pixels = l.output[1] * l.output[2]
  else x.pixels = 1
  if (l.op === 'FullyConnected') {
    x.tailMacs = outputs * (lastDim(l.inputs[0]) & 3)
    x.rowTailMacs = (lastDim(l.output) & 3) * lastDim(l.inputs[0])
  }
  if (l.op === 'GlobalAveragePool' && l.inputs[0]?.length === 4) {
    const [, h, w, c] = l.inputs[0]
    x.validMacs4 = h * w * 4 * Math.floor(c / 4)
    x.tailValid = h * w * (c & 3)
  }
  if (!windowed || l.inputs[0]?.length !== 4) return { key, x }
  const [, h, w, c] = l.inputs[0]
  const pool = l.op === 'MaxPool2D' || l.op === 'AvgPool2D'
  const kh = pool ? num(l.attrs.poolH, 2) : num(l.attrs.kernelH, 1)
  const kw = pool ? num(l.attrs.poolW, 2) : num(l.attrs.kernelW, 1)
  const sh = num(l.attrs.strideH, pool ? 2 : 1)
  const sw = num(l.attrs.strideW, pool ? 2 : 1)
  const dh = pool ? 1 : num(l.attrs.dilationH, 1)
  const dw = pool ? 1 : num(l.attrs.dilationW, 1)
  const padding = String(l.attrs.padding ?? 'valid')
  const oh = windowOutput(h, kh, sh, dh, padding)
  const ow = windowOutput(w, kw, sw, dw, padding)
  const ys = validTaps(h, kh, sh, dh, padding, oh)
  const xs = validTaps(w, kw, sw, dw, padding, ow)
  const sumY = ys.reduce((s, [a, b]) => s + (b - a), 0)
  const sumX = xs.reduce((s, [a, b]) => s + (b - a), 0)
  const pixels = oh * ow
  x.pixels = pixels
  x.taps = pixels * kh * kw
  x.validTaps = sumY * sumX
  x.validRows = sumY * ow
  x.validMacs4 = x.validTaps * 4 * Math.floor(c / 4)
  x.tailValid = x.validTaps * (c & 3)
  if (pool) { x.validReads = x.validTaps * c; return { key, x } }
  if (l.op === 'DepthwiseConv2D') {
    x.groups = pixels * Math.floor(c / 4)
    return { key, x }
  }
  const cout = l.output[3]
  const k = kh * kw * c
  x.colElems = pixels * k
  x.dotCalls = Math.ceil(pixels / 2) * Math.ceil(cout / 2)
  x.tailMacs = pixels * cout * (k & 3)
  // The DSP im2col (tf_dsp_im2col_pixel, dilation 1): per window row, a padding run before the valid taps, the valid
  // run, a padding run after; a row outside the input is one padding run.
  let scalar = 0
  let runs = 0
  const row = kw * c
  for (const [y0, y1] of ys) {
    for (const [x0, x1] of xs) {
      for (let ky = 0; ky < kh; ky++) {
        const at = ky * row
        if (ky < y0 || ky >= y1 || x0 >= x1) { scalar += runScalar(at, row); runs++; continue }
        if (x0 > 0) { scalar += runScalar(at, x0 * c); runs++ }
        scalar += runScalar(at + x0 * c, (x1 - x0) * c); runs++
        if (x1 < kw) { scalar += runScalar(at + x1 * c, (kw - x1) * c); runs++ }
      }
    }
  }
  x.colScalar = scalar
  x.colRuns = runs
  return { key, x }
}

function lastDim(s: Shape | undefined): number {
  return s && s.length > 0 ? s[s.length - 1] : 0
}

/** A kernel build the model is fitted for: the runtime and the core's code path ('dsp': Cortex-M4 class, 'c': plain C). */
export type InstructionBuild = `${'portable' | 'cmsis-nn'}/${'s8' | 'pow2'}/${'dsp' | 'c'}`

export interface KeyModel {
  features: InstructionFeature[]
  coefficients: number[]
}

interface FittedBuild { cpu: string; keys: Record<string, KeyModel & { rows: number; medianErrorPct: number; maxErrorPct: number }> }
const BUILDS = fitted.builds as unknown as Partial<Record<InstructionBuild, FittedBuild>>

export const INSTRUCTION_MODEL_PROVENANCE = { generator: fitted.generator, toolchain: fitted.toolchain, qemu: fitted.qemu }

/** Predicted instructions of one call, or null when the build or the key has no fitted model. */
export function predictInstructions(build: InstructionBuild, l: LayerShape): number | null {
  const f = instructionFeatures(l)
  if (!f) return null
  const m = BUILDS[build]?.keys[f.key]
  if (!m) return null
  return predictWith(m, f.x)
}

export function predictWith(m: KeyModel, x: FeatureVector): number {
  let s = 0
  m.features.forEach((name, i) => { s += m.coefficients[i] * (x[name] ?? 0) })
  return s
}

export function hasInstructionModel(build: InstructionBuild): boolean {
  return BUILDS[build] !== undefined
}

/**
 * The fitted build whose kernels a target runs, or null: the portable runtime takes its core's code path (Cortex-M4/M7/
 * M33 and the Helium stand-ins: 'dsp'; M0+, M3, ESP32-S3, RISC-V: 'c', fitted on the Cortex-M3); CMSIS-NN its core's
 * ISA path ('dsp' or 'c'; the Helium 'mve' kernels are not modelled). pow2 builds are not fitted.
 */
export function instructionBuildOf(scheme: QuantScheme, runtime: 'portable' | 'cmsis-nn', core: CoreId): InstructionBuild | null {
  const path = runtime === 'portable' ? CORES[core].portable.path : kernelIsaOf(core)
  if (path === 'mve') return null
  const build: InstructionBuild = `${runtime}/${scheme}/${path}`
  return hasInstructionModel(build) ? build : null
}

/** A node's LayerShape from its analysis (null: no output shape). */
export function layerShapeOf(op: string, na: { attrs: Attrs; inputs: readonly { shape: Shape }[]; output?: { shape: Shape }; macs: number } | undefined): LayerShape | null {
  if (!na?.output) return null
  return { op, attrs: na.attrs, inputs: na.inputs.map((t) => t.shape), output: na.output.shape, macs: na.macs }
}
