/**
 * `tinyforge extract --accuracies` records each measured variant's int8 accuracy under its key, and `tinyforge
 * explore` / `fit --accuracies` rank by it: a supernet file written here (seeded weights, no training), the tiny
 * family, 64 Fashion-MNIST t10k images as calibration and test data.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { parseIdx } from '../../core/data/idx-files.ts'
import type { NpyArray } from '../../core/formats/pytorch/npz.ts'
import { encodeNpz } from '../../core/formats/pytorch/npz.ts'
import { mulberry32 } from '../../core/ir/seeded-init.ts'
import { parseFamily } from '../../core/pipelines/explore/family-file.ts'
import { SUPERNET_FORMAT, familyFingerprint, supernetSpec } from '../../core/pipelines/explore/supernet.ts'
import { FASHION } from '../../core/testing/pytorch/fashion.ts'
import { TINY_FAMILY, idxBytes } from '../../core/testing/tiny-family.ts'
import { runCli } from '../run-for-test.ts'

const dir = mkdtempSync(join(tmpdir(), 'tinyforge-extract-acc-'))
const familyFile = join(dir, 'tiny.family.json')
writeFileSync(familyFile, JSON.stringify(TINY_FAMILY))
const family = parseFamily(readFileSync(familyFile, 'utf8'))
const N = 64
const t10k = parseIdx(new Uint8Array(readFileSync(FASHION.testImages)), 't10k')
const labels = parseIdx(new Uint8Array(readFileSync(FASHION.testLabels)), 't10k-labels')
const images = join(dir, 'test-images-idx3-ubyte')
const labelFile = join(dir, 'test-labels-idx1-ubyte')
writeFileSync(images, idxBytes([N, 28, 28], t10k.data.subarray(0, N * 784)))
writeFileSync(labelFile, idxBytes([N], labels.data.subarray(0, N)))

function supernetFile(): string {
  const random = mulberry32(7)
  const entries: [string, NpyArray][] = []
  for (const [node, p] of Object.entries(supernetSpec(family).params)) {
    for (const [name, shape] of Object.entries(p.weights)) {
      const n = shape.reduce((a, b) => a * b, 1)
      entries.push([`super/${node}/${name}`, { dtype: 'float32', shape: [...shape], data: Float32Array.from({ length: n }, () => random() - 0.5) }])
    }
  }
  const meta = new TextEncoder().encode(JSON.stringify({ format: SUPERNET_FORMAT, version: 1, family: { id: family.id, fingerprint: familyFingerprint(family) }, scheme: 's8', training: null }))
  entries.push(['metadata', { dtype: 'uint8', shape: [meta.length], data: meta }])
  const file = join(dir, 'super.npz')
  writeFileSync(file, encodeNpz(entries))
  return file
}

describe('tinyforge extract --accuracies → explore / fit --accuracies', () => {
  const supernet = supernetFile()
  const acc = join(dir, 'tiny.accuracies.json')
  const extract = (variant: string) => runCli('extract', familyFile, '--supernet', supernet, '--variant', variant, '--data', images,
    '--calib-samples', '16', '--test-data', images, '--test-labels', labelFile, '--accuracies', acc, '--engine', 'ts', '-o', join(dir, 'v.tinyforge.json'))

  it('records each measured variant under its key, and the explorer ranks by the measured accuracy', async () => {
    const printed: Record<string, number> = {}
    for (const [variant, key] of [['res=14,width=4,k=3', '14,4,3'], ['res=10,width=1,k=1', '10,1,1'], ['res=14,width=2,k=1', '14,2,1']]) {
      const r = await extract(variant)
      expect(r.stderr).toBe('')
      expect(r.code).toBe(0)
      const m = /int8 accuracy \(ts int8 engine\) on test-images-idx3-ubyte: ([\d.]+)% \((\d+)\/64\)/.exec(r.stdout)!
      expect(m).not.toBeNull()
      expect(r.stdout).toContain(`recorded ${key} in ${acc}`)
      printed[key] = Number(m[2]) / 64
    }
    const file = JSON.parse(readFileSync(acc, 'utf8'))
    expect(file).toMatchObject({ format: 'tinyforge-accuracies', version: 1, family: { id: 'tiny-cnn', fingerprint: familyFingerprint(family) } })
    expect(Object.keys(file.variants)).toEqual(['10,1,1', '14,2,1', '14,4,3'])
    for (const [key, a] of Object.entries(printed)) {
      expect(file.variants[key]).toEqual({ int8Accuracy: a, correct: Math.round(a * 64), samples: 64, evaluatedOn: 'test-images-idx3-ubyte', engine: 'ts', weights: 'super.npz' })
    }

    const ex = await runCli('explore', familyFile, '--targets', 'nucleo-f446re', '--accuracies', acc, '--json')
    expect(ex.code).toBe(0)
    const r = JSON.parse(ex.stdout)
    expect(r).toMatchObject({ score: 'accuracy', measured: 3, evaluated: 12 })
    const front = r.targets[0].fronts.latencyMs as { values: Record<string, number>; accuracy: number }[]
    expect(front.length).toBeGreaterThan(0)
    for (const p of front) expect(p.accuracy).toBe(printed[`${p.values.res},${p.values.width},${p.values.k}`])
    const best = Math.max(...Object.values(printed))
    expect(front[front.length - 1].accuracy).toBe(best)

    const fit = await runCli('fit', familyFile, '--target', 'nucleo-f446re', '--accuracies', acc, '-o', join(dir, 'fit.tinyforge.json'))
    expect(fit.code).toBe(0)
    expect(fit.stdout).toContain(`measured int8 accuracy ${(100 * best).toFixed(2)} %`)
  }, 120_000)

  it('refuses with one line: accuracies of another family, --score accuracy without a file, --accuracies without test data', async () => {
    const other = join(dir, 'other.family.json')
    writeFileSync(other, JSON.stringify({ ...TINY_FAMILY, id: 'other-cnn' }))
    const ex = await runCli('explore', other, '--targets', 'nucleo-f446re', '--accuracies', acc)
    expect(ex.code).toBe(1)
    expect(ex.stderr).toMatch(/^tinyforge: .*tiny\.accuracies\.json holds accuracies of family 'tiny-cnn' \(fingerprint [0-9a-f]{8}\), not of 'other-cnn' \([0-9a-f]{8}\)\n$/)
    expect((await runCli('explore', familyFile, '--score', 'accuracy')).stderr)
      .toBe('tinyforge: --score accuracy needs --accuracies <file> (written by tinyforge extract --accuracies)\n')
    const noTest = await runCli('extract', familyFile, '--supernet', supernet, '--variant', 'res=10,width=1,k=1', '--accuracies', acc, '-o', join(dir, 'x.json'))
    expect(noTest).toMatchObject({ code: 2, stderr: 'tinyforge: --accuracies records a measured accuracy: it needs --data (calibration) and --test-data\n' })
  })
})
