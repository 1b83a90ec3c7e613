/**
 * train.py with early exits (python3-torch, CPU, a small Fashion-MNIST subset): the exits train jointly with the main
 * path (weighted loss, the Exit's lossWeight or --exit-weights), each exit's int8 accuracy is logged and recorded, the
 * weights import back; bad --exit-weights give one line. The Python twin's exit decision equals the golden cases'.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { importWeights } from '../../pipelines/import-weights.ts'
import { templateById } from '../../templates/index.ts'
import { removeTempDirs } from '../../testing/c-toolchain.ts'
import { fashionNpy } from '../../testing/pytorch/fashion.ts'
import { python, writePytorchProject } from '../../testing/pytorch/python-project.ts'

afterAll(removeTempDirs)

const doc = templateById('early-exit-cnn')!.build()
const dir = writePytorchProject(doc, 'exits-train')
const { x, y } = fashionNpy(dir, 'train', 0, 1200)
const BASE = ['train.py', '--data', x, '--labels', y, '--epochs', '1', '--qat-epochs', '1', '--progress-every', '0']

describe('train.py with early exits', () => {
  it('trains the exits jointly, records their int8 accuracy, and the weights import', () => {
    const r = python(dir, [...BASE, '--out', 'exits.npz', '--exit-weights', '0.3,0.6'], 300_000, { SOURCE_DATE_EPOCH: '1764806400' })
    expect(r.stderr).toBe('')
    expect(r.stdout).toContain('early exits trained jointly: main path + exit1 (weight 0.3), exit2 (weight 0.6)\n')
    expect(r.stdout).toMatch(/exit exit1: int8 accuracy when it decides every sample: \d+\.\d\d%\nexit exit2: int8 accuracy/)
    const imported = importWeights(doc, new Uint8Array(readFileSync(join(dir, 'exits.npz'))), 'exits.npz')
    const exits = imported.run!.exits!
    expect(exits.map((e) => [e.name, e.lossWeight])).toEqual([['exit1', 0.3], ['exit2', 0.6]])
    for (const e of exits) expect(e.int8Accuracy).toBeGreaterThanOrEqual(0) // a fraction of the 120 validation samples
    for (const e of exits) expect(Math.round(e.int8Accuracy * 120)).toBeCloseTo(e.int8Accuracy * 120, 6)
  }, 300_000)

  it('refuses --exit-weights of the wrong length or sign with one line', () => {
    const r = python(dir, [...BASE, '--exit-weights', '0.5'], 60_000)
    expect(r.stderr).toBe('train.py: error: --exit-weights needs 2 values (one per exit: exit1, exit2), got 1\n')
    expect(r.code).toBe(1)
    const n = python(dir, [...BASE, '--exit-weights', '0.5,-1'], 60_000)
    expect(n.stderr).toBe('train.py: error: --exit-weights must be >= 0\n')
  }, 120_000)

  it('decides as the golden cases: the Python twin of the exit rules', () => {
    const golden = join(import.meta.dirname, '../../testing/golden/exit.json')
    const script = [
      'import json, torch', 'from tinyforge_twins.ops import exit as ex', `cases = json.load(open(${JSON.stringify(golden)}))['cases']`,
      'print(json.dumps([bool(ex.confident(c["opData"], torch.tensor([c["inputs"][0]["data"]], dtype=torch.int64))[0]) for c in cases]))',
    ].join('\n')
    const r = python(dir, ['-c', script], 60_000)
    const cases = (JSON.parse(readFileSync(golden, 'utf8')) as { cases: { decision: boolean }[] }).cases
    expect(JSON.parse(r.stdout)).toEqual(cases.map((c) => c.decision))
  }, 60_000)
})
