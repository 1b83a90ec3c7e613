/** MaxPool2D training twin: tf.maxPool (TFLite padding), then the fused activation. */
import type { PoolAttrs } from './pool-window.ts'
import type { TfjsTwin } from './tfjs-twin.ts'
import { activate } from './tfjs-twin.ts'

export const maxPool2dTwin: TfjsTwin<PoolAttrs> = {
  forward: ({ tf, attrs: a, inputs }) =>
    activate(tf, tf.maxPool(inputs[0] as never, [a.poolH, a.poolW], [a.strideH, a.strideW], a.padding as 'same' | 'valid'), a.activation),
}
