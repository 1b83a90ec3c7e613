/**
 * train.py of the exported digits template on small Fashion-MNIST subsets (python3-torch, CPU): reproducible for a
 * seed (identical weights file bytes with SOURCE_DATE_EPOCH; a run resumed from its epoch-1 checkpoint too), runs
 * under torchrun with two processes (DistributedDataParallel over gloo) and its weights import, Ctrl-C keeps the
 * checkpoints and writes nothing else, --batchnorm folds, image folders read exactly as TinyForge reads them, and
 * bad input gives one line each (exact texts).
 */
import { spawn } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { removeTempDirs, run } from '../../testing/c-toolchain.ts'
import type { ProjectDoc } from '../../ir/project.ts'
import { loadDataFiles } from '../../data/data-files.ts'
import { validateQuantized } from '../../pipelines/validation.ts'
import { npyBytes, pngBytes, pngChunk } from '../../testing/fixture-files.ts'
import { importWeights } from '../../pipelines/import-weights.ts'
import { decodeNpy } from './npz.ts'
import { fashionNpy } from '../../testing/pytorch/fashion.ts'
import { PYTHON, python, writePytorchProject } from '../../testing/pytorch/python-project.ts'
import { buildTemplate } from '../../testing/pytorch/templates.ts'

afterAll(removeTempDirs)

const digits = buildTemplate('digits-cnn')
const dir = writePytorchProject(digits, 'train')
const { x, y } = fashionNpy(dir, 'train', 0, 600)
const BASE = ['train.py', '--data', x, '--labels', y, '--epochs', '1', '--qat-epochs', '1', '--progress-every', '0']
const FIXED = { SOURCE_DATE_EPOCH: '1764806400' }
const bytes = (file: string) => new Uint8Array(readFileSync(join(dir, file)))

describe('train.py (python3-torch, CPU)', () => {
  it('is reproducible: the same seed gives the same weights file byte for byte, also resumed from epoch 1', () => {
    const a = python(dir, [...BASE, '--out', 'a.npz', '--checkpoint-dir', 'ck-a'], 300_000, FIXED)
    expect(a.stderr).toBe('')
    expect(a.stdout).toMatch(/int8 accuracy \(integer forward, the device's arithmetic\) on the validation set: \d+\.\d\d% \(\d+\/60\)/)
    const b = python(dir, [...BASE, '--out', 'b.npz', '--checkpoint-dir', 'ck-b'], 300_000, FIXED)
    expect(b.code).toBe(0)
    expect(bytes('b.npz')).toEqual(bytes('a.npz'))
    const c = python(dir, [...BASE, '--out', 'c.npz', '--checkpoint-dir', 'ck-c', '--resume', join(dir, 'ck-a/epoch-001.pt')], 300_000, FIXED)
    expect(c.stdout).toContain('resumed from')
    expect(bytes('c.npz')).toEqual(bytes('a.npz'))
    const other = python(dir, [...BASE, '--out', 'd.npz', '--checkpoint-dir', 'ck-d', '--seed', '2'], 300_000, FIXED)
    expect(other.code).toBe(0)
    expect(bytes('d.npz')).not.toEqual(bytes('a.npz'))
    const imported = importWeights(digits, bytes('a.npz'), 'a.npz')
    const run1 = imported.run!
    expect(run1.date).toBe('2025-12-04T00:00:00Z')
    expect(run1.epochs.map((e) => [e.epoch, e.phase, e.seconds])).toEqual([[1, 'float', undefined], [2, 'qat', undefined]])
    expect(run1.dataset).toMatchObject({ train: 540, validation: 60, test: 0, classes: 10 })
    expect(run1.hyperParameters).toMatchObject({ epochs: 1, qatEpochs: 1, batchSize: 64, seed: 1, valSplit: 0.1, batchnorm: false })
    expect([run1.device, run1.ranks, run1.distributed, run1.result.evaluatedOn]).toEqual(['cpu', 1, 'none', 'validation'])
  }, 300_000)

  it('runs under torchrun --nproc_per_node 2 (DDP over gloo) and its weights import', () => {
    // Debian's torchrun 1.13 on Python 3.11 needs --redirects/--tee (its default '0' trips over Python 3.11's enum change).
    const r = run('env', [`SOURCE_DATE_EPOCH=${FIXED.SOURCE_DATE_EPOCH}`, 'torchrun', '--nproc_per_node', '2', '--redirects', '1', '--tee', '1',
      ...BASE, '--out', 'ddp.npz', '--checkpoint-dir', 'ck-ddp'], dir, 300_000)
    expect(r.code).toBe(0)
    expect(r.stdout).toContain('int8 accuracy (integer forward')
    const imported = importWeights(digits, bytes('ddp.npz'), 'ddp.npz')
    expect([imported.run!.ranks, imported.run!.distributed, imported.run!.device]).toEqual([2, 'gloo', 'cpu'])
    expect(imported.doc.graph.nodes.every((n) => n.quant)).toBe(true)
  }, 300_000)

  it('Ctrl-C keeps the checkpoints of finished epochs and writes no weights file', async () => {
    const child = spawn(PYTHON, [...BASE.slice(0, -1), '1', '--qat-epochs', '3', '--out', 'int.npz', '--checkpoint-dir', 'ck-int'],
      { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    let sent = false
    child.stdout.on('data', (c: Buffer) => {
      stdout += c.toString()
      if (!sent && stdout.includes('(qat) batch 2/')) { sent = true; child.kill('SIGINT') }
    })
    child.stderr.on('data', (c: Buffer) => { stderr += c.toString() })
    const code = await new Promise<number | null>((done) => child.on('close', (c) => done(c)))
    expect(code).toBe(130)
    expect(stderr).toBe(`train.py: interrupted; the checkpoints of finished epochs are kept in ck-int (continue with --resume)\n`)
    expect(existsSync(join(dir, 'ck-int/epoch-001.pt'))).toBe(true)
    expect(existsSync(join(dir, 'int.npz'))).toBe(false)
  }, 300_000)

  it('--batchnorm: trains with BatchNorm, folds it before QAT, and the folded int8 model imports', () => {
    const r = python(dir, [...BASE, '--batchnorm', '--out', 'bn.npz', '--checkpoint-dir', 'ck-bn'])
    expect(r.stderr).toBe('')
    expect(r.stdout).toContain('quantization-aware training from epoch 2 (s8 grid, BatchNorm folded)')
    const imported = importWeights(digits, bytes('bn.npz'), 'bn.npz')
    expect(imported.run!.hyperParameters.batchnorm).toBe(true)
  }, 300_000)
})

describe('train.py: other schemes and operators', () => {
  it('pow2: trains, and its int8 test accuracy is what the int8 engine measures on the same test set', async () => {
    const pow2: ProjectDoc = { ...digits, library: 'pow2-q7' }
    const pdir = writePytorchProject(pow2, 'train-pow2')
    const test = fashionNpy(pdir, 'test', 0, 300, 'test-')
    const r = python(pdir, ['train.py', '--data', x, '--labels', y, '--test-data', test.x, '--test-labels', test.y, '--epochs', '1',
      '--qat-epochs', '1', '--progress-every', '0', '--out', 'p.npz'])
    expect(r.stderr).toBe('')
    expect(r.stdout).toContain('quantization-aware training from epoch 2 (pow2 grid)')
    const imported = importWeights(pow2, new Uint8Array(readFileSync(join(pdir, 'p.npz'))), 'p.npz')
    const data = loadDataFiles(imported.doc.graph, [{ path: 'test-x.npy', bytes: new Uint8Array(readFileSync(test.x)) }])
    const labels = Array.from(decodeNpy(new Uint8Array(readFileSync(test.y)), 'y').data as BigInt64Array, Number)
    const report = validateQuantized(imported.doc.graph, imported.doc.graph, { scheme: 'pow2', samples: { [data.inputId]: data.samples }, labels })
    expect(report.outputs[0].int8Accuracy).toBe(imported.run!.result.int8Accuracy)
    expect(imported.run!.result).toMatchObject({ evaluatedOn: 'test', samples: 300 })
  }, 300_000)

  it('KWS template (depthwise, average pooling) with --batchnorm: QAT and import on random data', () => {
    const kws = buildTemplate('kws-ds-cnn')
    const kdir = writePytorchProject(kws, 'train-kws')
    const n = 96
    writeFileSync(join(kdir, 'kx.npy'), npyBytes('<f4', [n, 49, 10, 1], new Uint8Array(Float32Array.from({ length: n * 490 },
      (_, i) => Math.round(128 + 100 * Math.sin(i * 0.37))).buffer)))
    writeFileSync(join(kdir, 'ky.npy'), npyBytes('<i8', [n], new Uint8Array(BigInt64Array.from({ length: n }, (_, i) => BigInt(i % 12)).buffer)))
    const r = python(kdir, ['train.py', '--data', 'kx.npy', '--labels', 'ky.npy', '--epochs', '1', '--qat-epochs', '1',
      '--batchnorm', '--batch-size', '32', '--progress-every', '0', '--out', 'k.npz'])
    expect(r.stderr).toBe('')
    const imported = importWeights(kws, new Uint8Array(readFileSync(join(kdir, 'k.npz'))), 'k.npz')
    expect(imported.nodes).toBe(kws.graph.nodes.filter((nd) => ['Conv2D', 'DepthwiseConv2D', 'FullyConnected'].includes(nd.op)).length)
  }, 300_000)
})

describe('train.py data readers = TinyForge data loading', () => {
  it('an image folder (grey, RGB, RGBA, palette, 16-bit PNGs of other sizes) gives the same raw samples and labels', () => {
    const root = join(dir, 'images')
    const rgbRows = (w: number, h: number, c: number) => Array.from({ length: h }, (_, r) => [0, ...Array.from({ length: w * c }, (_, i) => (r * 37 + i * 11) & 0xff)]).flat()
    const plte = pngChunk('PLTE', Uint8Array.from([10, 200, 30, 250, 5, 90, 0, 0, 255, 128, 128, 128]))
    const files: Record<string, Uint8Array> = {
      'boot/a.png': pngBytes(28, 28, 0, 8, rgbRows(28, 28, 1)), 'boot/b.png': pngBytes(40, 37, 2, 8, rgbRows(40, 37, 3)),
      'shirt/c.png': pngBytes(17, 20, 6, 8, rgbRows(17, 20, 4)), 'shirt/d.png': pngBytes(8, 8, 3, 2, Array.from({ length: 8 }, (_, r) => [0, 0x1b + r, 0xe4 - r]).flat(), [plte]),
      'sandal/e.png': pngBytes(30, 29, 0, 16, rgbRows(30, 29, 2)),
    }
    for (const [path, data] of Object.entries(files)) {
      mkdirSync(join(root, path.split('/')[0]), { recursive: true })
      writeFileSync(join(root, path), data)
    }
    const rgbDoc: ProjectDoc = { ...digits, graph: { ...digits.graph, nodes: digits.graph.nodes.map((n) =>
      n.op === 'Input' ? { ...n, attrs: { ...n.attrs, shape: [20, 20, 3] } } : n) } }
    for (const [doc, shape] of [[digits, '28,28,1'], [rgbDoc, '20,20,3']] as const) {
      const r = python(dir, ['check_data.py', root, shape, 'img-x.npy', 'img-y.npy'])
      expect(r.stderr).toBe('')
      const ts = loadDataFiles(doc.graph, Object.entries(files).map(([path, b]) => ({ path, bytes: b })))
      const px = decodeNpy(bytes('img-x.npy'), 'x')
      const py = decodeNpy(bytes('img-y.npy'), 'y')
      expect(Array.from(px.data as Float32Array)).toEqual(ts.samples.flatMap((s) => Array.from(s)))
      expect(Array.from(py.data as BigInt64Array, Number)).toEqual(ts.labels)
    }
  }, 120_000)
})

describe('train.py bad input: one line, exact text', () => {
  const write = (name: string, data: Uint8Array) => { writeFileSync(join(dir, name), data); return join(dir, name) }
  const i64 = (values: number[]) => new Uint8Array(BigInt64Array.from(values.map(BigInt)).buffer)
  const oneClass = write('y-one.npy', npyBytes('<i8', [600], i64(new Array(600).fill(3))))
  const short = write('y-short.npy', npyBytes('<i8', [599], i64(new Array(599).fill(1))))
  const big = write('y-big.npy', npyBytes('<i8', [600], i64(Array.from({ length: 600 }, (_, i) => (i === 7 ? 12 : i % 10)))))
  const wrongShape = write('x-27.npy', npyBytes('|u1', [600, 27, 28], new Uint8Array(600 * 27 * 28)))
  mkdirSync(join(dir, 'empty/boot'), { recursive: true })
  mkdirSync(join(dir, 'flat'), { recursive: true })
  writeFileSync(join(dir, 'flat/a.png'), pngBytes(2, 2, 0, 8, [0, 1, 2, 0, 3, 4]))
  mkdirSync(join(dir, 'junk/boot'), { recursive: true })
  mkdirSync(join(dir, 'junk/shirt'), { recursive: true })
  writeFileSync(join(dir, 'junk/boot/bad.png'), new TextEncoder().encode('not an image'))
  writeFileSync(join(dir, 'junk/shirt/ok.png'), pngBytes(2, 2, 0, 8, [0, 1, 2, 0, 3, 4]))
  const cut = pngBytes(28, 28, 0, 8, Array.from({ length: 28 }, () => [0, ...new Array(28).fill(9)]).flat())
  mkdirSync(join(dir, 'cut/boot'), { recursive: true })
  mkdirSync(join(dir, 'cut/shirt'), { recursive: true })
  writeFileSync(join(dir, 'cut/boot/cut.png'), cut.subarray(0, cut.length - 30))
  writeFileSync(join(dir, 'cut/shirt/ok.png'), cut)
  write('junk.npz', new TextEncoder().encode('definitely not a zip'))
  const E = (text: string) => `train.py: error: ${text}\n`
  const CASES: [string, string[], string, number][] = [
    ['no --data', ['train.py'], E('the following arguments are required: --data (see --help)'), 2],
    ['negative epochs', [...BASE, '--epochs', '-1'], E('--epochs must be >= 0 (see --help)'), 2],
    ['not a number', [...BASE, '--epochs', 'two'], E("argument --epochs: invalid int value: 'two' (see --help)"), 2],
    ['unknown option', [...BASE, '--bogus'], E('unrecognized arguments: --bogus (see --help)'), 2],
    ['nothing to train', [...BASE, '--epochs', '0', '--qat-epochs', '0'], E('nothing to train: --epochs and --qat-epochs are both 0 (see --help)'), 2],
    ['one class', ['train.py', '--data', x, '--labels', oneClass], E('the training data holds only one class (3); a classifier needs at least two'), 1],
    ['label count', ['train.py', '--data', x, '--labels', short], E('y-short.npy holds 599 labels but the inputs hold 600 samples'), 1],
    ['label too big', ['train.py', '--data', x, '--labels', big], E('label 12 does not fit the model, whose output has 10 classes'), 1],
    ['wrong .npy shape', ['train.py', '--data', wrongShape, '--labels', y],
      E('x-27.npy has shape 600x27x28; the input needs 28x28x1 per sample (an array of N x 28x28x1)'), 1],
    ['no labels', ['train.py', '--data', x], E('x.npy needs --labels (one class index per sample)'), 1],
    ['missing file', ['train.py', '--data', join(dir, 'nope.npy'), '--labels', y], E(`${join(dir, 'nope.npy')}: no such file or directory`), 1],
    ['no images', ['train.py', '--data', join(dir, 'empty')], E(`${join(dir, 'empty')} holds no images (.png, .jpg) or .npy files in its class folders`), 1],
    ['no class folders', ['train.py', '--data', join(dir, 'flat')], E(`${join(dir, 'flat')} holds no class sub-folders (give one folder of images per class)`), 1],
    ['undecodable image', ['train.py', '--data', join(dir, 'junk')], E('bad.png cannot be decoded: it is neither a PNG nor a JPEG image'), 1],
    ['truncated image', ['train.py', '--data', join(dir, 'cut')], E('cut.png is truncated (chunk IDAT)'), 1],
    ['corrupt weights', [...BASE, '--weights', 'junk.npz'], E('junk.npz is not a .npz file (not a zip archive)'), 1],
  ]
  it.each(CASES)('%s', (_name, args, stderr, code) => {
    const r = python(dir, args, 120_000)
    expect([r.code, r.stderr]).toEqual([code, stderr])
  }, 120_000)
})

