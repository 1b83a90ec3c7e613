/**
 * A node's kernel call as DATA: which runtime kernels it needs, the constant arrays it reads, its parameter struct
 * and the kernel invocations with typed arguments. A portable binding's `call` builds it from the node's frozen
 * OpData; two consumers read it:
 *   - the C package and the golden C driver format it as C text (kernels/c-call.ts `callText`),
 *   - the WebAssembly engine (engine/wasm/) writes the constants and the struct into wasm memory once per prepared
 *     graph and calls the exported kernel with the same arguments, as pointers into that memory.
 * So the device and the browser run the same kernels with the same arguments by construction.
 *
 * Argument kinds, in C / in the wasm engine:
 *   params    `&<symbol>_params`             / the struct's address
 *   constant  `<symbol>_<name>`              / the constant's address (a missing optional constant: NULL / 0)
 *   input     the producer's tensor (port)   / its arena address  (element 'int16_t': cast to const int16_t *)
 *   output    the node's tensor              / its arena address  (element 'int16_t': cast to int16_t *)
 *   scratch   `(int16_t *)(void *)tf_scratch` / the scratch buffer's address
 *   int       a decimal int32 literal        / the number
 *   byValue   `(tf_clamp){…}` compound literal / the address of a copy (wasm32's C ABI passes structs indirectly)
 *   state     the node's state buffer (`io.state[index]`, cast to int16_t * for int16) / its address
 * A stateful op (SVDF, LSTM) also has `reset`: the invocations that put its state buffers in their reset state
 * (`<prefix>_reset()` in C; the wasm engine before every run that does not carry the state over).
 */
import type { CElementType } from './c-syntax.ts'
import type { ConstantName, StructOf } from './portable/runtime-structs.ts'

/**
 * A constant array of the node: weights, bias, per-channel multipliers / shifts, an Input's mean table, or a
 * stateful op's own (SVDF int16 time weights, LSTM gate weights and effective biases).
 */
export interface NodeConstant {
  name: ConstantName
  type: CElementType
  data: ArrayLike<number>
  /** Placed with TF_WEIGHTS_ATTR in C (weights and bias). */
  weightsSection: boolean
}

export type KernelArg =
  | { kind: 'params' }
  | { kind: 'constant'; name: ConstantName; optional?: boolean }
  | { kind: 'input'; port: number; element?: 'int16_t' }
  | { kind: 'output'; element?: 'int16_t' }
  | { kind: 'scratch'; element: 'int8_t' | 'int16_t' }
  | { kind: 'int'; value: number }
  | { kind: 'byValue'; struct: StructOf }
  | { kind: 'state'; index: number; element: 'int8_t' | 'int16_t' }

export interface KernelInvocation {
  /** The runtime function called, e.g. 'tf_convolve_s8'. */
  fn: string
  args: KernelArg[]
  /**
   * The function returns an early-exit decision (int32: 1 confident, 0 not; ops/exit.ts): C assigns it to the
   * caller's `tf_exit_confident`, the wasm engine reads the call's return value.
   */
  decision?: boolean
}

export interface CallPlan {
  /** Runtime kernels (file stems under runtime/) the call needs; empty for aliases. */
  runtime: string[]
  /** Constant arrays, in declaration order. */
  constants: NodeConstant[]
  /** The node's parameter struct (`<symbol>_params`), when its kernel takes one. */
  params?: StructOf
  /** Kernel calls in order; empty for an alias. */
  invocations: KernelInvocation[]
  /** The output shares input 0's buffer (Reshape, Flatten): no code; the memory planner guarantees it. */
  alias?: boolean
  /** Stateful ops: the calls that reset the state buffers (`state` and `int` arguments only). */
  reset?: KernelInvocation[]
}
