/**
 * ONNX export of the second operator set in onnxruntime-web (wasm, Node): the float export against the float engine
 * and the QDQ export against the int8 engine, per operator on ORT's own inputs, on graphs that use every new
 * operator (testing/fixture-graphs-seq.ts); every file passes onnx 1.12's full checker and strict shape inference.
 */
import { spawnSync } from 'node:child_process'
import { mkdirSync, writeFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import type { Graph } from '../../ir/types.ts'
import { syntheticSamples } from '../../data/calibration-data.ts'
import { quantizeGraph } from '../../pipelines/ptq.ts'
import { SECOND_SET_NET, SEQUENCE_NET } from '../../testing/fixture-graphs-seq.ts'
import { measureAgreement, seededCodes } from '../../testing/onnx-export-test-utils.ts'

const OUT = 'out/onnx/'
const written: string[] = []

const CASES: [string, Graph][] = [['second-set', SECOND_SET_NET], ['sequence', SEQUENCE_NET]]

describe('ONNX export of the second operator set', () => {
  it.each(CASES)('%s: float export = float engine, QDQ export within 1 LSB of every int8 kernel', async (name, float) => {
    mkdirSync(OUT, { recursive: true })
    const int8 = quantizeGraph(float, { scheme: 's8', samples: syntheticSamples(float, 8, 1) })
    const input = int8.nodes.find((n) => n.op === 'Input')!
    const codes = seededCodes(`export-second-set:${name}`, 4, [1, ...(input.attrs.shape as number[])])
    const f = await measureAgreement(float, int8, codes)
    for (const [file, bytes] of [[`${OUT}${name}.float.onnx`, f.float.bytes], [`${OUT}${name}.qdq.onnx`, f.qdq.bytes]] as const) {
      writeFileSync(file, bytes)
      written.push(file)
    }
    expect(f.floatMaxRel).toBeLessThanOrEqual(1e-4)
    for (const [op, a] of f.perOpByType) expect([op, a.withinOne]).toEqual([op, a.count])
    expect(f.perOp.exactPct).toBeGreaterThanOrEqual(99)
  }, 120_000)

  it('every exported file passes onnx.checker (full_check) and strict shape inference', () => {
    const r = spawnSync('/usr/bin/python3', ['scripts/check_onnx.py', ...written], { encoding: 'utf8' })
    expect(r.stderr).toBe('')
    expect(r.status).toBe(0)
    expect(r.stdout.trim().split('\n')).toHaveLength(written.length)
  }, 120_000)
})
