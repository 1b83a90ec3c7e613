import { describe, expect, it } from 'vitest'
import { buildCutLayout, cutPointsOf, trunkOf } from '../../formats/cut/cut-layout.ts'
import { MOBILENET_V1 } from '../explore/families/mobilenet-v1.ts'
import { RESNET } from '../explore/families/resnet.ts'
import { instantiate, referenceValues } from '../explore/family.ts'
import type { ProjectDoc } from '../../ir/project.ts'
import { getTrainer, TRAINERS } from '../../targets/trainers.ts'
import { parseTrainerFile } from '../../targets/trainer-file.ts'
import { fashionMobilenetDoc } from '../../testing/cut-fixtures.ts'
import { proposeCuts } from './balance.ts'
import { estimateCutTraining } from './plan-estimate.ts'
import { pipelineMakespan, simulatePipeline } from './simulate.ts'
import { mulberry32 } from '../../ir/seeded-init.ts'

const vww: ProjectDoc = { name: 'vww', library: 'cmsis-nn', graph: instantiate(MOBILENET_V1, referenceValues(MOBILENET_V1)), targets: [] }
const dev = getTrainer('dev-1core')!

describe('cut plan', () => {
  it('builds blocks and heads on the combined graph, and the plan comes back from the heads', () => {
    const layout = buildCutLayout(vww, [{ after: 'b6_pw', head: 'gap-fc' }, { after: 'b2_pw', head: 'conv-pool-fc' }])
    expect(layout.blocks.map((b) => [b.entry, b.cut, b.template, b.output])).toEqual([
      [null, 'b2_pw', 'conv-pool-fc', 'cut1_softmax'],
      ['b2_pw', 'b6_pw', 'gap-fc', 'cut2_softmax'],
      ['b6_pw', null, null, 'probabilities'],
    ])
    expect(layout.blocks[0].head).toEqual(['cut1_conv', 'cut1_pool', 'cut1_flatten', 'cut1_fc', 'cut1_softmax'])
    expect(layout.blocks.flatMap((b) => b.nodes)).toEqual(layout.order)
    expect(layout.blocks[0].cutShape).toEqual([1, 24, 24, 32])
    expect(layout.classes).toBe(2)
    expect(cutPointsOf(layout.combined)).toEqual([{ after: 'b2_pw', head: 'conv-pool-fc' }, { after: 'b6_pw', head: 'gap-fc' }])
    expect(trunkOf(layout.combined).nodes.length).toBe(vww.graph.nodes.length)
  })

  it('refuses bad plans with one line', () => {
    const resnet: ProjectDoc = { name: 'r', library: 'cmsis-nn', graph: instantiate(RESNET, referenceValues(RESNET)), targets: [] }
    expect(() => buildCutLayout(resnet, [{ after: 's1_a_1', head: 'gap-fc' }])).toThrow(
      "cut after 's1_a_1': 2 tensors are live (conv1, s1_a_1); the policy 'single' refuses such cuts, 'all' sends them all")
    expect(() => buildCutLayout(vww, [{ after: 'b13_pw', head: 'conv-pool-fc' }])).toThrow(
      "head 1 (conv-pool-fc) does not fit the tensor after 'b13_pw' (1×3×3×256): head1/pool: MaxPool2D: the window height 2 is larger than the input height 1; use 'same' padding or a smaller window")
    expect(() => buildCutLayout(vww, [{ after: 'nope', head: 'gap-fc' }])).toThrow("no node 'nope' in the network to cut after")
    expect(() => buildCutLayout(vww, [{ after: 'b2_pw', head: 'gap-fc' }, { after: 'b2_pw', head: 'gap-fc' }])).toThrow("'b2_pw' is cut twice")
    expect(() => buildCutLayout(vww, [{ after: 'probabilities', head: 'gap-fc' }])).toThrow('it is the last node')
    const layout = buildCutLayout(vww, [{ after: 'b2_pw', head: 'gap-fc' }, { after: 'b6_pw', head: 'gap-fc' }])
    expect(() => estimateCutTraining(layout, [dev, dev], { samples: 100, batch: 10 })).toThrow('3 blocks need 3 devices; the plan assigns 2')
  })
})

describe('balancer', () => {
  it('3 equal devices on MobileNetV1 (VWW reference): every block within 1.15× the mean forward+backward cost', () => {
    const cuts = proposeCuts(vww, [dev, dev, dev], { batch: 64 })
    expect(cuts.map((c) => c.after)).toEqual(['b2_pw', 'b6_pw'])
    const est = estimateCutTraining(buildCutLayout(vww, cuts), [dev, dev, dev], { samples: 54_000, batch: 64 })
    for (const pick of [(d: (typeof est.devices)[number]) => d.cost.trunkSeconds, (d: (typeof est.devices)[number]) => d.computeSeconds]) {
      const costs = est.devices.map(pick)
      const mean = costs.reduce((a, b) => a + b, 0) / costs.length
      for (const c of costs) expect(c).toBeLessThanOrEqual(1.15 * mean)
    }
    expect(est.speedup).toBeGreaterThan(2.4)
    expect(est.speedup).toBeLessThan(3)
  })

  it('balances the Fashion-MNIST MobileNet too, and a naive cut is worse', () => {
    const doc = fashionMobilenetDoc({ width: 0.5 })
    const cuts = proposeCuts(doc, [dev, dev, dev], { batch: 64 })
    const balanced = estimateCutTraining(buildCutLayout(doc, cuts), [dev, dev, dev], { samples: 6400, batch: 64 })
    const naive = estimateCutTraining(buildCutLayout(doc, [{ after: 'b1_pw', head: 'gap-fc' }, { after: 'b2_pw', head: 'gap-fc' }]),
      [dev, dev, dev], { samples: 6400, batch: 64 })
    expect(balanced.pipelineSeconds).toBeLessThan(naive.pipelineSeconds)
    const computes = balanced.devices.map((d) => d.computeSeconds)
    expect(Math.max(...computes) / (computes.reduce((a, b) => a + b) / 3)).toBeLessThan(1.15)
  })
})

describe('pipeline schedule', () => {
  it('the simulated timeline equals the pipeline-bubble formula, and every device adds up to the makespan', () => {
    const rand = mulberry32(7)
    for (let trial = 0; trial < 50; trial++) {
      const n = 1 + Math.floor(rand() * 5)
      const stages = Array.from({ length: n }, (_, k) => ({ compute: 0.001 + rand(), transfer: k === n - 1 ? 0 : rand() * 0.3 }))
      const m = 1 + Math.floor(rand() * 200)
      const s = simulatePipeline(stages, m)
      expect(s.makespan).toBeCloseTo(pipelineMakespan(stages, m), 9)
      for (const d of s.devices) expect(d.compute + d.transfer + d.idle).toBeCloseTo(s.makespan, 9)
    }
    // Equal stages: the bubble is (N − 1)/(M + N − 1) of each device's time.
    const s = simulatePipeline([{ compute: 1, transfer: 0 }, { compute: 1, transfer: 0 }, { compute: 1, transfer: 0 }], 10)
    expect(s.makespan).toBe(12)
    expect(s.devices.map((d) => d.idle)).toEqual([2, 2, 2])
    expect(s.devices[1].segments.slice(0, 2)).toEqual([{ kind: 'idle', start: 0, end: 1, batch: 0 }, { kind: 'compute', start: 1, end: 2, batch: 0 }])
  })
})

describe('edge trainers', () => {
  it('every catalog figure has a source, and custom files are checked', () => {
    for (const t of TRAINERS) for (const f of Object.values(t.figures)) expect(f.source.length).toBeGreaterThan(20)
    const t = parseTrainerFile(JSON.stringify({ id: 'my-pi', name: 'My Pi', gmacPerS: 2, depthwiseGmacPerS: 0.1, activationGBps: 1,
      updateMParamsPerS: 30, overheadUs: 150, memoryBytes: 4e9, linkBandwidthBps: 9e8, linkLatencyMs: 0.2 }), 'pi.json')
    expect([t.custom, t.kind, t.link.bandwidthBps, t.figures.dense.source]).toEqual([true, 'cpu', 9e8, 'custom pi.json (user-supplied)'])
    expect(() => parseTrainerFile('{"id":"x"}')).toThrow('trainer file: gmacPerS is missing')
    expect(() => parseTrainerFile('{"id":"x","speed":1}')).toThrow("trainer file: unknown field 'speed'")
  })
})
