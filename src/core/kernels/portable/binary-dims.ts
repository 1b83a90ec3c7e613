/** The C tf_binary_dims of a binary element-wise node's OpData (4-D dims, leading 1s). */
import type { BinaryDims, Dims4 } from '../../ops/broadcast.ts'

const dims4 = ([n, h, w, c]: Dims4) => ({ n, h, w, c })

export const binaryDimsC = (d: BinaryDims) => ({ input1: dims4(d.input1Dims), input2: dims4(d.input2Dims), output: dims4(d.outputDims) })
