/**
 * The split chain as a user runs it: the head's C package (make, QEMU mps2-an386 Cortex-M4) writes the cut tensor,
 * onnxruntime (Node, onnxruntime-web) runs the tail ONNX on it, and the final outputs are compared with the whole
 * model's int8 engine outputs on seeded inputs (split/run-split.mjs, exit 0 only when the head is bit-exact and the
 * tail within tolerance). VWW int8 on QEMU; ResNet-8 cut inside a residual block (two tensors, policy 'all') on the host.
 */
import { existsSync, symlinkSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { runInt8 } from '../../engine/int8-engine.ts'
import { EXPORTERS, ExportError } from '../exporters.ts'
import type { ProjectDoc } from '../../ir/project.ts'
import { mlperfGraph } from '../../testing/c-fixtures.ts'
import { removeTempDirs, run, tempDir, writeFiles } from '../../testing/c-toolchain.ts'
import type { SplitExport } from './export-split.ts'
import { SplitError, exportSplit, projectCutTable } from './export-split.ts'
import { int8 } from '../../ops/op-def.ts'

const NODE_MODULES = new URL('../../../../node_modules', import.meta.url).pathname

afterAll(removeTempDirs)

function chain(split: SplitExport, board: string): { code: number; output: string } {
  const dir = tempDir('split')
  writeFiles(join(dir, 'pkg'), split.files)
  writeFileSync(join(dir, 'tail.onnx'), split.onnx)
  // The chain script imports onnxruntime-web the way a user's project would: from a node_modules beside it.
  if (existsSync(NODE_MODULES)) symlinkSync(NODE_MODULES, join(dir, 'node_modules'))
  return run('node', ['pkg/split/run-split.mjs', 'tail.onnx', '--board', board], dir, 300_000)
}

const doc = (name: string, file: string): ProjectDoc => ({ name, library: 'cmsis-nn', graph: mlperfGraph(file), targets: [] })

describe('split export', () => {
  it('VWW: the head on QEMU Cortex-M4 + the tail in onnxruntime reproduce the whole model on 8 seeded inputs', () => {
    const split = exportSplit(doc('vww', 'vww_96_int8.tflite'), { after: 'model/activation_7/Relu', vectors: 8, toleranceLsb: 0 })
    expect(split.cut).toMatchObject({ index: 8, bytes: 4608 })
    expect(split.tailInputs).toEqual([expect.objectContaining({ name: 'model/activation_7/Relu', dims: [1, 12, 12, 32] })])
    const header = split.files.get('include/vww_head.h') as string
    expect(header).toContain('#define VWW_HEAD_OUTPUT_SIZE 4608')
    expect(header).toMatch(/#define VWW_HEAD_OUTPUT0_SHAPE \{1, 12, 12, 32\}\n#define VWW_HEAD_OUTPUT0_SCALE \S+\n#define VWW_HEAD_OUTPUT0_ZERO_POINT -128/)
    const r = chain(split, 'm4')
    expect(r.output).toContain('vww_head: head 8/8 vectors bit-exact on qemu mps2-an386 (Cortex-M4)')
    expect(r.output).toContain('vww_head: tail in onnxruntime: 16/16 output values equal the whole model, max |diff| 0 LSB (tolerance 0) — ok')
    expect(r.code).toBe(0)
  }, 300_000)

  it('ResNet-8 inside a residual block: both live tensors are sent (policy \'all\') and the chain still matches', () => {
    const d = doc('resnet', 'pretrainedResnet_quant.tflite')
    // The first cut inside the first residual block: the block input is still read by the head's next convolution
    // (so the head returns it through a pass-through Reshape) and by the tail's Add.
    const after = projectCutTable(d).cuts.find((c) => c.multipleLive)!.after
    expect(() => exportSplit(d, { after })).toThrow(/^cannot split after '.+': 2 tensors are live/)
    // docs/onnx-export.md: the whole ResNet-8 QDQ model differs from the int8 engine by up to 41 LSB end to end on noise
    // inputs (1-LSB requantization differences compound); the tail is held to the same documented bound.
    const split = exportSplit(d, { after, policy: 'all', vectors: 4, toleranceLsb: 41 })
    expect(split.cut.tensors).toHaveLength(2)
    expect(split.tailInputs).toHaveLength(2)
    expect(split.head.nodes.filter((n) => n.id.endsWith('_split_out'))).toHaveLength(1)
    const r = chain(split, 'host')
    expect(r.output).toContain('resnet_head: head 4/4 vectors bit-exact on host')
    expect(r.output).toMatch(/resnet_head: tail in onnxruntime: \d+\/40 output values equal the whole model, max \|diff\| \d+ LSB \(tolerance 41\) — ok/)
    expect(r.code).toBe(0)
    // In the int8 engine the chain is exact: head outputs fed to the tail's Inputs give the whole model's bytes.
    const inputs = { [d.graph.nodes.find((n) => n.op === 'Input')!.id]: Int8Array.from({ length: 3072 }, (_, i) => ((i * 37) % 256) - 128) }
    const whole = runInt8(d.graph, inputs)
    const head = runInt8(split.head, inputs)
    const tailIn = Object.fromEntries(split.cut.tensors.map((t) => [t.node, int8(head.outputs.get(t.node)!)]))
    const tail = runInt8(split.tail, tailIn)
    const out = split.tailOutputs[0].nodeId
    expect(Array.from(tail.outputs.get(out)!)).toEqual(Array.from(whole.outputs.get(out)!))
  }, 300_000)

  it('is the registry\'s split exporter; its check names what export refuses, one line each', () => {
    const d = doc('vww', 'vww_96_int8.tflite')
    const out = EXPORTERS.split.export(d, { after: 'model/activation_12/Relu', vectors: 1 })
    if (out.kind !== 'files') throw new Error('files expected')
    expect(out.root).toBe('vww_head')
    expect(out.files.get('split/tail.onnx')).toEqual(out.details.onnx)
    expect([...out.files.keys()]).toEqual(expect.arrayContaining(['include/vww_head.h', 'src/vww_head.c', 'Makefile', 'split/head_main.c',
      'split/run-split.mjs', 'split/split.json']))
    expect(EXPORTERS.split.check(d, { after: 'model/activation_12/Relu' })).toEqual([])
    expect(EXPORTERS.split.check(d, { after: 'nope' })).toEqual([expect.stringMatching(/^no node 'nope' in the graph/)])
    expect(() => EXPORTERS.split.export(d, { after: 'nope' })).toThrow(ExportError)
  })

  it('refuses an unknown node and the last node with one line', () => {
    const d = doc('vww', 'vww_96_int8.tflite')
    expect(() => exportSplit(d, { after: 'nope' })).toThrow(SplitError)
    expect(() => exportSplit(d, { after: 'nope' })).toThrow(/^no node 'nope' in the graph/)
    expect(() => exportSplit(d, { after: 'Identity_int8' })).toThrow(/^cannot split after 'Identity_int8': it is the last node/)
  })
})
