import { describe, expect, it } from 'vitest'
import { analyzeGraph } from '../analysis/analyze-graph.ts'
import type { Attrs, Edge, Graph, GraphNode } from '../ir/types.ts'
import { CATALOG_TARGETS } from '../targets/catalog.ts'
import { parseTargetFile } from '../targets/target-file.ts'
import { templateById } from '../templates/index.ts'
import { CMSIS_NN } from '../vendors/cmsis-nn/index.ts'
import { POW2_Q7 } from '../vendors/pow2-q7/index.ts'
import { estimate } from './estimate.ts'
import measured from './kernel-code-sizes.measured.json' with { type: 'json' }
import { MIN_RATIO_ERROR_PCT } from './kernel-runtime.ts'

/** A chain graph: nodes n1… in order, edge eK feeds n(K+1) from nK unless `inputs` says otherwise. */
function graphOf(layers: readonly { op: string; attrs?: Attrs; inputs?: string[] }[], extraEdges: Edge[] = []): Graph {
  const nodes: GraphNode[] = layers.map((l, i) => ({ id: `n${i + 1}`, op: l.op, name: `${l.op.toLowerCase()}${i + 1}`, attrs: l.attrs ?? {},
    position: { x: 0, y: 0 } }))
  const edges: Edge[] = []
  layers.forEach((l, i) => {
    const sources = l.inputs ?? (i > 0 && l.op !== 'Input' ? [`n${i}`] : [])
    sources.forEach((source, port) => edges.push({ id: `e${edges.length + 1}`, source, target: `n${i + 1}`, targetPort: port }))
  })
  return { nodes, edges: [...edges, ...extraEdges], seed: 1 }
}

const INPUT = { op: 'Input', attrs: { shape: [8, 8, 3], mean: [0], scale: 1 / 128 } }
const CONV = { op: 'Conv2D', attrs: { filters: 4, kernelH: 3, kernelW: 3, strideH: 1, strideW: 1, dilationH: 1, dilationW: 1,
  padding: 'same', useBias: true, activation: 'relu' } }
const DW = { op: 'DepthwiseConv2D', attrs: { depthMultiplier: 1, kernelH: 3, kernelW: 3, strideH: 2, strideW: 2, dilationH: 1,
  dilationW: 1, padding: 'same', useBias: true, activation: 'relu' } }
/** Input 8×8×3 → Conv2D 4 3×3 → DepthwiseConv2D 3×3 /2 → GlobalAveragePool → FullyConnected 2 → Softmax. */
const SMALL = graphOf([INPUT, CONV, DW, { op: 'GlobalAveragePool' }, { op: 'FullyConnected', attrs: { units: 2, useBias: true,
  activation: 'none' } }, { op: 'Softmax', attrs: { beta: 1 } }])

const board = (id: string, core: string, clockMHz: number, sramBytes: number, flashBytes: number) => parseTargetFile(JSON.stringify({
  id, name: id, core, clockMHz, sramBytes, flashBytes, activePowerMw: 50 }), `${id}.json`)
const M4 = board('m4-board', 'cortex-m4', 100, 65536, 1 << 20)
const M85 = board('m85-board', 'cortex-m85', 100, 65536, 1 << 20)
const M0 = board('m0-board', 'cortex-m0plus', 100, 65536, 1 << 20)
/** Too small on both counts: RAM 512 B < 560 B, flash 16 KiB < 20,058 B. */
const TINY = board('tiny', 'cortex-m4', 100, 512, 16384)

describe('estimate — a small hand-checked graph (cmsis-nn library, CMSIS-NN kernels)', () => {
  const report = estimate(SMALL, CMSIS_NN, [M4, M85, M0, TINY], { name: 'small', runtime: 'cmsis-nn' })

  it('counts MACs, parameters and constant bytes layer by layer', () => {
    // Conv: 8·8·4 outputs × 3·3·3 = 6912 MACs, 108 int8 weights + 4 int32 biases = 124 B, 4 channels × (mult + shift) = 32 B.
    // Depthwise /2: 4·4·4 × 9 = 576 MACs, 36 + 16 = 52 B, 32 B. FC: 4 × 2 = 8 MACs, 8 + 8 = 16 B, 16 B.
    expect(report.layers.map((l) => [l.op, l.kind, l.macs, l.params, l.weightBytes, l.biasBytes, l.quantParamBytes, l.outputBytes])).toEqual([
      ['Input', 'none', 0, 0, 0, 0, 0, 192],
      ['Conv2D', 'conv', 6912, 112, 124, 16, 32, 256],
      ['DepthwiseConv2D', 'depthwise', 576, 40, 52, 16, 32, 64],
      ['GlobalAveragePool', 'pool', 0, 0, 0, 0, 0, 4],
      ['FullyConnected', 'fc', 8, 10, 16, 8, 16, 2],
      ['Softmax', 'softmax', 0, 0, 0, 0, 0, 2],
    ])
    expect(report.model).toEqual({ name: 'small', macs: 7496, params: 162, weightBytes: 192, biasBytes: 40, quantParamBytes: 80,
      nodes: 6, estimatedNodes: 6 })
    expect(report.library).toBe('cmsis-nn')
    expect(report.complete).toBe(true)
  })

  it('plans the arena: 16-byte aligned buffers, live bytes per step, meets the liveness bound', () => {
    const m = report.memory
    expect(m.buffers.map((b) => [b.node, b.size, b.alignedSize, b.firstUse, b.lastUse])).toEqual([
      ['n1', 192, 192, 0, 1], ['n2', 256, 256, 1, 2], ['n3', 64, 64, 2, 3], ['n4', 4, 16, 3, 4], ['n5', 2, 16, 4, 5], ['n6', 2, 16, 5, 5],
    ])
    expect(m.liveBytes).toEqual([192, 448, 320, 80, 32, 32])
    expect([m.arenaBytes, m.lowerBoundBytes, m.planner, m.alignment]).toEqual([448, 448, 'optimizing', 16])
    expect([m.inputBytes, m.outputBytes, m.ioInArena]).toEqual([192, 2, true])
    for (const b of m.buffers) expect(b.offset + b.alignedSize).toBeLessThanOrEqual(448)
  })

  it('adds the largest kernel scratch of the core’s CMSIS-NN path to the arena', () => {
    // DSP (M4) and C (M0+): im2col of the 3×3×3 conv, 2·align4(27)·2 = 112 B; depthwise 3×3 pad 1 needs none; GAP on DSP 4·4 = 16.
    // MVE (M85): arm_depthwise_conv_s8_opt 4·124·3·3 = 4464 B.
    expect(report.layers.map((l) => l.scratchBytes)).toEqual([
      { c: 0, dsp: 0, mve: 0 }, { c: 112, dsp: 112, mve: 128 }, { c: 0, dsp: 0, mve: 4464 }, { c: 0, dsp: 16, mve: 0 },
      { c: 0, dsp: 0, mve: 8 }, { c: 0, dsp: 0, mve: 0 },
    ])
    const [m4, m85, m0] = report.targets
    expect([m4.ram, m85.ram, m0.ram].map((r) => [r.arenaBytes, r.scratchBytes, r.scratchNode, r.isa, r.overheadBytes, r.ioBytes])).toEqual([
      [448, 112, 'n2', 'dsp', 0, 0], [448, 4464, 'n3', 'mve', 0, 0], [448, 112, 'n2', 'c', 0, 0],
    ])
    expect([m4.ramBytes, m85.ramBytes, m0.ramBytes]).toEqual([560, 4912, 560])
    expect(m4.layers.map((l) => [l.liveBytes, l.scratchBytes, l.ramBytes])).toEqual([
      [192, 0, 192], [448, 112, 560], [320, 0, 320], [80, 16, 96], [32, 0, 32], [32, 0, 32],
    ])
    expect(m4.figures.ram).toMatchObject({ source: 'computed', errorPct: 0 })
  })

  it('prices flash: constants + each kernel once + call sites + memcpy/memset (Cortex-M4 sizes)', () => {
    const f = report.targets[0].flash
    expect([f.weightBytes, f.biasBytes, f.quantParamBytes]).toEqual([192, 40, 80])
    expect(f.kernels).toEqual([
      { kernel: 'arm_convolve_wrapper_s8', bytes: 6500 }, { kernel: 'arm_depthwise_conv_wrapper_s8', bytes: 5024 },
      { kernel: 'arm_avgpool_s8', bytes: 532 }, { kernel: 'arm_fully_connected_wrapper_s8', bytes: 3152 }, { kernel: 'arm_softmax_s8', bytes: 3284 },
    ])
    expect([f.kernelBytes, f.callSiteBytes, f.libcBytes, f.fixedBytes, f.codeSizeCpu, f.standIn, f.unknownCode]).toEqual([18492,
      208 + 212 + 140 + 192 + 40, 502, 0, 'cortex-m4', null, []])
    expect(report.targets[0].flashBytes).toBe(192 + 80 + 18492 + 792 + 502)
    expect(report.targets[0].layers.map((l) => l.flashBytes)).toEqual([0, 124 + 32 + 208, 52 + 32 + 212, 140, 16 + 16 + 192, 40])
    expect(report.targets[0].figures.flash).toMatchObject({ source: 'assumption', errorPct: Math.round((500 * 19786) / 20058) / 10 })
    expect(report.targets[1].flash).toMatchObject({ codeSizeCpu: 'cortex-m55', standIn: expect.stringContaining('Helium') })
  })

  it('sums layer cycles from the committed coefficients into latency, energy and an error band', () => {
    // Cortex-M4 (fit): conv 2.9756·6912 + 10·256 + 500; depthwise 3.2854·576 + 10·64 + 500; GAP 2·64 + 500;
    // FC 3.6475·8 + 10·2 + 500; softmax 60·2 + 500 (the last two kinds are assumptions, ±50 %).
    const expected = [0, 23627.3472, 3032.3904, 628, 549.18, 620]
    const t = report.targets[0]
    t.layers.forEach((l, i) => expect(l.cycles).toBeCloseTo(expected[i], 6))
    expect(t.layers.map((l) => [l.source, l.errorPct])).toEqual([['computed', 0], ['fit', 13], ['fit', 13], ['assumption', 50],
      ['fit', 13], ['assumption', 50]])
    expect(t.cycles).toBeCloseTo(28456.9176, 6)
    expect(t.latencyMs).toBeCloseTo(0.284569176, 9)
    expect(t.layers[1].latencyMs).toBeCloseTo(0.236273472, 9)
    expect(t.energyUj).toBeCloseTo(0.284569176 * 50, 9)
    // (27208.9176·13 + 1248·50) / 28456.9176 = 14.62…
    expect(t.figures.latency).toMatchObject({ source: 'fit', errorPct: 14.6 })
    expect(t.figures.energy).toMatchObject({ source: 'assumption', errorPct: 14.6 })
    expect(t.latencyShares.fit).toBeCloseTo(27208.9176 / 28456.9176, 9)
    expect(t.latencyShares.assumption).toBeCloseTo(1248 / 28456.9176, 9)
  })

  it('says whether the model fits, against the whole device or a reserved budget', () => {
    const [m4, , , tiny] = report.targets
    expect(m4.fits).toEqual({ flash: true, ram: true })
    expect(tiny.fits).toEqual({ flash: false, ram: false })
    expect(tiny.usage).toEqual({ flash: 20058 / 16384, ram: 560 / 512 })
    const reserved = estimate(SMALL, CMSIS_NN, [board('b', 'cortex-m4', 100, 640, 1 << 20)], { reserve: { ram: 0.25 }, runtime: 'cmsis-nn' })
      .targets[0]
    expect(reserved.capacity).toEqual({ flashBytes: 1 << 20, ramBytes: 640, flashBudgetBytes: 1 << 20, ramBudgetBytes: 480,
      reserved: { flash: 0, ram: 0.25 } })
    expect(reserved.fits).toEqual({ flash: true, ram: false })
    expect(() => estimate(SMALL, CMSIS_NN, [], { reserve: { flash: 1 } })).toThrow('reserve.flash must be a fraction in [0, 1), got 1')
  })

  it('carries the DESIGN.md fields and the device figures with their sources', () => {
    const t = estimate(SMALL, CMSIS_NN, CATALOG_TARGETS.filter((c) => c.id === 'nucleo-l4r5zi'), { runtime: 'cmsis-nn' }).targets[0]
    expect(t).toMatchObject({ id: 'nucleo-l4r5zi', name: 'STM32L4R5ZI', core: 'cortex-m4', clockMHz: 120, custom: false, activePowerMw: 41.845 })
    expect(t.figures.power.kind).toBe('measurement')
    expect(t.figures.energy.source).toBe('fit')
    expect(t.layers[0]).toEqual(expect.objectContaining({ node: 'n1', op: 'Input', macs: 0, latencyMs: 0, ramBytes: 192, flashBytes: 0 }))
  })
})

describe('estimate — the portable runtime: what a plain `make` of the C package links', () => {
  const report = estimate(SMALL, CMSIS_NN, [M4, M85], { name: 'small', runtime: 'portable' })
  const [m4, m85] = report.targets
  const kernels = measured.kernels as Record<string, Record<string, Record<string, number>>>
  const callSites = measured.portable.callSites as Record<string, Record<string, number>>
  const used = ['tf_convolve_s8', 'tf_depthwise_conv_s8', 'tf_avgpool_s8', 'tf_fully_connected_s8', 'tf_softmax_s8']

  it('names the runtime kernels and their scratch', () => {
    expect(report.runtime).toBe('portable')
    expect(report.layers.map((l) => l.kernels)).toEqual([[], ...used.map((k) => [k])])
    // Conv2D im2col of two pixels: 2 · 3·3·3 int16 = 108 B; no other kernel needs scratch.
    expect(report.layers.map((l) => l.portableScratchBytes)).toEqual([0, 108, 0, 0, 0, 0])
  })

  it('prices RAM as the package reserves it: arena + scratch in whole words + the arena guard word, on every core', () => {
    expect([m4.ram.arenaBytes, m4.ram.scratchBytes, m4.ram.scratchNode, m4.ram.overheadBytes]).toEqual([448, 108, 'n2', 4])
    expect([m4.ramBytes, m85.ramBytes]).toEqual([560, 560])
    expect(m4.layers.map((l) => l.ramBytes)).toEqual([192, 556, 320, 80, 32, 32])
    expect(m4.figures.ram.basis).toContain('108 B of the portable kernels + 4 B arena guard word')
  })

  it('prices flash from the C package\'s measured -O2 kernels, call sites and zero-copy API', () => {
    const f = m4.flash
    const kernelBytes = used.map((k) => kernels[k]['-O2']['cortex-m4'])
    const calls = used.map((k) => callSites[k]['cortex-m4'])
    expect(f.kernels).toEqual(used.map((kernel, i) => ({ kernel, bytes: kernelBytes[i] })))
    const code = kernelBytes.reduce((a, b) => a + b) + calls.reduce((a, b) => a + b) + measured.portable.fixedBytes['cortex-m4']
    expect([f.kernelBytes, f.callSiteBytes, f.libcBytes, f.fixedBytes]).toEqual([kernelBytes.reduce((a, b) => a + b),
      calls.reduce((a, b) => a + b), 0, measured.portable.fixedBytes['cortex-m4']])
    expect(m4.flashBytes).toBe(192 + 80 + code)
    expect(m4.layers.map((l) => l.flashBytes)).toEqual([0, 124 + 32 + calls[0], 52 + 32 + calls[1], calls[2], 16 + 16 + calls[3], calls[4]])
    expect(m4.figures.flash).toMatchObject({ source: 'measurement', errorPct: Math.round((50 * code) / (272 + code)) / 10 })
    expect(m85.flash.codeSizeCpu).toBe('cortex-m55')
    expect(m85.figures.flash.source).toBe('assumption')
  })

  it('scales the CMSIS-NN cycles by the measured instruction ratio of each op kind', () => {
    const dsp = measured.ratios.dsp
    const cmsis = [0, 23627.3472, 3032.3904, 628, 549.18, 620] // the cmsis-nn runtime's layers above
    const ratio = [0, dsp.conv.ratio, dsp.depthwise.ratio, dsp.pool.ratio, dsp.fc.ratio, dsp.softmax.ratio]
    m4.layers.forEach((l, i) => expect(l.cycles).toBeCloseTo(cmsis[i] * ratio[i], 6))
    const err = (e: number) => Math.round((Math.max(MIN_RATIO_ERROR_PCT, e) + 13) * 10) / 10
    expect(m4.layers.map((l) => [l.source, l.errorPct])).toEqual([['computed', 0], ['scaled', err(dsp.conv.errorPct)],
      ['scaled', err(dsp.depthwise.errorPct)], ['assumption', Math.round((Math.max(MIN_RATIO_ERROR_PCT, dsp.pool.errorPct) + 50) * 10) / 10],
      ['scaled', err(dsp.fc.errorPct)], ['assumption', Math.round((Math.max(MIN_RATIO_ERROR_PCT, dsp.softmax.errorPct) + 50) * 10) / 10]])
    expect(m4.cycles).toBeCloseTo(cmsis.reduce((s, c, i) => s + c * ratio[i], 0), 6)
    expect(m4.figures.latency.basis).toContain('portable ÷ CMSIS-NN instructions per op kind')
    expect(m85.layers.every((l) => l.source === 'assumption' || l.source === 'computed')).toBe(true)
  })

  it('rejects an unknown runtime', () => {
    expect(() => estimate(SMALL, CMSIS_NN, [], { runtime: 'tflm' as never })).toThrow('runtime must be one of portable, cmsis-nn, got tflm')
  })
})

describe('estimate — pow2-q7', () => {
  it('uses int8 biases, no per-channel parameters, the legacy kernels and their bufferA', () => {
    const r = estimate(SMALL, POW2_Q7, [M4, M85], { runtime: 'cmsis-nn' })
    expect(r.model).toMatchObject({ weightBytes: 108 + 4 + 36 + 4 + 8 + 2, biasBytes: 10, quantParamBytes: 0 })
    // Conv2D (3 input channels → basic kernel): bufferA 4·3·3·3 = 108; depthwise 4·4·9 = 144; FC 2·4 = 8; GAP 2·1·4 = 8.
    expect(r.layers.map((l) => l.scratchBytes.dsp)).toEqual([0, 108, 144, 8, 8, 0])
    expect(r.layers.map((l) => l.kernels)).toEqual([[], ['arm_convolve_HWC_q7_basic_nonsquare'],
      ['arm_depthwise_separable_conv_HWC_q7_nonsquare'], ['arm_avepool_q7_HWC'], ['arm_fully_connected_q7'], ['arm_softmax_with_batch_q7']])
    expect(r.targets.map((t) => t.ramBytes)).toEqual([448 + 144, 448]) // the q7 kernels ignore their buffers on Helium
    expect(r.targets[0].figures.latency.source).toBe('assumption')
  })
})

describe('estimate — graphs with problems are still estimated', () => {
  // n1 Input → n2 Conv2D ok → n3 Conv2D 16×16 'valid' (does not fit 8×8) → n4 FullyConnected (input unknown);
  // n2 → n5 GlobalAveragePool ok; n1 → n6 GRU (unknown op); n7 ↔ n8 ReLUs on a cycle.
  const broken = graphOf([
    INPUT, CONV,
    { op: 'Conv2D', attrs: { ...CONV.attrs, kernelH: 16, kernelW: 16, padding: 'valid' } },
    { op: 'FullyConnected', attrs: { units: 2, useBias: true, activation: 'none' } },
    { op: 'GlobalAveragePool', inputs: ['n2'] },
    { op: 'GRU', inputs: ['n1'] },
    { op: 'ReLU', inputs: ['n8'] },
    { op: 'ReLU', inputs: ['n7'] },
  ])

  it('reports the broken nodes with their diagnostics and estimates the rest', () => {
    const r = estimate(broken, CMSIS_NN, [M4], { runtime: 'cmsis-nn' })
    expect(r.complete).toBe(false)
    expect(r.layers.map((l) => [l.node, l.estimated, l.diagnostics.map((d) => d.code)])).toEqual([
      ['n1', true, []], ['n2', true, []], ['n3', false, ['shape']], ['n4', false, ['input-unknown']], ['n5', true, []],
      ['n6', false, ['unknown-op']], ['n7', false, ['cycle']], ['n8', false, ['cycle']],
    ])
    expect(r.model).toMatchObject({ macs: 6912, params: 112, nodes: 8, estimatedNodes: 3 })
    const t = r.targets[0]
    expect(t.cycles).toBeCloseTo(23627.3472 + 2 * 256 + 500, 6)
    expect(t.layers.filter((l) => !r.layers.find((x) => x.node === l.node)!.estimated).every((l) => l.cycles === 0 && l.ramBytes === 0)).toBe(true)
    expect(r.memory.buffers.map((b) => b.node)).toEqual(['n1', 'n2', 'n5'])
    expect(t.ramBytes).toBe(r.memory.arenaBytes + 112)
  })

  it('handles an empty graph and an op the library lacks', () => {
    const empty = estimate({ nodes: [], edges: [], seed: 1 }, CMSIS_NN, [M4])
    expect([empty.model.nodes, empty.targets[0].flashBytes, empty.targets[0].ramBytes, empty.targets[0].latencyMs]).toEqual([0, 0, 0, 0])
    expect(empty.targets[0].figures.latency).toMatchObject({ source: 'computed', basis: 'no layer runs a kernel' })
    const padded = graphOf([INPUT, { op: 'Pad', attrs: { top: 1, bottom: 1, left: 1, right: 1 } }])
    const r = estimate(padded, POW2_Q7, [M4])
    expect(r.layers[1]).toMatchObject({ estimated: true, supported: false, kernels: null, outputBytes: 300 })
    expect(r.targets[0].flash.unknownCode).toEqual(['Pad'])
    expect(r.targets[0].figures.flash.basis).toContain('no code size for Pad')
  })
})

describe('estimate — planner policy and reuse of an analysis', () => {
  it('gives the same report with a precomputed analysis', () => {
    const doc = templateById('kws-ds-cnn')!.build()
    const analysis = analyzeGraph(doc.graph, CMSIS_NN)
    expect(estimate(doc.graph, CMSIS_NN, CATALOG_TARGETS, { analysis })).toEqual(estimate(doc.graph, CMSIS_NN, CATALOG_TARGETS))
  })

  it('plans VWW at its liveness bound and falls back to greedy-by-size above 256 nodes', () => {
    const vww = estimate(templateById('vww-mobilenet')!.build().graph, CMSIS_NN, [])
    expect([vww.memory.planner, vww.memory.arenaBytes, vww.memory.lowerBoundBytes]).toEqual(['optimizing', 55296, 55296])
    const chain = graphOf([INPUT, ...Array.from({ length: 299 }, () => ({ op: 'ReLU' }))])
    const big = estimate(chain, CMSIS_NN, [M4])
    expect(big.memory.planner).toBe('greedy-by-size')
    expect(big.memory.plannerBasis).toContain('above 256 nodes')
    expect(estimate(chain, CMSIS_NN, [], { planner: 'optimizing' }).memory.planner).toBe('optimizing')
  })
})
