/**
 * Whether a layer may take int4 packed weights in a library: the library must have the op's int4 kernel
 * (`OpSupport.int4`, e.g. CMSIS-NN's arm_convolve_wrapper_s4) and the op a rule for int4 scales (ops `weightQuant.int4`).
 */
import { getOp } from '../ops/registry.ts'
import type { VendorLibrary } from './types.ts'

/** Ops that have int4 weight kernels in some library (for the sentences). */
export const INT4_OPS_TEXT = 'Conv2D, DepthwiseConv2D and FullyConnected'

/** Why `op` cannot take int4 weights in `library` (one sentence), or undefined when it can. */
export function int4Problem(library: VendorLibrary, op: string): string | undefined {
  if (library.scheme !== 's8') {
    return `the ${library.name} library has no int4 (packed s4) weight kernels — its legacy q7 API has none; int4 weights need CMSIS-NN`
  }
  const support = library.ops[op]
  if (!support?.int4 || !getOp(op)?.weightQuant?.int4) {
    return `${op} has no int4 weight kernel in ${library.name}; int4 weights are for ${INT4_OPS_TEXT}`
  }
  return undefined
}

/** The library's int4 kernel of `op`, or undefined. */
export function int4Kernel(library: VendorLibrary, op: string): string | undefined {
  return int4Problem(library, op) === undefined ? library.ops[op]!.int4!.kernel : undefined
}
