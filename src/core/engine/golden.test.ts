/**
 * Golden int8 cases (testing/golden/<op>.json): the files are current with their specs; every case re-runs through
 * prepare + evalInt8 from the JSON alone (as the C host tests will) with the stored OpData and bytes; and the s8
 * Conv2D / DepthwiseConv2D / FullyConnected / Add / pooling cases are re-derived by the plain BigInt reference in
 * golden/reference-kernels.ts. The single-rounding cases (golden/single-rounding/, CMSIS_NN_USE_SINGLE_ROUNDING) are
 * current too, re-run from their JSON, and differ from their double-rounding twins exactly where single rounding does.
 */
import { readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { GoldenCase, GoldenFile } from '../testing/golden/golden-cases.ts'
import { SINGLE_ROUNDING_DIR, buildGoldenFiles, goldenJson, runGoldenSpec } from '../testing/golden/golden-cases.ts'
import { GOLDEN_SPECS } from '../testing/golden/golden-specs.ts'
import { SINGLE_ROUNDING_SPECS } from '../testing/golden/specs-single-rounding.ts'
import { referenceAdd, referenceConv, referenceFullyConnected, referencePool } from '../testing/golden/reference-kernels.ts'
import type { RefTensor } from '../testing/golden/reference-extra-kernels.ts'
import { referenceLstm, referenceSvdf } from '../testing/golden/reference-recurrent.ts'
import {
  referenceBatchMatMul, referenceBatchMatMulS16, referenceMinMax, referenceMul, referenceTranspose, referenceTransposeConv,
} from '../testing/golden/reference-extra-kernels.ts'
import { OPS } from '../ops/registry.ts'
import {
  referenceActivationS16, referenceConvS16, referenceFullyConnectedS16, referenceRequantizeTensor, referenceSoftmaxS16,
} from '../testing/golden/reference-int16.ts'

const DIR = join(import.meta.dirname, '../testing/golden')
const FILES = readdirSync(DIR).filter((f) => f.endsWith('.json')).sort()
const loaded = new Map(FILES.map((f) => [f, JSON.parse(readFileSync(join(DIR, f), 'utf8')) as GoldenFile]))
const CASES: GoldenCase[] = [...loaded.values()].flatMap((f) => f.cases)
const SINGLE_DIR = join(DIR, SINGLE_ROUNDING_DIR)
const SINGLE_FILES = readdirSync(SINGLE_DIR).filter((f) => f.endsWith('.json')).sort()
const SINGLE_CASES: GoldenCase[] = SINGLE_FILES.flatMap((f) => (JSON.parse(readFileSync(join(SINGLE_DIR, f), 'utf8')) as GoldenFile).cases)

/** TFLite CalculateActivationRangeQuantized, restated: zp + round(0/s) and zp + round(6/s), within int8. */
function actRange(activation: unknown, scale: number, zp: number): [number, number] {
  const round = (x: number): number => Math.sign(x) * Math.round(Math.abs(x))
  if (activation === 'relu') return [Math.max(-128, zp), 127]
  if (activation === 'relu6') return [Math.max(-128, zp), Math.min(127, zp + round(Math.fround(6 / scale)))]
  return [-128, 127]
}

/** The int16 clamp (zero point 0): ReLU [0, 32767], ReLU6 [0, round(6/s)], else the int16 range. */
function actRangeS16(activation: unknown, scale: number): [number, number] {
  if (activation === 'relu') return [0, 32767]
  if (activation === 'relu6') return [0, Math.min(32767, Math.round(Math.fround(6 / scale)))]
  return [-32768, 32767]
}

const ref = (t: GoldenCase['inputs'][number]): RefTensor => ({ data: t.data, shape: t.shape, scale: t.quant.scale[0], zp: t.quant.zeroPoint[0] })

/** SVDF / LSTM cases: the reference's output and state after. */
function recurrentReference(c: GoldenCase): { output: number[]; state: Record<string, number[]> } | undefined {
  const a = c.attrs as Record<string, never>
  const x = c.inputs[0]
  const out = c.output.quant
  const w = c.weights!
  const scale = (k: string) => w[k].quant.scale[0]
  if (c.op === 'SVDF') {
    const r = referenceSvdf({ x: x.data, inScale: x.quant.scale[0], inZp: x.quant.zeroPoint[0], featureWeights: w.weightsFeature.data,
      featureScale: scale('weightsFeature'), timeWeights: w.weightsTime.data, timeScale: scale('weightsTime'), bias: w.bias?.data,
      state: c.state?.state ?? new Array<number>(w.weightsTime.data.length).fill(0), stateScale: c.stateQuant!.state.scale[0],
      units: a.units, rank: a.rank, memory: a.memory, outScale: out.scale[0], outZp: out.zeroPoint[0] })
    return { output: r.output, state: { state: r.state } }
  }
  if (c.op === 'LSTM') {
    const gates = ['Input', 'Forget', 'Cell', 'Output']
    const H = a.units as number
    const r = referenceLstm({ x: x.data, steps: x.shape[1], inputSize: x.shape[2], units: H, inScale: x.quant.scale[0],
      inZp: x.quant.zeroPoint[0], hScale: out.scale[0], hZp: out.zeroPoint[0], cellScale: c.stateQuant!.cell.scale[0],
      cellClip: a.cellClip, cellTanh: a.activation === 'tanh', stateful: a.stateful, returnSequences: a.returnSequences,
      w: gates.map((g) => w[`weights${g}`].data), r: gates.map((g) => w[`recurrent${g}`].data),
      wScale: gates.map((g) => scale(`weights${g}`)), rScale: gates.map((g) => scale(`recurrent${g}`)),
      bias: gates.map((g) => w[`bias${g}`]?.data), hidden: c.state?.hidden ?? new Array<number>(H).fill(out.zeroPoint[0]),
      cell: c.state?.cell ?? new Array<number>(H).fill(0), int16: x.dtype === 'int16' })
    return { output: r.output, state: { hidden: r.hidden, cell: r.cell } }
  }
  return undefined
}

function reference(c: GoldenCase): number[] | undefined {
  if (c.scheme !== 's8') return undefined
  const a = c.attrs as Record<string, number & string>
  const x = c.inputs[0]
  const out = c.output
  const [actMin, actMax] = actRange(a.activation, out.quant.scale[0], out.quant.zeroPoint[0])
  switch (c.op) {
    case 'Conv2D':
    case 'DepthwiseConv2D':
      if (out.dtype === 'int16') {
        const [lo, hi] = actRangeS16(a.activation, out.quant.scale[0])
        return referenceConvS16({
          depthwise: c.op === 'DepthwiseConv2D', input: x.data, inputShape: x.shape, inScale: x.quant.scale[0],
          weights: c.weights!.weights.data, weightScales: c.weights!.weights.quant.scale, bias: c.weights!.bias?.data,
          outShape: out.shape, outScale: out.quant.scale[0], kernel: [a.kernelH, a.kernelW], stride: [a.strideH, a.strideW],
          dilation: [a.dilationH, a.dilationW], padding: a.padding, depthMultiplier: a.depthMultiplier ?? 1, actMin: lo, actMax: hi,
        })
      }
      return referenceConv({
        depthwise: c.op === 'DepthwiseConv2D', input: x.data, inputShape: x.shape, inScale: x.quant.scale[0], inZp: x.quant.zeroPoint[0],
        weights: c.weights!.weights.data, weightScales: c.weights!.weights.quant.scale, bias: c.weights!.bias?.data,
        outShape: out.shape, outScale: out.quant.scale[0], outZp: out.quant.zeroPoint[0], kernel: [a.kernelH, a.kernelW],
        stride: [a.strideH, a.strideW], dilation: [a.dilationH, a.dilationW], padding: a.padding,
        depthMultiplier: a.depthMultiplier ?? 1, actMin, actMax,
      })
    case 'Softmax':
      // int16 (arm_softmax_s16): TFLite's reference SoftmaxInt16; the int8 softmax has no independent reference here.
      return out.dtype === 'int16' ? referenceSoftmaxS16(x.data, out.shape[out.shape.length - 1], x.quant.scale[0], a.beta) : undefined
    case 'Sigmoid':
    case 'Tanh':
      return referenceActivationS16(x.data, x.quant.scale[0], c.op === 'Tanh')
    case 'Quantize': {
      const [lo, hi] = out.dtype === 'int16' ? [-32768, 32767] : [-128, 127]
      return referenceRequantizeTensor(x.data, x.quant.scale[0], x.quant.zeroPoint[0], out.quant.scale[0], out.quant.zeroPoint[0], lo, hi)
    }
    case 'FullyConnected': {
      const ws = c.weights!.weights.quant.scale
      if (out.dtype === 'int16') {
        const relu = a.activation === 'relu'
        return referenceFullyConnectedS16(x.data, c.weights!.weights.data, c.weights!.bias?.data, a.units,
          Math.fround(x.quant.scale[0] * ws[0]) / out.quant.scale[0], relu ? 0 : -32768, 32767)
      }
      const reals = ws.length === 1
        ? [Math.fround(x.quant.scale[0] * ws[0]) / out.quant.scale[0]]
        : ws.map((s) => (x.quant.scale[0] * s) / out.quant.scale[0])
      return referenceFullyConnected(x.data, x.quant.zeroPoint[0], c.weights!.weights.data, c.weights!.bias?.data, a.units,
        reals, out.quant.zeroPoint[0], actMin, actMax)
    }
    case 'Add': {
      const y = c.inputs[1]
      // int16 (arm_elementwise_add_s16): TFLite's left shift 15 and the int16 clamp.
      const [lo, hi] = out.dtype === 'int16' ? actRangeS16(a.activation, out.quant.scale[0]) : [actMin, actMax]
      return referenceAdd(x.data, y.data, x.quant.scale[0], x.quant.zeroPoint[0], y.quant.scale[0], y.quant.zeroPoint[0],
        out.quant.scale[0], out.quant.zeroPoint[0], lo, hi, out.dtype === 'int16' ? 15 : 20)
    }
    case 'AvgPool2D':
    case 'MaxPool2D': {
      const [lo, hi] = out.dtype === 'int16' ? actRangeS16(a.activation, out.quant.scale[0]) : [actMin, actMax]
      return referencePool(x.data, x.shape, out.shape, [a.poolH, a.poolW], [a.strideH, a.strideW], a.padding,
        c.op === 'AvgPool2D', lo, hi)
    }
    case 'GlobalAveragePool':
      if (x.quant.scale[0] !== out.quant.scale[0] || x.quant.zeroPoint[0] !== out.quant.zeroPoint[0]) return undefined
      return referencePool(x.data, x.shape, out.shape, [x.shape[1], x.shape[2]], [1, 1], 'valid', true, -128, 127)
    case 'Mul': {
      // int16 (arm_elementwise_mul_s16 / tf_mul_s16): zero points 0, the int16 clamp.
      const [lo, hi] = out.dtype === 'int16' ? actRangeS16(a.activation, out.quant.scale[0]) : [actMin, actMax]
      return referenceMul(ref(x), ref(c.inputs[1]), out.shape, out.quant.scale[0], out.quant.zeroPoint[0], lo, hi)
    }
    case 'Maximum':
    case 'Minimum':
      return referenceMinMax(ref(x), ref(c.inputs[1]), out.shape, c.op === 'Maximum')
    case 'Transpose':
      return referenceTranspose(x.data, x.shape, c.attrs.perm as number[])
    case 'BatchMatMul':
      if (out.dtype === 'int16') return referenceBatchMatMulS16(ref(x), ref(c.inputs[1]), Boolean(c.attrs.transposeB), out.quant.scale[0])
      return referenceBatchMatMul(ref(x), ref(c.inputs[1]), Boolean(c.attrs.transposeB), out.quant.scale[0], out.quant.zeroPoint[0])
    case 'SVDF':
    case 'LSTM':
      return recurrentReference(c)!.output
    case 'TransposeConv2D':
      return referenceTransposeConv({ input: ref(x), weights: c.weights!.weights.data, weightScales: c.weights!.weights.quant.scale,
        bias: c.weights!.bias?.data, outShape: out.shape, outScale: out.quant.scale[0], outZp: out.quant.zeroPoint[0],
        kernel: [a.kernelH, a.kernelW], stride: [a.strideH, a.strideW], actMin, actMax })
    default:
      return undefined
  }
}

describe('golden int8 cases', () => {
  it('are current: scripts/gen-golden.ts would write exactly these files', () => {
    const built = buildGoldenFiles(GOLDEN_SPECS)
    expect([...built.keys()].sort()).toEqual(FILES)
    for (const [name, file] of built) expect(readFileSync(join(DIR, name), 'utf8')).toBe(goldenJson(file))
  })

  it('cover every operator in every scheme it has kernels for', () => {
    const ops = new Set(CASES.map((c) => c.op))
    expect([...ops].sort()).toEqual(OPS.map((o) => o.type).sort())
    for (const op of OPS) for (const scheme of op.schemes) expect(CASES.some((c) => c.op === op.type && c.scheme === scheme)).toBe(true)
  })

  it.each(CASES.map((c) => [c.name, c] as const))('%s: prepare + evalInt8 from the JSON give its OpData and bytes', (_name, c) => {
    const again = runGoldenSpec({ ...c, outputQuant: c.output.quant, ...(c.output.dtype ? { outputDType: c.output.dtype } : {}) })
    expect(again.opData).toEqual(c.opData)
    expect(again.expected).toEqual(c.expected)
    expect(again.expectedState).toEqual(c.expectedState)
    expect(c.expected.length).toBe(c.output.shape.reduce((p, d) => p * d, 1))
  })

  const referenced = CASES.filter((c) => reference(c) !== undefined)
  it('re-derive the s8 conv, depthwise, fully-connected, add, pooling and second-set cases independently', () => {
    expect(referenced.map((c) => c.op).sort()).toEqual(expect.arrayContaining(
      ['Add', 'AvgPool2D', 'BatchMatMul', 'Conv2D', 'DepthwiseConv2D', 'FullyConnected', 'GlobalAveragePool', 'MaxPool2D', 'Maximum',
        'LSTM', 'Minimum', 'Mul', 'Quantize', 'SVDF', 'Sigmoid', 'Softmax', 'Tanh', 'Transpose', 'TransposeConv2D']))
    expect(referenced.filter((c) => c.output.dtype === 'int16' || c.inputs[0].dtype === 'int16').length).toBe(32)
    expect(referenced.length).toBeGreaterThanOrEqual(15)
  })
  it.each(referenced.map((c) => [c.name, c] as const))('%s matches the BigInt reference', (_name, c) => {
    expect(reference(c)).toEqual(c.expected)
    const recurrent = recurrentReference(c)
    if (recurrent) expect(recurrent.state).toEqual(c.expectedState)
  })

  // pow2 cases checked by hand against the legacy C code (arm_fully_connected_q7, arm_avepool_q7_HWC, arm_softmax_q7).
  const byName = new Map(CASES.map((c) => [c.name, c]))
  it("softmax-s16-cmsis-unit-test equals CMSIS-NN v7.0.0's own reference output (TestData/softmax_s16/output_ref_data.h)", () => {
    expect(byName.get('softmax-s16-cmsis-unit-test')!.expected).toEqual([1986, 1133, 2055, 6611, 2230, 2227, 1383, 4912, 5490, 4742,
      1200, 1723, 4657, 5818, 5756, 3542, 2525, 1186, 5047, 1313, 1856, 1133, 1140, 4590, 1320, 3051, 5570, 1108, 6787, 6214])
  })
  it('fully-connected-pow2 by hand: (bias << 3) + 32 + Σ x·w, >> 6, ssat8', () => {
    // row 0: Σ = 127·(127 − 128 + 64 − 64 + 3 − 3) = −127; −127 + 12·8 + 32 = 1 → 0
    // row 1: 1270 + 2560 + 1920 + 2560 + 150 + 180 = 8640; 8640 − 800 + 32 = 7872 → 123
    // row 2: −127·127 − 3·127 = −16510; −16510 + 32 = −16478 → −258 → −128
    expect(byName.get('fully-connected-pow2')!.expected).toEqual([0, 123, -128])
  })
  it('avgpool-pow2 by hand: rows then columns, each truncating toward zero', () => {
    // row averages (cols 0–2 / 2–3): r0 −4/3→−1, 4/2→2; r1 2/3→0, 17/2→8; r2 −6/3→−2, −4/2→−2; r3 −3/3→−1, −102/2→−51
    // columns (rows 0–2 / 2–3): −3/3→−1, 8/3→2; −3/2→−1, −53/2→−26
    expect(byName.get('avgpool-pow2-rows-then-columns')!.expected).toEqual([-1, 2, -1, -26])
  })
  it('softmax-pow2 by hand: base = max − 8, sum of 2^clamp(x − base, 0, 7), (2^20 / sum) >> clamp(13 + base − x, 0, 31)', () => {
    // row 1: base 2; exponents 7, 7, 6, 3, 0, 0 → sum 330 → 2^20/330 = 3177; shifts 5, 6, 7, 10, 13, 31 → 99, 49, 24, 3, 0, 0
    // row 2: all 0 → base −8; sum 6·128 = 768 → 1365; shift 5 → 42
    expect(byName.get('softmax-pow2')!.expected).toEqual([99, 49, 24, 3, 0, 0, 42, 42, 42, 42, 42, 42])
  })
})

describe('golden int8 cases, single rounding (CMSIS_NN_USE_SINGLE_ROUNDING)', () => {
  it('are current: scripts/gen-golden.ts would write exactly these files', () => {
    const built = buildGoldenFiles(SINGLE_ROUNDING_SPECS)
    expect([...built.keys()].sort()).toEqual(SINGLE_FILES)
    for (const [name, file] of built) expect(readFileSync(join(SINGLE_DIR, name), 'utf8')).toBe(goldenJson(file))
  })

  it('cover every s8 case of every operator that requantizes, and only those', () => {
    expect(SINGLE_CASES.length).toBe(69)
    expect([...new Set(SINGLE_CASES.map((c) => c.op))].sort()).toEqual(['Add', 'BatchMatMul', 'Conv2D', 'DepthwiseConv2D', 'FullyConnected',
      'GlobalAveragePool', 'Input', 'LSTM', 'Mul', 'Quantize', 'ReLU', 'ReLU6', 'SVDF', 'Softmax', 'TransposeConv2D'])
    for (const c of SINGLE_CASES) expect([c.rounding, c.scheme, (c.opData as { rounding?: string }).rounding]).toEqual(['single', 's8', 'single'])
  })

  it.each(SINGLE_CASES.map((c) => [c.name, c] as const))('%s: prepare + evalInt8 from the JSON give its OpData and bytes', (_name, c) => {
    const again = runGoldenSpec({ ...c, outputQuant: c.output.quant, ...(c.output.dtype ? { outputDType: c.output.dtype } : {}) })
    expect(again.opData).toEqual(c.opData)
    expect(again.expected).toEqual(c.expected)
    expect(again.expectedState).toEqual(c.expectedState)
  })

  it('the worked example: acc ±7984, M = 1583594044, shift −9 → ±12 double, ±11 single', () => {
    const double = CASES.find((c) => c.name === 'fully-connected-s8-worked-example')!
    const single = SINGLE_CASES.find((c) => c.name === 'fully-connected-s8-worked-example-single')!
    expect(double.opData).toMatchObject({ multipliers: [1583594044, 1583594044], shifts: [-9, -9] })
    expect([double.expected, single.expected]).toEqual([[12, -12], [11, -11]])
  })

  it('differ from their double-rounding twins in 16 of 69 cases, 29 of 2,446 values (the int16 Add, Mul and LSTM cases agree; int16 Softmax 2 of 3, 5 values), each by one', () => {
    const twin = new Map(CASES.map((c) => [c.name, c]))
    const differing: string[] = []
    let bytes = 0
    let total = 0
    for (const c of SINGLE_CASES) {
      const d = twin.get(c.name.replace(/-single$/, ''))!
      expect(c.opData).toEqual({ ...d.opData, rounding: 'single' })
      total += c.expected.length
      const n = c.expected.filter((v, i) => v !== d.expected[i]).length
      for (let i = 0; i < c.expected.length; i++) expect(Math.abs(c.expected[i] - d.expected[i])).toBeLessThanOrEqual(1)
      if (n > 0) differing.push(c.name)
      bytes += n
    }
    expect([differing.length, bytes, total]).toEqual([16, 29, 2446])
    expect(differing).toContain('conv2d-s8-rounding-ties-single')
  })
})
