/**
 * The kernel runtimes, one line each, and how a (runtime, op) resolves to a binding: the runtime's own binding, else
 * — for an op the library offers — the portable one (the vendor overlay falls back, as TFLM's vendor kernels do).
 */
import type { OpType } from '../ops/registry.ts'
import { isOpType } from '../ops/registry.ts'
import type { QuantScheme } from '../quant/scheme.ts'
import { CMSIS5_Q7_BINDINGS } from './cmsis5-q7/index.ts'
import { CMSIS_NN_BINDINGS } from './cmsis-nn/index.ts'
import { PORTABLE_BINDINGS } from './portable/index.ts'
import type { Attrs, TensorInfo } from '../ir/types.ts'
import type { KernelBinding, KernelRuntimeInfo, KernelSite } from './types.ts'

export const KERNEL_RUNTIMES: readonly KernelRuntimeInfo[] = [
  { id: 'portable', name: 'Portable C (TinyForge runtime)', schemes: ['s8', 'pow2'], inPackage: true, codeSizeKey: 'portable',
    provenance: "TinyForge's own C99 kernels (src/core/codegen/c/runtime), bit-exact with the int8 engine",
    bindings: PORTABLE_BINDINGS },
  { id: 'cmsis-nn', name: 'CMSIS-NN', schemes: ['s8'], inPackage: true, codeSizeKey: 'cmsis-nn',
    provenance: 'Arm CMSIS-NN v7.0.0 (commit 22080c68d040) s8 kernels, called with -DTINYFORGE_USE_CMSIS_NN',
    bindings: CMSIS_NN_BINDINGS },
  { id: 'cmsis5-q7', name: 'CMSIS_5 q7', schemes: ['pow2'], inPackage: false, codeSizeKey: 'pow2-q7',
    provenance: "CMSIS_5 5.9.0's legacy q7 kernels (estimates only; the package builds pow2 with the portable kernels)",
    bindings: CMSIS5_Q7_BINDINGS },
]

const BY_ID = new Map<string, KernelRuntimeInfo>(KERNEL_RUNTIMES.map((r) => [r.id, r]))

/** The runtime of an id (a library's `kernelRuntime` included); throws for an unknown id (a programming error). */
export function getKernelRuntime(id: string): KernelRuntimeInfo {
  const r = BY_ID.get(id)
  if (!r) throw new Error(`unknown kernel runtime '${id}'; known: ${KERNEL_RUNTIMES.map((k) => k.id).join(', ')}`)
  return r
}

/**
 * The site of a layer for kernel selection, or undefined for an op TinyForge does not know. `attrs` must be the
 * node's attrs with defaults filled in (as analysis gives them), so they are the op's attrs type.
 */
export function kernelSite(op: string, scheme: QuantScheme, attrs: Attrs, inputs: readonly TensorInfo[], output: TensorInfo):
  KernelSite | undefined {
  if (!isOpType(op)) return undefined
  return { op, scheme, attrs: attrs as KernelSite['attrs'], inputs, output }
}

/**
 * The binding that runs `op` on `runtime`: its own, else the portable one. Undefined for an op TinyForge does not
 * know. (Whether the library offers the op at all is the library's question: vendors/.)
 */
export function bindingOf<T extends OpType>(runtime: string, op: T): KernelBinding<T>
export function bindingOf(runtime: string, op: string): KernelBinding | undefined
export function bindingOf(runtime: string, op: string): KernelBinding | undefined {
  if (!isOpType(op)) return undefined
  const own = getKernelRuntime(runtime).bindings[op] as KernelBinding | undefined
  return own ?? (PORTABLE_BINDINGS[op] as KernelBinding | undefined)
}

/**
 * The binding a layer runs on in a build of `runtime`: its op's (bindingOf), except that palettized or sparse weights
 * (`site.encoding`) always run on the portable decoding kernels — vendor kernels read plain int8 filters. int4 packed
 * weights run on the runtime's own binding (CMSIS-NN has _s4 kernels; its bindings switch on the encoding).
 */
export function siteBindingOf(runtime: string, site: KernelSite): KernelBinding {
  return bindingOf(site.encoding && site.encoding.kind !== 'int4' ? 'portable' : runtime, site.op)
}

/** The runtime's own binding of `op`, without the portable fallback (undefined when it does not override it). */
export function ownBindingOf(runtime: string, op: string): KernelBinding | undefined {
  if (!isOpType(op)) return undefined
  return getKernelRuntime(runtime).bindings[op] as KernelBinding | undefined
}

/** Runtimes that have kernels for a scheme (the portable one always). */
export function runtimesFor(scheme: QuantScheme): KernelRuntimeInfo[] {
  return KERNEL_RUNTIMES.filter((r) => r.schemes.includes(scheme))
}
