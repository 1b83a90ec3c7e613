/**
 * `tinyforge export --pytorch`, `import-weights` and `train` through main(): the exported folder/zip, a small real
 * training run (Fashion-MNIST subset, python3-torch) whose weights come back into the project with the run
 * recorded, and bad input — one line each, exact texts, the output project never written.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync, chmodSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { unzipSync } from 'fflate'
import { afterAll, describe, expect, it } from 'vitest'
import { parseProject, serializeProject } from '../../core/formats/project/index.ts'
import { exportPytorchProject } from '../../core/formats/pytorch/export-pytorch.ts'
import { fashionNpy } from '../../core/testing/pytorch/fashion.ts'
import { buildTemplate } from '../../core/testing/pytorch/templates.ts'
import { randomWeights, withInt8 } from '../../core/testing/pytorch/weights-files.ts'
import { encodeWeightsFile } from '../../core/formats/pytorch/weights-file.ts'
import { runCli } from '../run-for-test.ts'

const dir = mkdtempSync(join(tmpdir(), 'tinyforge-train-cli-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const digits = buildTemplate('digits-cnn')
const project = join(dir, 'digits.tinyforge.json')
writeFileSync(project, serializeProject(digits))
const out = join(dir, 'out.tinyforge.json')

describe('tinyforge export --pytorch', () => {
  it('writes the project as a folder and as a zip (same files)', async () => {
    const folder = join(dir, 'py')
    const r = await runCli('export', project, '--pytorch', folder)
    const files = exportPytorchProject(digits).files.size
    const summary = `PyTorch project (cmsis-nn, s8, 8 nodes, float weights): ${files} files; run \`python3 train.py --data …\``
    expect(r).toEqual({ code: 0, stderr: '', stdout: `wrote ${folder}: ${summary}\n` })
    for (const f of ['README.md', 'graph.json', 'weights.npz', 'model.py', 'train.py', 'predict.py', 'tinyforge_twins/ops/conv2d.py']) {
      expect(existsSync(join(folder, f))).toBe(true)
    }
    const zip = join(dir, 'py.zip')
    expect((await runCli('export', project, '--pytorch', zip)).code).toBe(0)
    const entries = Object.keys(unzipSync(new Uint8Array(readFileSync(zip))))
    expect(entries.length).toBe(exportPytorchProject(digits).files.size)
    expect(entries).toContain('digits-cnn-pytorch/train.py')
  })

  it('refuses a graph with errors in one line', async () => {
    const broken = join(dir, 'broken.tinyforge.json')
    writeFileSync(broken, serializeProject({ ...digits, graph: { ...digits.graph, edges: digits.graph.edges.slice(1) } }))
    const r = await runCli('export', broken, '--pytorch', join(dir, 'broken-py'))
    expect(r.code).toBe(1)
    expect(r.stderr).toMatch(/^tinyforge: cannot export .*broken\.tinyforge\.json for PyTorch: conv1 \(Conv2D\): .*\n$/)
  })
})

describe('tinyforge import-weights', () => {
  it('writes the project quantized with the learned ranges', async () => {
    const w = join(dir, 'w.npz')
    writeFileSync(w, encodeWeightsFile(withInt8(digits, randomWeights(digits, 3, 's8'))))
    const r = await runCli('import-weights', project, w, '-o', out)
    expect(r).toEqual({ code: 0, stderr: '', stdout: `imported 6 tensors of 3 nodes from ${w}; quantized with the learned ranges ` +
      `(cmsis-nn); the int8 model matches the file's\nwrote ${out}\n` })
    expect(parseProject(readFileSync(out, 'utf8')).graph.nodes.every((n) => n.quant)).toBe(true)
    rmSync(out)
  })

  it('bad input: one line, exit 1 or 2, nothing written', async () => {
    const kws = join(dir, 'kws.npz')
    writeFileSync(kws, exportPytorchProject(buildTemplate('kws-ds-cnn')).files.get('weights.npz') as Uint8Array)
    const junk = join(dir, 'junk.npz')
    writeFileSync(junk, 'PK but not really a zip')
    const before = readFileSync(project, 'utf8')
    const cases: [string[], number, RegExp | string][] = [
      [['import-weights', project], 2, 'tinyforge: missing weights file (usage: tinyforge import-weights <project> <weights.npz> -o <project>)\n'],
      [['import-weights', project, kws], 2, 'tinyforge: missing -o <project>\n'],
      [['import-weights', project, join(dir, 'none.npz'), '-o', out], 1, `tinyforge: cannot read ${join(dir, 'none.npz')}: no such file or directory\n`],
      [['import-weights', project, junk, '-o', out], 1, 'tinyforge: junk.npz is a truncated or corrupt .npz file\n'],
      [['import-weights', project, kws, '-o', out], 1, /^tinyforge: kws\.npz does not fit the project's graph: float\/n2\/weights: conv1 weights has shape 64×10×4×1, the graph needs 8×3×3×1; .* \(and 22 more\)\n$/],
    ]
    for (const [args, code, stderr] of cases) {
      const r = await runCli(...args)
      expect(r.code).toBe(code)
      if (typeof stderr === 'string') expect(r.stderr).toBe(stderr)
      else expect(r.stderr).toMatch(stderr)
      expect(existsSync(out)).toBe(false)
    }
    expect(readFileSync(project, 'utf8')).toBe(before)
  })
})

describe('tinyforge train', () => {
  it('trains with the system python3-torch, streams progress, takes the weights and records the run', async () => {
    const { x, y } = fashionNpy(dir, 'train', 0, 400)
    const r = await runCli('train', project, '--data', x, '--labels', y, '--epochs', '1', '--qat-epochs', '1', '-o', out)
    expect(r.stderr).toBe('')
    expect(r.code).toBe(0)
    expect(r.stdout).toMatch(/^training .*digits\.tinyforge\.json with PyTorch 1\.13[^\n]* \(\/usr\/bin\/python3\) in \S+\n/)
    expect(r.stdout).toContain('epoch 1/2 (float) batch 6/6')
    expect(r.stdout).toMatch(/training run of \S+ \(pytorch [^)]*\), cpu × 1\): 2 epochs on 360 samples; int8 accuracy [\d.]+% on 40 validation samples/)
    const trained = parseProject(readFileSync(out, 'utf8'))
    expect(trained.trainingRuns).toHaveLength(1)
    expect(trained.trainingRuns![0].dataset.source).toBe(`${x} + ${y}`)
    rmSync(out)
  }, 300_000)

  it('says which package to install when the Python has no PyTorch', async () => {
    const fake = join(dir, 'python-without-torch')
    writeFileSync(fake, "#!/bin/sh\necho \"ModuleNotFoundError: No module named 'torch'\" >&2\nexit 1\n")
    chmodSync(fake, 0o755)
    const r = await runCli('train', project, '--data', join(dir, 'x.npy'), '-o', out, '--python', fake)
    expect(r).toEqual({ code: 1, stdout: '', stderr: `tinyforge: ${fake} has no PyTorch (import torch failed); install python3-torch on Debian, or pip install torch\n` })
    const missing = await runCli('train', project, '--data', join(dir, 'x.npy'), '-o', out, '--python', join(dir, 'no-such-python'))
    expect(missing.stderr).toBe(`tinyforge: cannot run ${join(dir, 'no-such-python')} (no such file or directory); give --python <interpreter with PyTorch>\n`)
    expect(existsSync(out)).toBe(false)
  })

  it('bad arguments and a failed run: one line, the project unchanged, the work folder kept', async () => {
    expect((await runCli('train', project, '-o', out)).stderr).toBe('tinyforge: missing --data <dir|x.npy|images-idx>\n')
    expect((await runCli('train', project, '--data', 'x.npy')).stderr).toBe('tinyforge: missing -o <project>\n')
    expect(await runCli('train', project, '--data', 'x.npy', '-o', out, '--epochs', 'two')).toEqual(
      { code: 2, stdout: '', stderr: "tinyforge: --epochs must be a whole number ≥ 0, not 'two'\n" })
    expect((await runCli('train', project, '--data', 'x.npy', '-o', out, '--val-split', '1')).stderr).toBe(
      "tinyforge: --val-split must be a number in [0, 1), not '1'\n")
    const work = join(dir, 'work')
    const r = await runCli('train', project, '--data', join(dir, 'x.npy'), '-o', out, '--work-dir', work)
    expect(r.code).toBe(1)
    expect(r.stderr).toBe('train.py: error: x.npy needs --labels (one class index per sample)\n' +
      `tinyforge: training failed (train.py exited with 1); ${project} is unchanged, the work folder ${work} is kept\n`)
    expect(existsSync(join(work, 'train.py'))).toBe(true)
    expect(existsSync(out)).toBe(false)
  }, 120_000)
})
