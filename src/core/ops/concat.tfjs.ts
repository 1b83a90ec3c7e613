/** Concat training twin: along the channels (last axis). */
import type { TfjsTwin, TfTensor } from './tfjs-twin.ts'

export const concatTwin: TfjsTwin<object> = { forward: ({ tf, inputs }) => tf.concat(inputs as TfTensor[], -1) }
