/**
 * Kernel bindings: how one kernel runtime runs one operator. A binding is the single place that knows, for its
 * (runtime, op): which kernel functions a layer calls (the code-size keys the estimator prices), the scratch they
 * need on each code path, and — for runtimes the C package compiles — the C call: runtime files, parameter structs
 * and statements, written from the node's frozen OpData (plan/prepare-graph.ts) — for the portable runtime as a call
 * plan (data, kernels/call-plan.ts) that the WebAssembly engine also runs. The C package generator, the
 * estimator and the WebAssembly engine all read bindings; none of them matches on op names.
 *
 * Runtimes (kernels/registry.ts): 'portable' — TinyForge's own C99 runtime (runtime/ under codegen/c), the default
 * for every op; a vendor folder ('cmsis-nn', 'cmsis5-q7') overrides the ops it accelerates and falls back to the
 * portable binding for the rest, as TensorFlow Lite Micro's vendor kernel overlays do.
 */
import type { Int8Weights } from '../ops/op-def.ts'
import type { AttrsOf, OpDataOf, OpType } from '../ops/registry.ts'
import type { TensorInfo } from '../ir/types.ts'
import type { QuantScheme } from '../quant/scheme.ts'
import type { StoredEncoding } from '../quant/weight-encoding.ts'
import type { KernelIsa } from '../targets/cores.ts'
import type { CallPlan } from './call-plan.ts'

export type KernelRuntimeId = 'portable' | 'cmsis-nn' | 'cmsis5-q7'

/**
 * Where a layer runs, as far as kernel selection goes: its op, scheme, attrs (defaults filled in) and analysed
 * tensors. Known before quantization (the estimator) and after (the generator: `quant` is then set on every tensor).
 */
export interface KernelSite<T extends OpType = OpType> {
  op: T
  scheme: QuantScheme
  attrs: AttrsOf<T>
  inputs: readonly TensorInfo[]
  output: TensorInfo
  /**
   * How the layer's weights are stored (quant/weight-encoding.ts): palettized or sparse weights run on the portable
   * runtime's decoding kernels in every build (vendor kernels read plain int8); absent: dense.
   */
  encoding?: StoredEncoding
}

/** A kernel function a layer calls, and how many times (the key of the code-size tables). */
export interface KernelCall {
  kernel: string
  calls: number
}

/**
 * C pointer expressions of the node's tensors: inputs in port order (const int8_t *) and the output (int8_t *); for a
 * stateful op, its state buffers in `stateSpecs` order (int8_t * expressions; the binding casts int16 ones).
 */
export interface CallIo {
  inputs: readonly string[]
  output: string
  state?: readonly string[]
}

/** A prepared node as a binding plans its call: its site, frozen OpData and integer constants. */
export interface PlanNode<T extends OpType = OpType> {
  site: KernelSite<T>
  opData: OpDataOf<T>
  weights: Int8Weights
}

/** A prepared node as a binding emits it as C: a PlanNode with the stem of its C constants. */
export interface BoundNode<T extends OpType = OpType> extends PlanNode<T> {
  /** Stem of this node's C constants, unique within the file (a valid identifier). */
  symbol: string
}

/**
 * One node's C. Names in the text: `<symbol>_*` constants (`_weights`, `_bias`, `_multipliers`, `_shifts`, written
 * by the portable binding and read by every variant), `tf_scratch` (an int32_t array) and `TF_SCRATCH_BYTES`,
 * `TF_WEIGHTS_ATTR`, `TF_CMSIS_CHECK`; the including file defines them.
 */
export interface EmittedCall {
  /** Runtime kernels (file stems under runtime/) the call needs; empty for vendor calls and aliases. */
  runtime: string[]
  /** File-scope constants every variant reads (the portable binding writes them; vendor bindings leave this empty). */
  constants: string[]
  /** File-scope parameter structs of this call. */
  declarations: string[]
  /** Statements inside the invoke function (may `return` a nonzero status). */
  statements: string[]
  /** Stateful ops: statements of `<prefix>_reset()` that put the state buffers (`io.state`) in their reset state. */
  reset?: string[]
}

export interface KernelBinding<T extends OpType = OpType> {
  op: T
  /** The kernel functions the layer calls (code-size keys of this runtime's table); [] when no kernel runs. */
  calls(site: KernelSite<T>): KernelCall[]
  /** Scratch bytes the layer's kernel needs on a code path (GCC builds, as the package's Makefile). */
  scratchBytes(site: KernelSite<T>, isa: KernelIsa): number
  /**
   * The call as data (kernels/call-plan.ts): what the C package formats as C and the WebAssembly engine runs. Every
   * portable binding has one; undefined for a node this runtime does not run (the portable binding serves).
   */
  call?(node: PlanNode<T>): CallPlan | undefined
  /**
   * The C call as text, for runtimes only the C package compiles (vendor overlays); absent (or undefined for a node)
   * when the package does not compile this runtime's kernel for it and the portable binding serves.
   */
  emit?(node: BoundNode<T>, io: CallIo): EmittedCall | undefined
}

/** Bindings of one runtime, keyed by op: total for 'portable', partial for vendor overlays. */
export type BindingTable = { readonly [T in OpType]?: KernelBinding<T> }

export interface KernelRuntimeInfo {
  id: KernelRuntimeId
  name: string
  /** Schemes whose kernels it has. */
  schemes: readonly QuantScheme[]
  /** Provenance of the kernels and of the facts read from them. */
  provenance: string
  /** Key prefix of its code sizes in estimate/kernel-code-sizes.json (vendor runtimes). */
  codeSizeKey: string
  /** Whether the C package compiles it (`-DTINYFORGE_USE_CMSIS_NN`), beside the portable kernels. */
  inPackage: boolean
  bindings: BindingTable
}
