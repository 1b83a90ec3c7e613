/**
 * Acceptance run of "train what you design" (about 3–4 minutes on 2 cores): the digits template, exported with
 * `tinyforge export --pytorch`, trained by train.py on Fashion-MNIST (60k train with a 10% validation split, 10k
 * test) for 2 float + 1 QAT epochs on the CPU, reaches ≥ 85 % int8 test accuracy; after `tinyforge import-weights`,
 * `tinyforge validate` (the int8 engine) on the 10k test images gives exactly the int8 accuracy train.py printed; and
 * the PyTorch integer forward, the int8 engine and the exported C package (host gcc, all 10k images; QEMU
 * Cortex-M4, 16 of them through examples/main.c) give the same logit bytes for every test image.
 * The measured figures are printed (see docs/pytorch-export.md).
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { runCli } from '../run-for-test.ts'
import { testVectorsHeader } from '../../core/codegen/c/example-source.ts'
import { generateCPackage } from '../../core/codegen/c/generate-package.ts'
import { removeTempDirs, run, tempDir, writeFiles } from '../../core/testing/c-toolchain.ts'
import { prepareInputs, runInt8 } from '../../core/engine/int8-engine.ts'
import { parseProject, serializeProject } from '../../core/formats/project/index.ts'
import { parseIdx } from '../../core/data/idx-files.ts'
import { argmax } from '../../core/pipelines/validation.ts'
import { decodeNpy, encodeNpy } from '../../core/formats/pytorch/npz.ts'
import { FASHION } from '../../core/testing/pytorch/fashion.ts'
import { python, writePytorchProject } from '../../core/testing/pytorch/python-project.ts'
import { buildTemplate } from '../../core/testing/pytorch/templates.ts'

afterAll(removeTempDirs)

const HOST_DRIVER = `/* Reads raw int32 samples from argv[1], writes the int8 outputs to argv[2]. */
#include <stdio.h>
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

describe('Fashion-MNIST: digits template trained 2 float + 1 QAT epochs (python3-torch, CPU)', () => {
  it('reaches ≥ 85 % int8 accuracy and twin = int8 engine = C (host all, QEMU M4 subset), validate = train.py', async () => {
    const figures: Record<string, number | string> = {}
    const doc = buildTemplate('digits-cnn')
    const dir = writePytorchProject(doc, 'fashion')
    const project = join(dir, 'digits.tinyforge.json')
    writeFileSync(project, serializeProject(doc))

    let t = Date.now()
    const train = python(dir, ['train.py', '--data', '/usr/share/datasets/fashion-mnist', '--epochs', '2', '--qat-epochs', '1',
      '--out', 'trained.npz', '--progress-every', '0'], 900_000)
    figures.trainSeconds = (Date.now() - t) / 1000
    expect(train.stderr).toBe('')
    expect(train.code).toBe(0)
    const printed = /int8 accuracy \(integer forward, the device's arithmetic\) on the test set: [\d.]+% \((\d+)\/10000\)/.exec(train.stdout)
    expect(printed).not.toBeNull()
    const correct = Number(printed![1])
    figures.trainLog = train.stdout.trim().split('\n').filter((l) => /epoch \d\/3 \w+:|accuracy/.test(l)).join(' | ')

    const trainedProject = join(dir, 'trained.tinyforge.json')
    const imported = await runCli('import-weights', project, join(dir, 'trained.npz'), '-o', trainedProject)
    expect(imported.stderr).toBe('')
    expect(imported.code).toBe(0)
    const trained = parseProject(readFileSync(trainedProject, 'utf8'))
    const record = trained.trainingRuns![0]
    expect(record.result.int8Accuracy).toBe(correct / 10000)
    expect(record.result.int8Accuracy).toBeGreaterThanOrEqual(0.85)
    Object.assign(figures, { float: record.result.floatAccuracy!, qat: record.result.qatAccuracy!, int8Twin: record.result.int8Accuracy })
    figures.epochs = record.epochs.map((e) => `${e.phase} ${(100 * e.trainAccuracy).toFixed(2)}%/${(100 * e.validationAccuracy!).toFixed(2)}% ${e.seconds}s`).join(', ')

    t = Date.now()
    const validated = await runCli('validate', trainedProject, '--data', FASHION.testImages, '--labels', FASHION.testLabels, '--json')
    figures.validateSeconds = (Date.now() - t) / 1000
    expect(validated.code).toBe(0)
    const report = JSON.parse(validated.stdout)
    expect(report.data.samples).toBe(10000)
    expect(report.outputs[0].int8Accuracy).toBe(record.result.int8Accuracy)
    figures.int8Engine = report.outputs[0].int8Accuracy

    // The test images as raw values, their labels, and the twin's integer forward on all of them.
    const images = parseIdx(new Uint8Array(readFileSync(FASHION.testImages)), 'images')
    const labels = parseIdx(new Uint8Array(readFileSync(FASHION.testLabels)), 'labels').data
    writeFileSync(join(dir, 'test-x.npy'), encodeNpy({ dtype: 'uint8', shape: [10000, 28, 28], data: Uint8Array.from(images.data) }))
    t = Date.now()
    const predicted = python(dir, ['predict.py', '--weights', 'trained.npz', '--int8', '--preprocess', '--input', 'test-x.npy', '--out', 'twin.npy'])
    figures.twinPredictSeconds = (Date.now() - t) / 1000
    expect(predicted.stderr).toBe('')
    const twin = decodeNpy(new Uint8Array(readFileSync(join(dir, 'twin.npy'))), 'twin.npy').data as Int8Array
    expect(twin.length).toBe(100000)

    // The int8 engine on every test image: the same 100k logit bytes.
    const inputId = trained.graph.nodes.find((n) => n.op === 'Input')!.id
    const outputId = trained.graph.nodes.find((n) => n.op === 'Softmax')!.id
    t = Date.now()
    let engineDiffer = 0
    let predictionsDiffer = 0
    let engineCorrect = 0
    for (let s = 0; s < 10000; s++) {
      const raw = Float32Array.from(images.data.subarray(s * 784, (s + 1) * 784))
      const out = runInt8(trained.graph, prepareInputs(trained.graph, { [inputId]: raw })).outputs.get(outputId)!
      const mine = twin.subarray(s * 10, (s + 1) * 10)
      for (let k = 0; k < 10; k++) if (out[k] !== mine[k]) engineDiffer++
      if (argmax(out) !== argmax(mine)) predictionsDiffer++
      if (argmax(out) === labels[s]) engineCorrect++
    }
    figures.engineSeconds = (Date.now() - t) / 1000
    expect([engineDiffer, predictionsDiffer, engineCorrect]).toEqual([0, 0, correct])

    // The C package on the host (all 10k) and on QEMU Cortex-M4 (16 images through its own test driver).
    const cdir = tempDir('fashion-c')
    const files = generateCPackage(trained.graph, { prefix: 'digits', library: trained.library, vectors: 1 })
    const vectors = Array.from({ length: 16 }, (_, v) => {
      const s = v * 625
      return { raw: Int32Array.from(images.data.subarray(s * 784, (s + 1) * 784)),
        input: prepareInputs(trained.graph, { [inputId]: Float32Array.from(images.data.subarray(s * 784, (s + 1) * 784)) })[inputId],
        expected: Int8Array.from(twin.subarray(s * 10, (s + 1) * 10)) }
    })
    files.set('examples/test_vectors.h', testVectorsHeader('digits', vectors, 'the PyTorch twin (predict.py --int8) on Fashion-MNIST test images'))
    files.set('host_driver.c', HOST_DRIVER)
    writeFiles(cdir, files)
    const build = run('gcc', ['-O2', '-std=c99', '-Wall', '-Werror', '-Iinclude', '-Iruntime', 'src/digits.c',
      ...[...files.keys()].filter((p) => p.startsWith('runtime/') && p.endsWith('.c')), 'host_driver.c', '-o', 'host_driver'], cdir)
    expect(build.output.trim()).toBe('')
    writeFileSync(join(cdir, 'raw.bin'), new Uint8Array(Int32Array.from(images.data).buffer))
    t = Date.now()
    const host = run('./host_driver', ['raw.bin', 'out.bin'], cdir)
    figures.cHostSeconds = (Date.now() - t) / 1000
    expect(host.code).toBe(0)
    const cOut = new Int8Array(readFileSync(join(cdir, 'out.bin')).buffer.slice(0))
    let cDiffer = 0
    let cCorrect = 0
    for (let i = 0; i < 100000; i++) if (cOut[i] !== twin[i]) cDiffer++
    for (let s = 0; s < 10000; s++) if (argmax(cOut.subarray(s * 10, (s + 1) * 10)) === labels[s]) cCorrect++
    expect([cOut.length, cDiffer, cCorrect]).toEqual([100000, 0, correct])
    figures.cHost = cCorrect / 10000
    t = Date.now()
    const qemu = run('make', ['-s', 'test-qemu-m4'], cdir, 600_000)
    figures.qemuSeconds = (Date.now() - t) / 1000
    expect(qemu.stderr).toContain('digits: 16/16 vectors bit-exact (10 output bytes each) on qemu mps2-an386 (Cortex-M4)')
    expect(qemu.code).toBe(0)
    const qemuCorrect = vectors.filter((v, i) => argmax(v.expected) === labels[i * 625]).length
    figures.cQemuSubset = `${qemuCorrect}/16`
    console.info(`Fashion-MNIST figures: ${JSON.stringify(figures)}`)
  }, 1_200_000)
})
