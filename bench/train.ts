/**
 * Training throughput of the digits template (samples/s over a whole run: 1 float + 1 QAT epoch), side by side:
 *   - TensorFlow.js in Chromium, each backend the browser offers (WebGPU, WebGL, CPU): the product's own path — the
 *     built app (vite build + vite preview), its Train tab and job worker, driven by playwright-core with Debian's
 *     Chromium (--enable-unsafe-webgpu so WebGPU is offered where an adapter exists); the figure is the one the tab
 *     shows after the run (batches' samples over their wall time);
 *   - PyTorch on the CPU: the exported project's train.py (python3-torch), its own samples/s progress figure.
 * Data: the first N images of Fashion-MNIST's training set (Debian's dataset-fashion-mnist), 10 % held out.
 * Without Chromium or PyTorch the row says why.
 *
 * Run alone: node bin/run-ts.mjs bench/train.ts [--browser-samples 1024] [--torch-samples 10240] [--skip-build]
 */
import { spawn, spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { labelsFromFile, parseIdx, samplesFromIdx } from '../src/core/data/idx-files.ts'
import { exportPytorchProject } from '../src/core/formats/pytorch/export-pytorch.ts'
import { encodeNpy } from '../src/core/formats/pytorch/npz.ts'
import { templateById } from '../src/core/templates/index.ts'

const DATA = '/usr/share/datasets/fashion-mnist'
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
const PYTHON = '/usr/bin/python3'
const ROOT = resolve(new URL('..', import.meta.url).pathname)
const PORT = 4310

export interface TrainBenchRow { where: string; samples: number; samplesPerSecond: number | null; note: string }

export async function trainBench(options: { browserSamples?: number; torchSamples?: number; build?: boolean } = {}): Promise<TrainBenchRow[]> {
  const browserSamples = options.browserSamples ?? 1024
  const torchSamples = options.torchSamples ?? 10240
  const rows: TrainBenchRow[] = []
  if (!existsSync(`${DATA}/train-images-idx3-ubyte.gz`)) return [{ where: 'all', samples: 0, samplesPerSecond: null, note: `no ${DATA}` }]
  rows.push(...await browserRows(browserSamples, options.build ?? true))
  rows.push(torchRow(torchSamples))
  return rows
}

async function browserRows(samples: number, build: boolean): Promise<TrainBenchRow[]> {
  if (!existsSync(CHROMIUM)) return [{ where: 'TF.js in Chromium', samples, samplesPerSecond: null, note: `no ${CHROMIUM}` }]
  if (build || !existsSync(join(ROOT, 'dist/index.html'))) {
    const b = spawnSync('npx', ['vite', 'build'], { cwd: ROOT, encoding: 'utf8' })
    if (b.status !== 0) return [{ where: 'TF.js in Chromium', samples, samplesPerSecond: null, note: 'vite build failed' }]
  }
  const server = spawn('npx', ['vite', 'preview', '--port', String(PORT), '--strictPort'], { cwd: ROOT, env: { ...process.env, COI: '1' }, stdio: 'ignore', detached: true })
  const { chromium } = await import('playwright-core')
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--enable-unsafe-webgpu', '--disable-background-networking'] })
  const rows: TrainBenchRow[] = []
  try {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } })
    for (let i = 0; ; i++) {
      try { await page.goto(`http://127.0.0.1:${PORT}/`); break } catch (err) { if (i > 60) throw err; await new Promise((r) => setTimeout(r, 500)) }
    }
    await page.getByTestId('app').and(page.locator('[data-ready="true"]')).waitFor({ timeout: 60_000 })
    await page.getByRole('tab', { name: /Train/ }).click()
    const panel = page.getByTestId('train-panel')
    await panel.getByTestId('train-files-input').setInputFiles([`${DATA}/train-images-idx3-ubyte.gz`, `${DATA}/train-labels-idx1-ubyte.gz`])
    await panel.getByLabel('Use the first').fill(String(samples))
    await panel.getByLabel('Float epochs').fill('1')
    await panel.getByLabel('QAT epochs').fill('1')
    for (const backend of ['webgpu', 'webgl', 'cpu'] as const) {
      await panel.getByLabel('Backend').selectOption(backend)
      await panel.getByRole('button', { name: 'Train', exact: true }).click()
      const note = panel.locator('.tf-train__side .tf-train__note').first()
      try {
        await page.waitForFunction(() => !document.querySelector('[data-testid="train-progress"]'), undefined, { timeout: 600_000, polling: 500 })
        const failed = await panel.getByTestId('train-error').count()
        if (failed) { rows.push({ where: `TF.js ${backend}`, samples, samplesPerSecond: null, note: (await panel.getByTestId('train-error').textContent()) ?? '' }); continue }
        const text = (await note.textContent()) ?? ''
        const ran = / · ([^·]+) · (\d+) samples\/s/.exec(text)
        const used = ran?.[1].trim() ?? '?'
        rows.push({ where: `TF.js in Chromium, ${backend}`, samples, samplesPerSecond: ran ? Number(ran[2]) : null,
          note: used === backend ? `int8 ${(await panel.getByTestId('train-int8').textContent()) ?? ''}` : `ran on ${used}` })
      } catch (err) {
        rows.push({ where: `TF.js ${backend}`, samples, samplesPerSecond: null, note: String(err).split('\n')[0] })
      }
    }
  } finally {
    await browser.close()
    try { process.kill(-server.pid!) } catch { /* gone */ }
  }
  return rows
}

function torchRow(n: number): TrainBenchRow {
  const where = 'PyTorch CPU (train.py)'
  if (spawnSync(PYTHON, ['-c', 'import torch'], { encoding: 'utf8' }).status !== 0) return { where, samples: n, samplesPerSecond: null, note: 'no python3-torch' }
  const dir = mkdtempSync(join(tmpdir(), 'tf-train-bench-'))
  try {
    const doc = { ...templateById('digits-cnn')!.build(), library: 'cmsis-nn' }
    for (const [path, content] of exportPytorchProject(doc).files) {
      const file = join(dir, path)
      spawnSync('mkdir', ['-p', file.slice(0, file.lastIndexOf('/'))])
      writeFileSync(file, content)
    }
    const x = samplesFromIdx(parseIdx(readFileSync(`${DATA}/train-images-idx3-ubyte.gz`), 'x'), [28, 28, 1], 'x').slice(0, n)
    const y = labelsFromFile(readFileSync(`${DATA}/train-labels-idx1-ubyte.gz`), 'y', 60000).slice(0, n)
    const flat = new Float32Array(n * 784)
    x.forEach((s, i) => flat.set(s, i * 784))
    writeFileSync(join(dir, 'x.npy'), encodeNpy({ dtype: 'float32', shape: [n, 28, 28, 1], data: flat }))
    writeFileSync(join(dir, 'y.npy'), encodeNpy({ dtype: 'int32', shape: [n], data: Int32Array.from(y) }))
    const r = spawnSync(PYTHON, ['train.py', '--data', 'x.npy', '--labels', 'y.npy', '--epochs', '1', '--qat-epochs', '1', '--val-split', '0.1',
      '--progress-every', '1000000', '--out', 'trained.npz'], { cwd: dir, encoding: 'utf8', env: { ...process.env, OMP_WAIT_POLICY: 'PASSIVE' } })
    const lines = `${r.stdout}${r.stderr}`.split('\n').filter((l) => /samples\/s/.test(l))
    const perPhase = lines.map((l) => Number(/(\d+) samples\/s/.exec(l)![1]))
    if (r.status !== 0 || perPhase.length === 0) return { where, samples: n, samplesPerSecond: null, note: `train.py failed: ${(r.stderr || r.stdout).trim().split('\n').pop()}` }
    // Both epochs' rates, combined as samples over time (each line is one whole epoch: progress every 10^6 batches → the last batch).
    const mean = perPhase.length / perPhase.reduce((s, v) => s + 1 / v, 0)
    const acc = /int8 accuracy .* on the validation set: ([\d.]+)%/.exec(r.stdout)?.[1]
    return { where, samples: n, samplesPerSecond: Math.round(mean), note: `float ${perPhase[0]}/s, QAT ${perPhase[1] ?? '?'}/s${acc ? `, int8 ${acc} %` : ''}` }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

export async function printTrainBench(options: { browserSamples?: number; torchSamples?: number; build?: boolean } = {}): Promise<void> {
  console.log('\nTraining throughput, digits template, 1 float + 1 QAT epoch on Fashion-MNIST (samples/s of the whole run)')
  const rows = await trainBench(options)
  const cells = [['where', 'samples', 'samples/s', 'note'],
    ...rows.map((r) => [r.where, String(r.samples), r.samplesPerSecond === null ? '—' : String(r.samplesPerSecond), r.note])]
  const widths = cells[0].map((_, i) => Math.max(...cells.map((c) => c[i].length)))
  for (const c of cells) console.log(c.map((v, i) => (i === 0 || i === 3 ? v.padEnd(widths[i]) : v.padStart(widths[i]))).join('  '))
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const arg = (name: string) => { const i = process.argv.indexOf(name); return i > 0 ? Number(process.argv[i + 1]) : undefined }
  await printTrainBench({ browserSamples: arg('--browser-samples'), torchSamples: arg('--torch-samples'), build: !process.argv.includes('--skip-build') })
}
