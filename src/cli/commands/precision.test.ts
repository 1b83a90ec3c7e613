import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { openProject, serializeProject } from '../../core/formats/project/index.ts'
import { templateGraph } from '../../core/testing/c-fixtures.ts'
import { templateById } from '../../core/templates/index.ts'
import { runCli } from '../run-for-test.ts'

const dir = mkdtempSync(join(tmpdir(), 'tinyforge-int4-'))
const int8 = join(dir, 'digits-int8.tinyforge.json')
writeFileSync(int8, serializeProject({ name: 'Digits', library: 'cmsis-nn', targets: [], graph: templateGraph('digits-cnn', 's8') }))
const float = join(dir, 'digits.tinyforge.json')
writeFileSync(float, serializeProject({ name: 'Digits', library: 'cmsis-nn', targets: [], graph: templateById('digits-cnn')!.build().graph }))
const read = (path: string) => openProject(new Uint8Array(readFileSync(path)), 'x.tinyforge.json')

describe('int4 weights from the command line', () => {
  it('tinyforge quantize --int4 quantizes those layers to int4 from the float weights', async () => {
    const out = join(dir, 'q4.tinyforge.json')
    const r = await runCli('quantize', float, '--int4', 'conv2,logits', '-o', out)
    expect(r).toMatchObject({ code: 0 })
    expect(r.stdout).toContain('3 with int8 weights, of which 2 int4 (conv2, logits)\n')
    const g = read(out).graph
    expect(g.nodes.find((n) => n.name === 'conv2')).toMatchObject({ precision: { weights: 'int4' }, weights: { weights: { encoding: { kind: 'int4' } } } })
    expect(g.nodes.find((n) => n.name === 'conv1')!.precision).toBeUndefined()
  })

  it('tinyforge precision requantizes int8 layers from their int8 values and prints the bytes', async () => {
    const out = join(dir, 'p4.tinyforge.json')
    const r = await runCli('precision', int8, '--int4', 'all', '-o', out)
    expect(r.stdout).toBe('conv1: int8 → int4, requantized from its int8 values, weights 72 → 36 B\n' +
      'conv2: int8 → int4, requantized from its int8 values, weights 1152 → 576 B\n' +
      'logits: int8 → int4, requantized from its int8 values, weights 7840 → 3920 B\n' +
      `weights of these layers 9064 → 4532 B\nwrote ${out}\n`)
    expect(read(out).graph.nodes.filter((n) => n.weights?.weights?.encoding?.kind === 'int4')).toHaveLength(3)
  })

  it('refuses with one line, writing nothing', async () => {
    const out = join(dir, 'never.tinyforge.json')
    expect(await runCli('precision', int8, '--int4', 'pool1', '-o', out)).toMatchObject({ code: 1, stderr:
      `tinyforge: cannot set the precision in ${int8}: layer 'pool1': MaxPool2D has no int4 weight kernel in CMSIS-NN; int4 weights are for Conv2D, DepthwiseConv2D and FullyConnected\n` })
    expect(await runCli('quantize', float, '--scheme', 'pow2', '--int4', 'conv1', '-o', out)).toMatchObject({ code: 1, stderr:
      `tinyforge: cannot quantize ${float}: layer 'conv1': the pow2-q7 library has no int4 (packed s4) weight kernels — its legacy q7 API has none; int4 weights need CMSIS-NN\n` })
    expect(await runCli('precision', int8, '-o', out)).toMatchObject({ code: 2, stderr: 'tinyforge: give --int4 and/or --int8 with the layers to change\n' })
    expect(() => readFileSync(out)).toThrow()
  })
})
