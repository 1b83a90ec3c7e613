/**
 * Cut training end to end (about 30–40 s on 2 cores): a MobileNet-family network (mobilenet-v1 for Fashion-MNIST,
 * width 0.25) is cut into 3 blocks by the balancer and trained for one epoch on 1,500 Fashion-MNIST training images
 * with 3 local ranks (gloo on 127.0.0.1, `tinyforge train-cut`); the weights re-import into the combined project; the
 * int8 engine's accuracy of each of the three cut models on 300 held-out t10k images equals what train_cut.py's
 * integer forward printed; and each cut model's C package, built with the host gcc, gives the int8 engine's output
 * bytes on all 300 images.
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { runCli } from '../run-for-test.ts'
import { generateCPackage } from '../../core/codegen/c/generate-package.ts'
import { prepareInputs, runInt8 } from '../../core/engine/int8-engine.ts'
import { cutModels } from '../../core/formats/cut/cut-models.ts'
import { parseProject, serializeProject } from '../../core/formats/project/index.ts'
import { decodeNpy } from '../../core/formats/pytorch/npz.ts'
import { hasTool, removeTempDirs, run, tempDir, writeFiles } from '../../core/testing/c-toolchain.ts'
import { fashionMobilenetDoc } from '../../core/testing/cut-fixtures.ts'
import { fashionNpy, hasFashion } from '../../core/testing/pytorch/fashion.ts'
import { hasTorch } from '../../core/testing/pytorch/python-project.ts'

afterAll(removeTempDirs)

const driver = (prefix: string) => `#include <stdio.h>
#include <stdint.h>
#include "${prefix}.h"
int main(int argc, char **argv)
{
    static int32_t raw[${prefix.toUpperCase()}_INPUT_SIZE];
    static int8_t in[${prefix.toUpperCase()}_INPUT_SIZE];
    static int8_t out[${prefix.toUpperCase()}_OUTPUT_SIZE];
    FILE *src = argc > 2 ? fopen(argv[1], "rb") : NULL;
    FILE *dst = argc > 2 ? fopen(argv[2], "wb") : NULL;
    if (src == NULL || dst == NULL) return 1;
    while (fread(raw, sizeof(int32_t), ${prefix.toUpperCase()}_INPUT_SIZE, src) == ${prefix.toUpperCase()}_INPUT_SIZE)
    {
        if (${prefix}_preprocess(raw, in) != 0 || ${prefix}_invoke(in, out) != 0) return 2;
        fwrite(out, 1, ${prefix.toUpperCase()}_OUTPUT_SIZE, dst);
    }
    return fclose(dst) == 0 ? 0 : 3;
}
`

const ready = hasTorch() && hasFashion() && hasTool('gcc')

describe.skipIf(!ready)('cut training: MobileNet-family net in 3 blocks on 3 local ranks (Fashion-MNIST subset)', () => {
  it('trains one epoch, re-imports, reports three cut models whose int8 accuracy and C packages match', async () => {
    const dir = tempDir('train-cut')
    const project = join(dir, 'net.tinyforge.json')
    writeFileSync(project, serializeProject(fashionMobilenetDoc()))
    const train = fashionNpy(dir, 'train', 0, 1500)
    const test = fashionNpy(dir, 'test', 0, 300, 'test-')
    const trained = join(dir, 'trained.tinyforge.json')
    const r = await runCli('train-cut', project, '--data', train.x, '--labels', train.y, '--test-data', test.x, '--test-labels', test.y,
      '--ranks', '3', '--epochs', '1', '--lr', '0.005', '-o', trained, '--work-dir', join(dir, 'work'))
    expect(r.stderr).toBe('')
    expect(r.code).toBe(0)
    expect(r.stdout).toMatch(/balanced cuts for 3 × Development machine, one core: \w+, \w+/)
    expect(r.stdout).toMatch(/epoch 1\/1 block 3: loss [\d.]+, train [\d.]+%/)
    // train_cut.py's integer forward and the int8 engine (WebAssembly: the C runtime) agree on every cut model.
    const twin = [...r.stdout.matchAll(/cut model (\d) \(blocks [^)]*\): float [\d.]+%, int8 \(integer forward\) ([\d.]+)% on the test set \(300 samples\)/g)]
    const engine = [...r.stdout.matchAll(/cut model (\d) \(blocks [^:]*: [\d,]+ MACs, [\d,]+ params; int8 accuracy ([\d.]+)% on 300 held-out samples/g)]
    expect(twin.map((m) => m[1])).toEqual(['1', '2', '3'])
    expect(engine.map((m) => m[2])).toEqual(twin.map((m) => m[2]))
    console.info(`cut models, int8 accuracy on 300 t10k images: ${engine.map((m) => `${m[1]}: ${m[2]}%`).join(', ')}`)

    const doc = parseProject(readFileSync(trained, 'utf8'))
    expect(doc.trainingRuns?.[0].ranks).toBe(3)
    const models = cutModels(doc)
    expect(models.map((m) => m.graph.nodes.every((n) => n.quant))).toEqual([true, true, true])

    const x = decodeNpy(new Uint8Array(readFileSync(test.x)), 'x').data as Uint8Array
    const labels = Array.from(decodeNpy(new Uint8Array(readFileSync(test.y)), 'y').data as BigInt64Array, Number)
    const raw = new Int32Array(x)
    for (const m of models) {
      const prefix = `cut${m.k}`
      const files = generateCPackage(m.graph, { prefix, library: doc.library, vectors: 1 })
      files.set('host_driver.c', driver(prefix))
      const cdir = tempDir(`cut-c-${m.k}`)
      writeFiles(cdir, files)
      const build = run('gcc', ['-O2', '-std=c99', '-Wall', '-Werror', '-Iinclude', '-Iruntime', `src/${prefix}.c`,
        ...[...files.keys()].filter((p) => p.startsWith('runtime/') && p.endsWith('.c')), 'host_driver.c', '-o', 'host_driver'], cdir)
      expect(build.output.trim()).toBe('')
      writeFileSync(join(cdir, 'raw.bin'), new Uint8Array(raw.buffer))
      expect(run('./host_driver', ['raw.bin', 'out.bin'], cdir).code).toBe(0)
      const bytes = readFileSync(join(cdir, 'out.bin'))
      const cOut = new Int8Array(bytes.buffer, bytes.byteOffset, bytes.length)
      const input = m.graph.nodes.find((n) => n.op === 'Input')!.id
      let differ = 0
      let correct = 0
      for (let s = 0; s < 300; s++) {
        const out = runInt8(m.graph, prepareInputs(m.graph, { [input]: Float32Array.from(x.subarray(s * 784, (s + 1) * 784)) })).outputs.get(m.output)!
        for (let k = 0; k < 10; k++) if (out[k] !== cOut[s * 10 + k]) differ++
        let best = 0
        for (let k = 1; k < 10; k++) if (out[k] > out[best]) best = k
        if (best === labels[s]) correct++
      }
      expect([cOut.length, differ]).toEqual([3000, 0])
      expect((100 * correct / 300).toFixed(2)).toBe(engine[m.k - 1][2])
    }
  }, 240_000)
})
