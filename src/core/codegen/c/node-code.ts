/**
 * One node's C code from its kernel bindings (kernels/): the portable call (its call plan as C text), and — for s8 packages — the CMSIS-NN
 * variant compiled with -DTINYFORGE_USE_CMSIS_NN where the CMSIS-NN runtime overrides the op. Both variants read the
 * same frozen OpData and constants, so they compute the same bytes. Used by the package schedule and by the golden
 * C test driver, so both compile exactly the same calls.
 *
 * Scratch: the portable kernels' largest need over every code path (the package does not know its core), and per
 * CMSIS-NN code path the figure of the binding the CMSIS build calls (its own, or the portable one it keeps).
 */
import type { BoundNode, CallIo, EmittedCall } from '../../kernels/types.ts'
import { CodegenError, emittedCall } from '../../kernels/c-call.ts'
import { bindingOf, ownBindingOf } from '../../kernels/registry.ts'
import type { KernelIsa } from '../../targets/cores.ts'
import { KERNEL_ISAS } from '../../targets/cores.ts'

/** Scratch bytes per CMSIS-NN code path (plain C, ARM_MATH_DSP, ARM_MATH_MVEI). */
export type IsaScratch = Record<KernelIsa, number>

export interface CallVariant {
  declarations: string[]
  statements: string[]
}

export interface NodeCode {
  /** Runtime kernels (file stems under runtime/) the portable call needs; empty for aliases. */
  runtime: string[]
  /** File-scope constants both variants read: weights, bias, per-channel multipliers and shifts. */
  constants: string[]
  portable: CallVariant
  /** The CMSIS-NN variant; absent when both builds use the portable call. */
  cmsis?: CallVariant
  /** Kernel functions called, for the schedule's comments: the portable one(s), then the CMSIS-NN one. */
  kernels: string[]
  /** Scratch of the portable build (largest over code paths) and of the CMSIS-NN build per code path. */
  scratch: { portable: number; cmsis: IsaScratch }
  /** Stateful ops: the statements of `<prefix>_reset()` (the portable runtime's reset, in both builds). */
  reset: string[]
}

export const NO_ISA_SCRATCH: IsaScratch = Object.freeze({ c: 0, dsp: 0, mve: 0 })

export function maxIsaScratch(a: IsaScratch, b: IsaScratch): IsaScratch {
  return { c: Math.max(a.c, b.c), dsp: Math.max(a.dsp, b.dsp), mve: Math.max(a.mve, b.mve) }
}

/**
 * The C of one bound node. `vendorRuntime` is the runtime compiled under TINYFORGE_USE_CMSIS_NN ('cmsis-nn' for s8
 * packages; undefined: portable only).
 */
export function nodeCode(node: BoundNode, io: CallIo, vendorRuntime?: string): NodeCode {
  const portable = bindingOf('portable', node.site.op)
  const emitted: EmittedCall | undefined = emittedCall(portable, node, io)
  if (!emitted) throw new CodegenError(`${node.site.op} has no C kernel`)
  const site = node.site
  const portableScratch = Math.max(...KERNEL_ISAS.map((isa) => portable.scratchBytes(site, isa)))
  const kernels = portable.calls(site).map((c) => c.kernel)
  // Palettized / sparse weights run on the package's own decoding kernels in the CMSIS-NN build too (vendor kernels
  // read plain int8 filters): no vendor variant, and that build reserves the portable kernel's scratch for the layer.
  // int4 weights have CMSIS-NN _s4 kernels, which read the same packed array.
  const vendor = vendorRuntime && (!site.encoding || site.encoding.kind === 'int4') ? ownBindingOf(vendorRuntime, node.site.op) : undefined
  const cmsis = vendor ? emittedCall(vendor, node, io) : undefined
  const scratchOf = (b: typeof portable) => Object.fromEntries(KERNEL_ISAS.map((isa) => [isa, b.scratchBytes(site, isa)])) as IsaScratch
  return {
    runtime: emitted.runtime,
    constants: emitted.constants,
    portable: { declarations: emitted.declarations, statements: emitted.statements },
    ...(cmsis ? { cmsis: { declarations: cmsis.declarations, statements: cmsis.statements } } : {}),
    kernels: cmsis && vendor ? [...kernels, ...vendor.calls(site).map((c) => c.kernel)] : kernels,
    scratch: { portable: portableScratch, cmsis: cmsis && vendor ? scratchOf(vendor) : scratchOf(portable) },
    reset: emitted.reset ?? [],
  }
}
