/**
 * LSTM training twin (lstm.torch.py's twin): x [N, T, F] from the reset state (h = 0, c = 0) per sample, unrolled over
 * the T frames; gates i, f, o = σ, g = tanh (or σ) of W_k x_t + R_k h + b_k; c = f·c + i·g (clipped to ±cellClip when
 * > 0); h = o·tanh(c); every h [N, T, H] or the last [N, H]. Training mode reports every step's c as the inner range
 * 'cell'. QAT: the eight matrices per tensor on int8, biases on int32 at s_x · s_W; the gate input part and the gate
 * sum on Q3.12 (saturated to int16, as the kernel), the gates on Q0.15, the cell on int16 at 2^p, h on the output grid.
 */
import type { TfjsTwin, TfTensor } from './tfjs-twin.ts'

type Attrs = { units: number; useBias: boolean; cellClip: number; activation: 'tanh' | 'sigmoid'; returnSequences: boolean }

const SUFFIX = ['Input', 'Forget', 'Cell', 'Output'] as const

/** log2 of the int16 cell scale for a tracked range (lstm.ts quantizeConstants). */
export function lstmCellPower([lo, hi]: readonly [number, number]): number {
  const range = Math.max(Math.abs(lo), Math.abs(hi), 2 ** -15)
  return Math.min(0, Math.max(-15, Math.ceil(Math.log2(range)) - 15))
}

export const lstmTwin: TfjsTwin<Attrs> = {
  qatConstants({ tf, attrs, weights, qat }) {
    const out: Record<string, TfTensor> = {}
    SUFFIX.forEach((s) => {
      const w = qat!.fakeQuantSymmetric(tf, weights[`weights${s}`], undefined)
      out[`weights${s}`] = w.value
      out[`recurrent${s}`] = qat!.fakeQuantSymmetric(tf, weights[`recurrent${s}`], undefined).value
      if (attrs.useBias) out[`bias${s}`] = qat!.fakeQuantBias(tf, weights[`bias${s}`], tf.reshape(tf.mul(w.scale, Math.fround(qat!.input.scale)), [-1]))
    })
    return out
  },

  forward(args) {
    const { tf, attrs, inputs, observe, qat } = args
    const x = inputs[0]
    const [n, T] = x.shape as number[]
    const H = attrs.units
    const weights = qat ? lstmTwin.qatConstants!(args) : args.weights
    const W = SUFFIX.map((s) => weights[`weights${s}`])
    const R = SUFFIX.map((s) => weights[`recurrent${s}`])
    const B = SUFFIX.map((s) => (attrs.useBias ? weights[`bias${s}`] : undefined))
    const power = qat ? lstmCellPower(qat.internal.cell) : 0
    const act = (v: TfTensor, kind: string) => (kind === 'tanh' ? tf.tanh(v) : tf.sigmoid(v))
    let h = tf.zeros([n, H]) as TfTensor
    let c = tf.zeros([n, H]) as TfTensor
    const outs: TfTensor[] = []
    const cells: TfTensor[] = []
    for (let t = 0; t < T; t++) {
      const xt = tf.reshape(tf.slice(x, [0, t, 0], [-1, 1, -1]), [n, -1])
      const gates = [0, 1, 2, 3].map((g) => {
        let gx = tf.matMul(xt as never, W[g] as never, false, true) as TfTensor
        if (B[g]) gx = tf.add(gx, B[g]!)
        let gh = tf.matMul(h as never, R[g] as never, false, true) as TfTensor
        const kind = g === 2 ? attrs.activation : 'sigmoid'
        if (!qat) return act(tf.add(gx, gh), kind)
        gx = qat.fakeQuant(tf, gx, 2 ** -12, 0, -32768, 32767)
        gh = qat.fakeQuant(tf, gh, 2 ** -12, 0, -(2 ** 40), 2 ** 40)
        const pre = qat.fakeQuant(tf, tf.add(gx, gh), 2 ** -12, 0, -32768, 32767)
        return qat.fakeQuant(tf, act(pre, kind), 2 ** -15, 0, -32768, 32767)
      })
      c = tf.add(tf.mul(gates[1], c), tf.mul(gates[0], gates[2]))
      if (attrs.cellClip > 0) c = tf.clipByValue(c, -attrs.cellClip, attrs.cellClip)
      if (qat) c = qat.fakeQuant(tf, c, 2 ** power, 0, -32767, 32767)
      cells.push(c)
      h = tf.mul(gates[3], tf.tanh(c))
      if (qat) h = qat.fakeQuant(tf, h, qat.output.scale, qat.output.zeroPoint)
      outs.push(h)
    }
    if (observe) observe('cell', tf.stack(cells))
    return attrs.returnSequences ? tf.stack(outs, 1) : h
  },
}
