import { describe, expect, it } from 'vitest'
import { analyzeGraph } from '../../analysis/analyze-graph.ts'
import { runFloat } from '../../engine/float-engine.ts'
import { prepareInputs, runInt8 } from '../../engine/int8-engine.ts'
import type { Graph } from '../../ir/types.ts'
import { cmsisCodePath } from '../../kernels/cmsis-nn/code-path.ts'
import { kernelSite } from '../../kernels/registry.ts'
import { mlperfGraph, templateGraph } from '../../testing/c-fixtures.ts'
import { CMSIS_NN } from '../../vendors/cmsis-nn/index.ts'
import { familyById } from '../explore/families/index.ts'
import { instantiate, referenceValues } from '../explore/family.ts'
import { channelGroups } from './channel-groups.ts'
import { PruneError, pruneChannels } from './structured-prune.ts'

/** Every layer's CMSIS-NN code path, by node id. */
function codePaths(graph: Graph): Map<string, string> {
  const a = analyzeGraph(graph, CMSIS_NN)
  const out = new Map<string, string>()
  for (const id of a.order) {
    const node = graph.nodes.find((n) => n.id === id)!
    const info = a.nodes.get(id)!
    const site = kernelSite(node.op, 's8', info.attrs, info.inputs, info.output!)
    if (site) out.set(id, cmsisCodePath(site))
  }
  return out
}

const GRAPHS: [string, () => Graph][] = [
  ['VWW int8', () => mlperfGraph('vww_96_int8.tflite')],
  ['KWS int8', () => mlperfGraph('kws_ref_model.tflite')],
  ['ResNet-8 int8', () => mlperfGraph('pretrainedResnet_quant.tflite')],
  ['AD int8', () => mlperfGraph('ad01_int8.tflite')],
  ['digits template', () => templateGraph('digits-cnn', 's8')],
  ['KWS template (float)', () => instantiate(familyById('ds-cnn')!, referenceValues(familyById('ds-cnn')!))],
  ['ResNet family (float)', () => instantiate(familyById('resnet')!, referenceValues(familyById('resnet')!))],
]

describe('structured pruning', () => {
  it('finds the channel groups: an Add joins both operands, outputs and Softmax inputs stay', () => {
    const g = mlperfGraph('pretrainedResnet_quant.tflite')
    const groups = channelGroups(g, analyzeGraph(g, CMSIS_NN))
    const joined = groups.filter((x) => x.producers.length > 1)
    expect(joined.length).toBe(3) // each residual stack: the block's last conv, the shortcut (or the stack input) and the Add
    expect(groups.find((x) => x.channels === 10)!.blocked).toMatch(/cannot rewrite \(blocks\)/)
  })

  for (const [name, build] of GRAPHS) {
    it(`keeps ${name} valid, on its CMSIS-NN code paths, with channel counts a multiple of 4, over ratios 0.1–0.9`, () => {
      const graph = build()
      const before = codePaths(graph)
      for (const ratio of [0.1, 0.3, 0.5, 0.7, 0.9]) {
        const r = pruneChannels(graph, CMSIS_NN, { ratio })
        const a = analyzeGraph(r.graph, CMSIS_NN)
        expect(a.diagnostics.filter((d) => d.severity === 'error'), `${name} @ ${ratio}`).toEqual([])
        for (const group of r.groups) {
          expect(group.after % 4 === 0 || group.after === group.before, `${name} ${group.layers} ${group.after}`).toBe(true)
          expect(group.after).toBeLessThanOrEqual(group.before)
        }
        const after = codePaths(r.graph)
        for (const [id, path] of before) expect(after.get(id), `${name} @ ${ratio}: ${id}`).toBe(path)
        const macs = (x: Graph) => [...analyzeGraph(x, CMSIS_NN).nodes.values()].reduce((s, n) => s + n.macs, 0)
        if (r.groups.length > 0) expect(macs(r.graph)).toBeLessThan(macs(graph))
      }
    })
  }

  it('keeps the most important filters, in order, and runs the pruned int8 model', () => {
    const graph = mlperfGraph('kws_ref_model.tflite')
    const r = pruneChannels(graph, CMSIS_NN, { ratio: 0.5 })
    expect(r.groups.length).toBeGreaterThan(0)
    for (const g of r.groups) {
      expect(g.kept).toEqual([...g.kept].sort((a, b) => a - b))
      expect(g.after).toBe(32)
    }
    const input = r.graph.nodes.find((n) => n.op === 'Input')!
    const raw = Float32Array.from({ length: 490 }, (_, i) => (i % 50) - 25)
    const out = runInt8(r.graph, prepareInputs(r.graph, { [input.id]: raw }))
    expect(out.outputs.size).toBe(r.graph.nodes.length)
  })

  it('prunes a float graph whose float outputs stay finite, and ratio 0 changes nothing', () => {
    const graph = templateGraph('digits-cnn', 's8')
    expect(pruneChannels(graph, CMSIS_NN, { ratio: 0 }).groups).toEqual([])
    const family = instantiate(familyById('ds-cnn')!, referenceValues(familyById('ds-cnn')!))
    const r = pruneChannels(family, CMSIS_NN, { ratio: 0.3, criterion: 'l2' })
    const input = r.graph.nodes.find((n) => n.op === 'Input')!
    const out = runFloat(r.graph, { [input.id]: new Float32Array(490).fill(0.5) })
    expect([...out.outputs.values()].every((t) => t.every(Number.isFinite))).toBe(true)
  })

  it('refuses bad options with one sentence and leaves the graph untouched', () => {
    const graph = templateGraph('digits-cnn', 's8')
    expect(() => pruneChannels(graph, CMSIS_NN, { ratio: 1 })).toThrow(new PruneError('the pruning ratio must be in [0, 1), got 1'))
    expect(() => pruneChannels(graph, CMSIS_NN, { ratio: -0.1 })).toThrow('the pruning ratio must be in [0, 1), got -0.1')
    expect(() => pruneChannels(graph, CMSIS_NN, { ratio: 0.2, perLayer: { conv1: 1 } })).toThrow("a ratio of 1 would remove every channel of layer 'conv1'")
    expect(() => pruneChannels(graph, CMSIS_NN, { ratio: 0.2, perLayer: { nope: 0.5 } })).toThrow("no layer 'nope' to prune")
    expect(() => pruneChannels(graph, CMSIS_NN, { ratio: 0.2, perLayer: { logits: 0.5 } })).toThrow(/layer 'logits' cannot be pruned/)
  })
})
