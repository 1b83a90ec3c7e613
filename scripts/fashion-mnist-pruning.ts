/**
 * Reproduces the structured-pruning table of docs/compression.md (not part of npm test: several minutes of training).
 *
 *   npx tsx scripts/fashion-mnist-pruning.ts [--work DIR] [--epochs 2 --qat-epochs 1] [--tune-epochs 1 --tune-qat-epochs 1]
 *
 * 1. The Digits template (cmsis-nn) trained on Fashion-MNIST with `tinyforge train` (train.py: 54k train + 6k
 *    validation split of the 60k training images, seed 1, float then QAT epochs; int8 weights imported back).
 * 2. `tinyforge prune --ratio 0.3` and `--ratio 0.5` of the trained int8 project (L1 filter norm, channel counts a multiple
 *    of 4), then fine-tuned with `tinyforge train` on the pruned project, starting from its pruned weights.
 * 3. Accuracy of every model on the held-out t10k split (10,000 images), by the int8 engine (WebAssembly: the C
 *    runtime) through the Input's integer preprocessing — the device's arithmetic.
 * 4. Flash, RAM and latency: estimate() for the NUCLEO-F446RE (Cortex-M4), portable runtime (what `make` builds) and
 *    CMSIS-NN; built: the package's `make size-m4` (model image − board image) and its instructions per inference on
 *    qemu mps2-an386 (insn-segments plugin); bit-exact: `make test` on the host and `make test-qemu-m4` (3 vectors each,
 *    checked against the int8 engine), plus all 10k test images through the host package compared byte for byte
 *    with the int8 engine's logits.
 * Prints the markdown table and writes <work>/results.json.
 */
import { spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { ARM_BOARDS, countInstructions, writePackage } from '../bench/c-package-build.ts'
import { M4_TARGET, compareSizes } from '../bench/c-package.ts'
import { parseIdx } from '../src/core/data/idx-files.ts'
import { createWasmEngine } from '../src/core/engine/wasm/wasm-engine.ts'
import { estimate } from '../src/core/estimate/estimate.ts'
import { parseProject, serializeProject } from '../src/core/formats/project/index.ts'
import type { Graph } from '../src/core/ir/types.ts'
import { templateById } from '../src/core/templates/index.ts'
import { removeTempDirs, run } from '../src/core/testing/c-toolchain.ts'
import { CMSIS_NN } from '../src/core/vendors/cmsis-nn/index.ts'

/** Reads raw int32 samples from argv[1], writes the int8 outputs to argv[2] (as the Fashion-MNIST acceptance test). */
const HOST_DRIVER = `#include <stdio.h>
#include <stdint.h>
#include "digits.h"
int main(int argc, char **argv)
{
    static int32_t raw[DIGITS_INPUT_SIZE];
    static int8_t in[DIGITS_INPUT_SIZE];
    static int8_t out[DIGITS_OUTPUT_SIZE];
    FILE *src = argc > 2 ? fopen(argv[1], "rb") : NULL;
    FILE *dst = argc > 2 ? fopen(argv[2], "wb") : NULL;
    if (src == NULL || dst == NULL) return 1;
    while (fread(raw, sizeof(int32_t), DIGITS_INPUT_SIZE, src) == DIGITS_INPUT_SIZE)
    {
        if (digits_preprocess(raw, in) != 0 || digits_invoke(in, out) != 0) return 2;
        fwrite(out, 1, DIGITS_OUTPUT_SIZE, dst);
    }
    return fclose(dst) == 0 ? 0 : 3;
}
`

const args = process.argv.slice(2)
const flag = (name: string, fallback: string) => { const i = args.indexOf(`--${name}`); return i >= 0 ? args[i + 1] : fallback }
const DATA = '/usr/share/datasets/fashion-mnist'
const ROOT = new URL('..', import.meta.url).pathname
const work = resolve(flag('work', mkdtempSync(join(tmpdir(), 'tinyforge-fmnist-prune-'))))
mkdirSync(work, { recursive: true })

function tinyforge(...a: string[]): string {
  const started = Date.now()
  const r = spawnSync('node', [join(ROOT, 'bin/tinyforge.mjs'), ...a], { cwd: work, encoding: 'utf8', maxBuffer: 64 << 20 })
  if (r.status !== 0) throw new Error(`tinyforge ${a.join(' ')} failed (${r.status}):\n${r.stdout}\n${r.stderr}`)
  console.log(`tinyforge ${a[0]} ${a[1]} … (${((Date.now() - started) / 1000).toFixed(1)} s)`)
  return r.stdout
}

const project = (name: string) => join(work, `${name}.tinyforge.json`)
const graphOf = (name: string): Graph => parseProject(readFileSync(project(name), 'utf8')).graph

// ---- 1, 2: train, prune, fine-tune
const template = templateById('digits-cnn')!.build()
writeFileSync(project('digits'), serializeProject({ name: 'Digits (Fashion-MNIST)', library: 'cmsis-nn', targets: [], graph: template.graph }))
const trainArgs = (name: string, out: string, epochs: string, qat: string) =>
  ['train', project(name), '--data', DATA, '--epochs', epochs, '--qat-epochs', qat, '-o', project(out), '--work-dir', join(work, `train-${out}`)]
tinyforge(...trainArgs('digits', 'trained', flag('epochs', '2'), flag('qat-epochs', '1')))
const pruneLog: Record<string, string> = {}
for (const r of ['0.3', '0.5']) {
  const tag = `pruned${r.slice(2)}0`
  pruneLog[r] = tinyforge('prune', project('trained'), '--ratio', r, '-o', project(tag))
  tinyforge(...trainArgs(tag, `${tag}-tuned`, flag('tune-epochs', '1'), flag('tune-qat-epochs', '1')))
}

// ---- 3: accuracy on t10k with the int8 engine
const images = parseIdx(new Uint8Array(readFileSync(join(DATA, 't10k-images-idx3-ubyte.gz'))), 't10k images')
const labels = parseIdx(new Uint8Array(readFileSync(join(DATA, 't10k-labels-idx1-ubyte.gz'))), 't10k labels').data
const N = images.shape[0]
const pixels = images.shape[1] * images.shape[2]
const engine = await createWasmEngine()

function evaluate(g: Graph): { accuracy: number; correct: number; logits: Int8Array } {
  const model = engine.prepare(g, 's8')
  const input = model.prepared.inputIds[0]
  const out = model.prepared.outputIds[0]
  const classes = model.prepared.nodes.get(out)!.outputShape.reduce((a, b) => a * b, 1)
  const logits = new Int8Array(N * classes)
  let correct = 0
  for (let i = 0; i < N; i++) {
    const raw = images.data.subarray(i * pixels, (i + 1) * pixels)
    const y = model.run(model.preprocess({ [input]: raw }), { capture: 'outputs' }).get(out)!
    logits.set(y, i * classes)
    let best = 0
    for (let c = 1; c < classes; c++) if (y[c] > y[best]) best = c
    if (best === labels[i]) correct++
  }
  model.dispose()
  return { accuracy: correct / N, correct, logits }
}

// ---- 4: sizes, latency, bit-exactness
interface Row { name: string; channels: string; accuracy: number; correct: number; estFlash: number; builtFlash: number; estRam: number
  builtRam: number; estMs: number; cmsisMs: number; instructions: number; qemu: string; host: string; all10k: string }
const rows: Row[] = []
const MODELS: [string, string][] = [['trained', 'trained'], ['pruned30', '30 % pruned, not fine-tuned'], ['pruned30-tuned', '30 % pruned + fine-tuned'],
  ['pruned50', '50 % pruned, not fine-tuned'], ['pruned50-tuned', '50 % pruned + fine-tuned']]
for (const [name, label] of MODELS) {
  const g = graphOf(name)
  const acc = evaluate(g)
  const channels = g.nodes.filter((n) => n.op === 'Conv2D').map((n) => String(n.attrs.filters)).join(' / ')
  const pkg = writePackage(g, CMSIS_NN, 'digits')
  const sizes = compareSizes(pkg, ARM_BOARDS.m4, M4_TARGET)
  const count = countInstructions(pkg, ARM_BOARDS.m4)
  const host = run('make', ['-s', 'test'], pkg.dir)
  // All 10k test images through the host package, logits compared with the int8 engine's.
  writeFileSync(join(pkg.dir, 'all.c'), HOST_DRIVER)
  const cc = run('sh', ['-c', 'cc -O2 -std=c99 -Iinclude -Iruntime all.c src/digits.c runtime/*.c -o all'], pkg.dir)
  if (cc.code !== 0) throw new Error(cc.output)
  const raw = new Int32Array(N * pixels)
  for (let i = 0; i < N * pixels; i++) raw[i] = images.data[i]
  writeFileSync(join(pkg.dir, 'raw.bin'), new Uint8Array(raw.buffer))
  const ran = run(join(pkg.dir, 'all'), ['raw.bin', 'out.bin'], pkg.dir, 300_000)
  const c = new Int8Array(readFileSync(join(pkg.dir, 'out.bin')))
  const differing = ran.code === 0 && c.length === acc.logits.length ? acc.logits.reduce((s, v, i) => s + (v !== c[i] ? 1 : 0), 0) : -1
  const portable = estimate(g, CMSIS_NN, [M4_TARGET], { runtime: 'portable' }).targets[0]
  const cmsis = estimate(g, CMSIS_NN, [M4_TARGET], { runtime: 'cmsis-nn' }).targets[0]
  rows.push({ name: label, channels, accuracy: acc.accuracy, correct: acc.correct, estFlash: sizes.predictedFlash, builtFlash: sizes.builtFlash,
    estRam: sizes.predictedRam, builtRam: sizes.builtRam, estMs: portable.latencyMs!, cmsisMs: cmsis.latencyMs!, instructions: count.perInference,
    qemu: count.verdict, host: /3\/3 vectors bit-exact/.test(host.stdout) ? 'host 3/3' : host.output.trim(),
    all10k: differing === 0 ? `10k images: 0 of ${c.length} logit bytes differ` : `10k images: ${differing} bytes differ` })
  console.log(JSON.stringify(rows[rows.length - 1]))
}

const pct = (x: number) => `${(x * 100).toFixed(2)} %`
const kib = (b: number) => `${b} B`
const base = rows[0]
const delta = (a: number, b: number) => `${b >= a ? '+' : '−'}${(Math.abs(b / a - 1) * 100).toFixed(1)} %`
console.log('\n| model | conv filters | t10k accuracy (int8) | flash est. / built (Δ vs trained) | RAM est. / built | latency est. portable / CMSIS-NN (M4 180 MHz) | QEMU M4 instructions | bit-exact |')
console.log('|---|---|---|---|---|---|---|---|')
for (const r of rows) {
  console.log(`| ${r.name} | ${r.channels} | ${pct(r.accuracy)} (${r.correct}/10000) | ${kib(r.estFlash)} / ${kib(r.builtFlash)} (${delta(base.builtFlash, r.builtFlash)}) | ` +
    `${kib(r.estRam)} / ${kib(r.builtRam)} | ${r.estMs.toFixed(2)} / ${r.cmsisMs.toFixed(2)} ms | ${r.instructions} (${delta(base.instructions, r.instructions)}) | ` +
    `${r.host}, ${r.qemu.replace(/^digits: /, 'QEMU ')}; ${r.all10k} |`)
}
writeFileSync(join(work, 'results.json'), `${JSON.stringify({ rows, prune: pruneLog }, null, 1)}\n`)
console.log(`\nprune output:\n${Object.entries(pruneLog).map(([r, t]) => `--ratio ${r}:\n${t}`).join('\n')}\nwork folder: ${work}`)
removeTempDirs()
