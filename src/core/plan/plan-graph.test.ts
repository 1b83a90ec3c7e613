import { describe, expect, it } from 'vitest'
import type { Attrs, Graph } from '../ir/types.ts'
import { planGraphMemory } from './plan-graph.ts'

function chain(nodes: [string, string, Attrs][], extraEdges: [string, string, number][] = []): Graph {
  const edges = nodes.slice(1).map(([id], i) => ({ id: `e${i}`, source: nodes[i][0], target: id, targetPort: 0 }))
  for (const [source, target, targetPort] of extraEdges) edges.push({ id: `x${edges.length}`, source, target, targetPort })
  return {
    nodes: nodes.map(([id, op, attrs]) => ({ id, op, name: id, attrs, position: { x: 0, y: 0 } })),
    edges,
    seed: 1,
  }
}

describe('planGraphMemory', () => {
  // in 8×8×2 → conv 8×8×4 → conv 8×8×4 → add(conv1, conv2) → maxpool 4×4×4 → flatten → fc 10 → softmax
  const residual = chain([
    ['in', 'Input', { shape: [8, 8, 2] }],
    ['c1', 'Conv2D', { filters: 4 }],
    ['c2', 'Conv2D', { filters: 4 }],
    ['add', 'Add', {}],
    ['pool', 'MaxPool2D', { poolH: 2, poolW: 2, strideH: 2, strideW: 2, padding: 'valid' }],
    ['flat', 'Flatten', {}],
    ['fc', 'FullyConnected', { units: 10 }],
    ['sm', 'Softmax', {}],
  ], [['c1', 'add', 1]])

  it('gives one int8 buffer per node output, live from producer to last consumer, Flatten aliased', () => {
    const plan = planGraphMemory(residual)
    expect(plan.order).toEqual(['in', 'c1', 'c2', 'add', 'pool', 'flat', 'fc', 'sm'])
    // Live bytes (aligned): t1 128+256, t2 256+256, t3 c1+c2+add = 768, t4 256+64, t6 64+16, t7 16+16.
    // Largest first: c1 0, c2 256, add 512, input 256 (c2 is not live yet), pool 0, fc 64, softmax 0.
    expect(plan.buffers).toEqual([
      { nodeId: 'in', size: 128, firstUse: 0, lastUse: 1, offset: 256 },
      { nodeId: 'c1', size: 256, firstUse: 1, lastUse: 3, offset: 0 },
      { nodeId: 'c2', size: 256, firstUse: 2, lastUse: 3, offset: 256 },
      { nodeId: 'add', size: 256, firstUse: 3, lastUse: 4, offset: 512 },
      { nodeId: 'pool', size: 64, firstUse: 4, lastUse: 6, offset: 0 },
      { nodeId: 'flat', size: 64, firstUse: 4, lastUse: 6, offset: 0, aliasOf: 'pool' },
      { nodeId: 'fc', size: 10, firstUse: 6, lastUse: 7, offset: 64 },
      { nodeId: 'sm', size: 10, firstUse: 7, lastUse: 7, offset: 0 },
    ])
    expect(plan).toMatchObject({ arenaBytes: 768, lowerBoundBytes: 768, planner: 'optimizing' })
    expect(planGraphMemory(residual, undefined, { planner: 'greedy' })).toMatchObject({ arenaBytes: 768, planner: 'greedy-by-size' })
  })

  it('honours alignment and bytes per element', () => {
    const plan = planGraphMemory(residual, undefined, { alignment: 1, bytesPerElement: 4 })
    expect(plan.buffers.map((b) => b.size)).toEqual([512, 1024, 1024, 1024, 256, 256, 40, 40])
    expect([plan.arenaBytes, plan.lowerBoundBytes]).toEqual([3072, 3072])
  })

  it('lets the better planner win where greedy strands the input (a MobileNet stem)', () => {
    // in 8×8×3 (192 B, ops 0-1) → conv s2 4×4×8 (128, 1-2) → depthwise (128, 2-3) → 1×1 conv 4×4×16
    // (256, 3-4) → depthwise s2 2×2×16 (64, 4). Greedy: 256 → 0, input → 0, conv → 192, then the
    // depthwise output must clear both (0..256 and 192..320): 320, arena 448. Bound: t3 128 + 256 = 384.
    const stem = chain([
      ['in', 'Input', { shape: [8, 8, 3] }],
      ['conv', 'Conv2D', { filters: 8, strideH: 2, strideW: 2 }],
      ['dw1', 'DepthwiseConv2D', {}],
      ['pw', 'Conv2D', { filters: 16, kernelH: 1, kernelW: 1 }],
      ['dw2', 'DepthwiseConv2D', { strideH: 2, strideW: 2 }],
    ])
    const greedy = planGraphMemory(stem, undefined, { planner: 'greedy' })
    const better = planGraphMemory(stem)
    expect(greedy.buffers.map((b) => b.offset)).toEqual([0, 192, 320, 0, 256])
    expect([greedy.arenaBytes, greedy.lowerBoundBytes]).toEqual([448, 384])
    // Input 0, conv 192, depthwise 0 (below conv), 1×1 conv 128 (above it), last depthwise 0.
    expect(better.buffers.map((b) => b.offset)).toEqual([0, 192, 0, 128, 0])
    expect([better.arenaBytes, better.lowerBoundBytes]).toEqual([384, 384])
  })

  it('leaves out nodes whose output is unknown', () => {
    const broken = chain([['in', 'Input', { shape: [4] }], ['fc', 'FullyConnected', { units: 4 }], ['add', 'Add', {}]])
    const plan = planGraphMemory(broken)
    expect(plan.buffers.map((b) => [b.nodeId, b.firstUse, b.lastUse])).toEqual([['in', 0, 1], ['fc', 1, 2]])
    expect(plan.arenaBytes).toBe(32)
  })
})
