/**
 * `tinyforge split` through main(): the analysis table and JSON for VWW int8 (imported on the fly), the export of a cut
 * (C head folder/zip + ONNX tail), custom link and tier files, and the one-line refusals that write nothing.
 */
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { MLPERF_DIR } from '../../core/testing/c-fixtures.ts'
import { runCli } from '../run-for-test.ts'

const VWW = `${MLPERF_DIR}vww_96_int8.tflite`
const RESNET = `${MLPERF_DIR}pretrainedResnet_quant.tflite`
const dir = mkdtempSync(join(tmpdir(), 'tinyforge-split-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('tinyforge split', () => {
  it('prints every cut and the best cuts of each target × link × tier', async () => {
    const r = await runCli('split', VWW, '--targets', 'nucleo-f446re,nucleo-l4r5zi', '--link', 'ble-2m,wifi-esp32', '--tier', 'rpi4-cpu')
    expect(r.stderr).toBe('')
    expect(r.code).toBe(0)
    expect(r.stdout).toContain('vww_96_int8 — 32 cuts, input 27,648 B, 7,489,664 MACs')
    expect(r.stdout).toMatch(/\n3 +model\/activation_2\/Relu +Conv2D +36,864 .* larger than the input\n/)
    expect(r.stdout.match(/^nucleo-\S+ +(ble-2m|wifi-esp32) +rpi4-cpu /gm)).toHaveLength(4)
  })

  it('--json gives the cut table and the combinations with their crossovers; --bandwidth overrides the links', async () => {
    const r = await runCli('split', VWW, '--json', '--link', 'ble-2m', '--tier', 'rpi4-cpu', '--bandwidth', '500000')
    const j = JSON.parse(r.stdout)
    expect(j.table.cuts).toHaveLength(32)
    expect(j.table.cuts[8]).toMatchObject({ after: expect.any(String), bytes: 4608, illegal: null })
    expect(j.combinations).toHaveLength(1)
    expect(j.combinations[0]).toMatchObject({ target: 'nucleo-f446re', link: 'ble-2m', tier: 'rpi4-cpu', bandwidthBps: 500000 })
    expect(j.combinations[0].crossovers.length).toBeGreaterThan(0)
    expect(j.links[0].figures.bandwidth.source).toMatch(/Bluetooth Core/)
  })

  it('reads custom link and tier files', async () => {
    writeFileSync(join(dir, 'radio.json'), JSON.stringify({ id: 'my-radio', name: 'My radio', bandwidthBps: 2e6, rttMs: 3, energyNjPerByte: 50 }))
    writeFileSync(join(dir, 'box.json'), JSON.stringify({ id: 'box', name: 'Box', gmacPerS: 100, overheadMs: 0.1 }))
    const r = await runCli('split', VWW, '--link', 'ble-2m', '--link-file', join(dir, 'radio.json'), '--tier', 'rpi4-cpu', '--tier-file', join(dir, 'box.json'), '--json')
    expect(r.code).toBe(0)
    expect(JSON.parse(r.stdout).combinations.map((c: { link: string; tier: string }) => `${c.link}/${c.tier}`))
      .toEqual(['ble-2m/rpi4-cpu', 'ble-2m/box', 'my-radio/rpi4-cpu', 'my-radio/box'])
  })

  it('exports the C head (folder) and the ONNX tail of a cut', async () => {
    const c = join(dir, 'head')
    const onnx = join(dir, 'tail.onnx')
    const r = await runCli('split', VWW, '--after', 'model/activation_7/Relu', '--c', c, '--onnx', onnx)
    expect(r.stderr).toBe('')
    expect(r.code).toBe(0)
    expect(r.stdout).toContain(`wrote ${c}: C head vww_96_int8_head: nodes up to model/activation_7/Relu, returns 4608 B (model/activation_7/Relu 1×12×12×32)`)
    expect(r.stdout).toMatch(/wrote .*tail\.onnx: ONNX tail \(QDQ, IR 8 \/ opset 17\), \d+ bytes; int8 inputs model\/activation_7\/Relu \[1, 12, 12, 32\]/)
    expect(readFileSync(join(c, 'include/vww_96_int8_head.h'), 'utf8')).toContain('#define VWW_96_INT8_HEAD_OUTPUT_SIZE 4608')
    expect(readFileSync(onnx)).toEqual(readFileSync(join(c, 'split/tail.onnx')))
    const zip = join(dir, 'head.zip')
    expect((await runCli('split', VWW, '--after', 'model/activation_7/Relu', '--c', zip)).code).toBe(0)
    expect(readFileSync(zip).subarray(0, 2).toString()).toBe('PK')
  })

  it.each([
    [['--after', 'nope', '--c', 'x'], 2, /^tinyforge: no node 'nope' in .*vww_96_int8\.tflite; give a node id or name/],
    [['--c', 'x'], 2, /^tinyforge: --c and --onnx need --after <node id or name>\n$/],
    [['--live', 'some'], 2, /^tinyforge: --live takes single or all, got 'some'\n$/],
    [['--link', 'pigeon'], 2, /^tinyforge: unknown link 'pigeon'; known: ble-2m, /],
    [['--tier', 'mainframe'], 2, /^tinyforge: unknown tier 'mainframe'; known: rpi4-cpu, /],
    [['--bandwidth=-3'], 2, /^tinyforge: --bandwidth must be a positive number of bit\/s, got '-3'\n$/],
  ])('refuses %j with one line and writes nothing', async (extra, code, message) => {
    const before = readdirSync(dir).length
    const r = await runCli('split', VWW, ...extra)
    expect(r.code).toBe(code)
    expect(r.stderr).toMatch(message)
    expect(r.stderr.trim().split('\n')).toHaveLength(1)
    expect(readdirSync(dir).length).toBe(before)
    expect(existsSync('x')).toBe(false)
  })

  it('refuses bad link and tier files and a cut with two live tensors without a stated policy', async () => {
    writeFileSync(join(dir, 'bad-link.json'), JSON.stringify({ id: 'l', name: 'L', bandwidthBps: -1, rttMs: 1, energyNjPerByte: 1 }))
    let r = await runCli('split', VWW, '--link-file', join(dir, 'bad-link.json'))
    expect([r.code, r.stderr]).toEqual([2, `tinyforge: link file: bandwidthBps must be a positive number, got -1 (${join(dir, 'bad-link.json')})\n`])
    writeFileSync(join(dir, 'bad-tier.json'), JSON.stringify({ id: 't', name: 'T', overheadMs: 1 }))
    r = await runCli('split', VWW, '--tier-file', join(dir, 'bad-tier.json'))
    expect([r.code, r.stderr]).toEqual([2, `tinyforge: tier file: gmacPerS is missing (${join(dir, 'bad-tier.json')})\n`])
    const head = join(dir, 'resnet-head')
    r = await runCli('split', RESNET, '--after', 'model/activation_1/Relu', '--c', head)
    expect(r.code).toBe(1)
    expect(r.stderr).toMatch(/^tinyforge: cannot split .*pretrainedResnet_quant\.tflite: cannot split after 'model\/activation_1\/Relu': 2 tensors are live \(.+\); the policy 'single' refuses such cuts, 'all' sends them all\n$/)
    expect(existsSync(head)).toBe(false)
    r = await runCli('split', RESNET, '--after', 'model/activation_1/Relu', '--c', head, '--live', 'all')
    expect(r.code).toBe(0)
    expect(r.stdout).toMatch(/returns \d+ B \(.+ \+ .+\)/)
  })
})
