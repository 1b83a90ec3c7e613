/**
 * The PyTorch twins, run by Debian's python3-torch on the exported package: every golden int8 case of every operator
 * and both schemes (testing/golden/*.json) — `prepare` gives the stored OpData key for key, `forward_int` the stored
 * bytes (SVDF, LSTM: from the case's state, leaving its expected state), also inside a batch —, the single-rounding cases (testing/golden/single-rounding/) with rounding 'single', the fixed-point twin on the shared rounding cases of both modes, the JPEG decoder,
 * and the embedded copy of the Python sources is current.
 */
import { readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { removeTempDirs } from '../../testing/c-toolchain.ts'
import { buildTemplate } from '../../testing/pytorch/templates.ts'
import { OP_TYPES } from '../../ops/registry.ts'
import { TWIN_GAPS } from '../../ops/twin-gaps.ts'
import type { GoldenCase } from '../../testing/golden/golden-cases.ts'
import { pythonModuleText } from './embed-python.ts'
import { PYTORCH_FILES } from './python-files.generated.ts'
import { packagePath, pythonPackageFiles } from './python-package.ts'
import { INT16_TWINS } from './graph-json.ts'
import { CORE_DIR, readPythonSources } from '../../testing/pytorch/read-python.ts'
import { python, writePytorchProject } from '../../testing/pytorch/python-project.ts'

afterAll(removeTempDirs)

describe('embedded Python sources', () => {
  it('are embedded as they are on disk (python-files.generated.ts is current; run scripts/gen-pytorch-twins.ts)', () => {
    const onDisk = readPythonSources()
    const stale = Object.keys(onDisk).filter((p) => PYTORCH_FILES[p] !== onDisk[p])
    const gone = Object.keys(PYTORCH_FILES).filter((p) => !(p in onDisk))
    expect({ stale, gone }).toEqual({ stale: [], gone: [] })
    expect(readFileSync(join(CORE_DIR, 'formats/pytorch/python-files.generated.ts'), 'utf8') === pythonModuleText(onDisk)).toBe(true)
  })

  it('give one twin module per operator file, beside the op, in the package', () => {
    const ops = Object.keys(readPythonSources()).filter((p) => p.startsWith('ops/'))
    // Every operator but the named exceptions (ops/twin-gaps.ts).
    expect(ops.length).toBe(OP_TYPES.length - Object.keys(TWIN_GAPS).length)
    expect(ops.length).toBe(27)
    // The twins with an int16 integer forward are exactly the ops the export lets train at int16.
    const sources = readPythonSources()
    const int16 = ops.filter((p) => /\nINT16 = True\n/.test(sources[p])).map((p) => /\nTYPE = '(\w+)'/.exec(sources[p])![1]).sort()
    expect(int16).toEqual([...INT16_TWINS].sort())
    expect(packagePath('ops/depthwise-conv2d.torch.py')).toBe('tinyforge_twins/ops/depthwise_conv2d.py')
    const files = pythonPackageFiles()
    for (const p of ['train.py', 'predict.py', 'model.py', 'tinyforge_twins/__init__.py', 'tinyforge_twins/ops/__init__.py']) {
      expect(files.has(p)).toBe(true)
    }
  })
})

describe('PyTorch twins (python3-torch)', () => {
  const dir = writePytorchProject(buildTemplate('digits-cnn'), 'twins')

  it('reproduce every golden int8 case of every operator and both schemes: OpData and bytes (twin-gaps.ts ops skipped, by name)', () => {
    const r = python(dir, ['check_golden.py', join(CORE_DIR, 'testing/golden')])
    expect(r.output).not.toContain('FAIL')
    expect(r.code).toBe(0)
    // One 'ok' line per (operator, scheme) with exactly the number of golden cases stored for it.
    const goldenDir = join(CORE_DIR, 'testing/golden')
    const cases = readdirSync(goldenDir).filter((f) => f.endsWith('.json'))
      .flatMap((f) => (JSON.parse(readFileSync(join(goldenDir, f), 'utf8')) as { cases: GoldenCase[] }).cases)
    const expected = new Map<string, number>()
    // int16 (16x8) cases are counted under their own key.
    const keyOf = (c: GoldenCase) => `${c.op} ${c.scheme}${c.output.dtype === 'int16' || c.inputs.some((t) => t.dtype === 'int16') ? ' int16' : ''}`
    for (const c of cases) expected.set(keyOf(c), (expected.get(keyOf(c)) ?? 0) + 1)
    const lines = r.stdout.trim().split('\n').sort()
    const gap = (key: string) => key.split(' ')[0] in TWIN_GAPS
    const noInt16 = (key: string) => key.endsWith(' int16') && !INT16_TWINS.has(key.split(' ')[0])
    expect(lines).toEqual([...expected].map(([k, n]) => (gap(k) ? `skip ${k}: ${n} cases (no twin)`
      : noInt16(k) ? `skip ${k}: ${n} cases (no int16 twin)` : `ok ${k}: ${n} cases`)).sort())
    expect(lines.filter((l) => l.startsWith('skip')).sort()).toEqual([])
    for (const k of ['FullyConnected s8 int16: 2', 'Sigmoid s8 int16: 3', 'Tanh s8 int16: 3', 'Quantize s8 int16: 3', 'Quantize s8: 1', 'LSTM s8: 5', 'SVDF s8: 2',
      'Conv2D s8 int16: 3', 'DepthwiseConv2D s8 int16: 3', 'Add s8 int16: 2', 'MaxPool2D s8 int16: 1', 'AvgPool2D s8 int16: 2',
      'Softmax s8 int16: 3', 'Mul s8 int16: 2', 'BatchMatMul s8 int16: 2', 'LSTM s8 int16: 3']) {
      expect(lines).toContain(`ok ${k} cases`)
    }
    expect(expected.get('Conv2D s8')).toBeGreaterThanOrEqual(5)
  }, 120_000)

  it('reproduce every single-rounding golden case (rounding \'single\', as graph.json gives it), OpData and bytes', () => {
    const r = python(dir, ['check_golden.py', join(CORE_DIR, 'testing/golden/single-rounding')])
    expect(r.output).not.toContain('FAIL')
    expect(r.code).toBe(0)
    expect(r.stdout.trim().split('\n').sort()).toEqual(['ok Add s8 int16: 2 cases', 'ok Add s8: 3 cases', 'ok BatchMatMul s8: 2 cases', 'ok Conv2D s8: 14 cases',
      'ok DepthwiseConv2D s8: 9 cases', 'ok FullyConnected s8: 6 cases', 'ok GlobalAveragePool s8: 1 cases', 'ok Input s8: 2 cases',
      'ok LSTM s8 int16: 3 cases', 'ok LSTM s8: 5 cases', 'ok Mul s8 int16: 2 cases', 'ok Mul s8: 3 cases', 'ok Quantize s8 int16: 3 cases', 'ok Quantize s8: 1 cases', 'ok ReLU s8: 1 cases',
      'ok ReLU6 s8: 2 cases', 'ok SVDF s8: 2 cases', 'ok Softmax s8 int16: 3 cases', 'ok TransposeConv2D s8: 5 cases'])
  }, 120_000)

  it('fixed point: both rounding modes on the golden cases (7984·1583594044·2^-40 → 12 double, 11 single), tensors = ints', () => {
    const r = python(dir, ['check_fixed_point.py', join(CORE_DIR, 'quant/requantize-rounding.golden.json')])
    expect(r.stdout).toContain('ok golden: 212 requantize cases x 2 modes, 55 multipliers')
    expect(r.stdout).toContain('ok tensors:')
    expect(r.code).toBe(0)
  }, 120_000)

  it('JPEG decoder (no Pillow): baseline and progressive, grey, 4:4:4 and 4:2:0, restart intervals; refusals', () => {
    const r = python(dir, ['check_jpeg.py'])
    expect(r.output).not.toContain('FAIL')
    expect(r.stdout.trim().split('\n')).toEqual([
      'ok grey-baseline: max 2, mean 0.29', 'ok rgb-444-baseline: max 2, mean 0.42', 'ok rgb-420-restart: max 4, mean 0.39',
      'ok rgb-420-progressive: max 4, mean 0.39', 'ok grey-progressive-restart: max 2, mean 0.29',
      'ok refusals: cut.jpg is truncated (image data ends early)'])
    expect(r.code).toBe(0)
  }, 120_000)
})
