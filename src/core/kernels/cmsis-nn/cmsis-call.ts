/**
 * Shared pieces of the CMSIS-NN calls (compiled with -DTINYFORGE_USE_CMSIS_NN): CMSIS-NN's own parameter structs
 * (cmsis_nn_context / _dims / _conv_params / …) filled from the same frozen OpData as the portable call, so the
 * outputs are the same bytes. Written against CMSIS-NN v7.0.0 (Include/arm_nnfunctions.h); the functions used are
 * unchanged on CMSIS-NN main (see vendors/cmsis-nn). Every call that takes a buffer checks the function's own
 * `_get_buffer_size` answer against TF_SCRATCH_BYTES at run time and returns TF_STATUS_SCRATCH instead of overflowing.
 */
import { cInit } from '../c-syntax.ts'

export const decl = (type: string, name: string, value: unknown): string => `static const ${type} ${name} = ${cInit(value)};`
export const nhwc = (shape: readonly number[]) => shape.length === 4
  ? { n: 1, h: shape[1], w: shape[2], c: shape[3] }
  : { n: 1, h: 1, w: 1, c: shape.reduce((p, d) => p * d, 1) }
export const tile = (w: number, h: number) => ({ w, h })
export const act = (min: number, max: number) => ({ min, max })
export const CTX = 'const cmsis_nn_context ctx = {.buf = tf_scratch, .size = TF_SCRATCH_BYTES};'
export const scratchCheck = (call: string): string => `if (${call} > TF_SCRATCH_BYTES) return TF_STATUS_SCRATCH;`
/** CMSIS-NN's arm_concatenation_s8_x takes uint16_t extents. */
export const UINT16_MAX = 65535

/** A vendor call: no runtime files, no constants of its own (it reads the portable binding's). */
export function vendorCall(declarations: string[], statements: string[]) {
  return { runtime: [], constants: [], declarations, statements }
}
