/**
 * SVDF training twin (svdf.torch.py's twin): one frame x [N, F] per sample, from the reset state (the int8 engine's
 * fresh state per invocation), so only the newest memory column is non-zero:
 *   column = x · wfᵀ [N, filters];  y[u] = act(bias[u] + Σ_r column[u·rank + r] · wt[u·rank + r, M − 1])
 * Training mode reports the column as the inner range 'state' (svdf.ts's calibration `observe`). QAT: wf per tensor on
 * int8, wt per tensor on int16 (±32767), the column on int16 at the state scale max|range| / 32767, the bias on int32
 * at s_state · s_wt.
 */
import type { Activation } from './op-def.ts'
import type { TfjsTwin, TfTensor } from './tfjs-twin.ts'
import { activate } from './tfjs-twin.ts'

type Attrs = { units: number; rank: number; memory: number; useBias: boolean; activation: Activation }

/** The int16 state scale of a tracked range (svdf.ts quantizeConstants). */
export function svdfStateScale([lo, hi]: readonly [number, number]): number {
  const r = Math.max(Math.abs(lo), Math.abs(hi))
  return r > 0 ? Math.fround(r / 32767) : 1
}

export const svdfTwin: TfjsTwin<Attrs> = {
  qatConstants({ tf, attrs, weights, qat }) {
    const sState = svdfStateScale(qat!.internal.state)
    const t = qat!.fakeQuantSymmetric(tf, weights.weightsTime, undefined, 32767)
    return {
      weightsFeature: qat!.fakeQuantSymmetric(tf, weights.weightsFeature, undefined).value, weightsTime: t.value,
      ...(attrs.useBias ? { bias: qat!.fakeQuantBias(tf, weights.bias, tf.reshape(tf.mul(t.scale, sState), [-1])) } : {}),
    }
  },

  forward(args) {
    const { tf, attrs, inputs, observe, qat } = args
    const n = inputs[0].shape[0]
    const x = tf.reshape(inputs[0], [n, -1]) as never
    const weights = qat ? svdfTwin.qatConstants!(args) : args.weights
    const wt = weights.weightsTime
    const b = attrs.useBias ? weights.bias : undefined
    let column = tf.matMul(x, weights.weightsFeature as never, false, true) as TfTensor
    if (observe) observe('state', qat ? tf.matMul(x, args.weights.weightsFeature as never, false, true) : column)
    if (qat) column = qat.fakeQuant(tf, column, svdfStateScale(qat.internal.state), 0, -32768, 32767)
    const M = attrs.memory
    const newest = tf.reshape(tf.slice(wt, [0, M - 1], [-1, 1]), [-1])
    let y = tf.sum(tf.reshape(tf.mul(column, newest), [n, attrs.units, attrs.rank]), 2) as TfTensor
    if (b) y = tf.add(y, b)
    return activate(tf, y, attrs.activation)
  },
}
