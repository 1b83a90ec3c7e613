import { describe, expect, it } from 'vitest'
import { scheduleBuffers } from './lifetimes.ts'

describe('scheduleBuffers', () => {
  it('keeps a tensor live from its writer to its last reader, graph inputs from 0, outputs to the end', () => {
    const buffers = scheduleBuffers({
      external: [{ id: 'x', size: 8 }],
      steps: [
        { inputs: ['x'], output: { id: 'a', size: 100 } },
        { inputs: ['a'], output: { id: 'b', size: 50 } },
        { inputs: ['b', 'a'], output: { id: 'c', size: 50 } },
        { inputs: ['c'], output: { id: 'd', size: 10 } },
        { inputs: ['d'], output: { id: 'e', size: 4 } },
      ],
      outputs: ['b', 'e'],
    })
    expect(buffers).toEqual([
      { tensors: ['x'], size: 8, firstUse: 0, lastUse: 0 },
      { tensors: ['a'], size: 100, firstUse: 0, lastUse: 2 },
      { tensors: ['b'], size: 50, firstUse: 1, lastUse: 4 },
      { tensors: ['c'], size: 50, firstUse: 2, lastUse: 3 },
      { tensors: ['d'], size: 10, firstUse: 3, lastUse: 4 },
      { tensors: ['e'], size: 4, firstUse: 4, lastUse: 4 },
    ])
  })

  it('lets an aliasing step share its input buffer and stretch its lifetime', () => {
    const buffers = scheduleBuffers({
      steps: [
        { inputs: [], output: { id: 'in', size: 12 }, liveFromStart: true },
        { inputs: ['in'], output: { id: 'pool', size: 64 } },
        { inputs: ['pool'], output: { id: 'flat', size: 64 }, alias: true },
        { inputs: ['flat'], output: { id: 'view', size: 64 }, alias: true },
        { inputs: ['view'], output: { id: 'fc', size: 10 } },
      ],
      outputs: ['fc'],
    })
    expect(buffers).toEqual([
      { tensors: ['in'], size: 12, firstUse: 0, lastUse: 1 },
      { tensors: ['pool', 'flat', 'view'], size: 64, firstUse: 1, lastUse: 4 },
      { tensors: ['fc'], size: 10, firstUse: 4, lastUse: 4 },
    ])
  })

  it('starts graph inputs at step 0 wherever they sit in the order', () => {
    const buffers = scheduleBuffers({
      steps: [
        { inputs: [], output: { id: 'in1', size: 4 }, liveFromStart: true },
        { inputs: ['in1'], output: { id: 'a', size: 4 } },
        { inputs: [], output: { id: 'in2', size: 4 }, liveFromStart: true },
        { inputs: ['a', 'in2'], output: { id: 'sum', size: 4 } },
      ],
      outputs: ['sum'],
    })
    expect(buffers.map((b) => [b.tensors[0], b.firstUse, b.lastUse])).toEqual([['in1', 0, 1], ['a', 1, 3], ['in2', 0, 3], ['sum', 3, 3]])
  })
})
