/**
 * The estimator on the second operator set: every layer of the test graphs is priced (cost kind, code size of every
 * kernel its binding calls, for the portable and the vendor runtimes), and stateful layers' state buffers are part of
 * the arena for the whole schedule.
 */
import { describe, expect, it } from 'vitest'
import type { Graph } from '../ir/types.ts'
import { parseTargetFile } from '../targets/target-file.ts'
import { quantized } from '../testing/c-fixtures.ts'
import {
  LSTM_STREAM_NET, LSTM_WINDOW_NET, MFCC_CNN_NET, POW2_MUL_NET, SECOND_SET_NET, SEQUENCE_NET, SVDF_STREAM_NET,
} from '../testing/fixture-graphs-seq.ts'
import { CMSIS_NN } from '../vendors/cmsis-nn/index.ts'
import { POW2_Q7 } from '../vendors/pow2-q7/index.ts'
import { estimate } from './estimate.ts'

const board = (id: string, core: string) => parseTargetFile(JSON.stringify({
  id, name: id, core, clockMHz: 100, sramBytes: 1 << 20, flashBytes: 1 << 21, activePowerMw: 50 }), `${id}.json`)
const TARGETS = [board('m0', 'cortex-m0plus'), board('m4', 'cortex-m4'), board('m55', 'cortex-m55')]

const S8: [string, Graph, number][] = [
  ['second set', SECOND_SET_NET, 0], ['sequence', SEQUENCE_NET, 0], ['svdf stream', SVDF_STREAM_NET, 2 * (8 * 4 + 8 * 3)],
  ['lstm window', LSTM_WINDOW_NET, 12 * 3 + 8 * 3], ['lstm stream', LSTM_STREAM_NET, 10 * 3], ['mfcc cnn', MFCC_CNN_NET, 0],
]

describe('estimate — second operator set', () => {
  it.each(S8)('%s: every layer priced, code known, state in the arena (cmsis-nn, portable and vendor kernels)', (_n, graph, stateBytes) => {
    const q = quantized(graph, 's8')
    for (const runtime of ['portable', 'cmsis-nn'] as const) {
      const r = estimate(q, CMSIS_NN, TARGETS, { runtime })
      expect(r.complete).toBe(true)
      expect(r.layers.every((l) => l.estimated && l.supported)).toBe(true)
      for (const t of r.targets) {
        expect(t.flash.unknownCode).toEqual([])
        expect(t.cycles).toBeGreaterThan(0)
      }
      const states = r.memory.buffers.filter((b) => b.state !== undefined)
      expect(states.reduce((n, b) => n + b.size, 0)).toBe(stateBytes)
      expect(states.every((b) => b.firstUse === 0)).toBe(true)
    }
  })

  it('pow2-q7 prices its q7 Mul (arm_nn_mult_q7)', () => {
    for (const runtime of ['portable', 'cmsis-nn'] as const) {
      const r = estimate(quantized(POW2_MUL_NET, 'pow2'), POW2_Q7, TARGETS, { runtime })
      expect(r.complete).toBe(true)
      for (const t of r.targets) expect(t.flash.unknownCode).toEqual([])
    }
  })
})
