/**
 * Call plans (kernels/call-plan.ts) turned into wasm calls: `KernelCaller.steps` writes a node's constants and
 * params struct into the instance's memory once and resolves each invocation to (exported function, numeric
 * arguments); `call` runs a step. Argument kinds map to numbers as the C text maps them to expressions: params →
 * the struct's address, constant → its copy's address (a missing optional one: 0, C's NULL), input/output → the
 * tensor's address, scratch → the scratch buffer, int → itself, byValue → the address of a copy (wasm32's C ABI
 * passes a struct argument indirectly; the copy is rewritten before every call, as C makes a fresh one), state →
 * the node's state buffer. A stateful node's reset invocations become `resetSteps`.
 * The SIMD128 variant `<fn>_simd128` is called where the module exports one, unless `simd` is false.
 *
 * `runNodeOnce` runs one node on its own instance (the golden cases, tests), from a given state for stateful ops.
 */
import type { CallPlan, KernelArg, KernelInvocation } from '../../kernels/call-plan.ts'
import type { ConstantName } from '../../kernels/portable/runtime-structs.ts'
import { structLayout } from '../../kernels/portable/runtime-structs.ts'
import { bindingOf } from '../../kernels/registry.ts'
import type { PlanNode } from '../../kernels/types.ts'
import { shapeSize } from '../../ir/types.ts'
import { getOp } from '../../ops/registry.ts'
import { KERNEL_ISAS } from '../../targets/cores.ts'
import { WasmHeap } from './wasm-heap.ts'
import type { KernelExports } from './wasm-module.ts'

type KernelFn = (...args: number[]) => unknown

export interface Step {
  fn: KernelFn
  args: number[]
  /** By-value struct copies to rewrite before the call: word index and values. */
  copies: { at: number; words: Int32Array }[]
}

/** Where a node's tensors are: input addresses by port, the output address, the shared scratch buffer, its state buffers. */
export interface NodeAddresses {
  inputs: readonly number[]
  output: number
  scratch: number
  state?: readonly number[]
}

export class KernelCaller {
  readonly heap: WasmHeap
  /** The exported functions the steps call, by runtime name (e.g. tf_convolve_s8 → tf_convolve_s8_simd128). */
  readonly kernels = new Map<string, string>()

  constructor(private readonly exports: KernelExports, private readonly simd = true) {
    this.heap = new WasmHeap(exports.memory, exports.__heap_base.value as number)
  }

  /** The steps of a node's call plan; `label` names the node in errors. */
  steps(label: string, plan: CallPlan, at: NodeAddresses): Step[] {
    const constants = new Map<ConstantName, number>()
    for (const c of plan.constants) constants.set(c.name, this.heap.writeConstant(c))
    const params = plan.params ? this.heap.struct(plan.params, constants) : 0
    return this.resolve(label, plan.invocations, constants, params, at)
  }

  /** The steps that reset a stateful node's state buffers (none for other nodes). */
  resetSteps(label: string, plan: CallPlan, at: NodeAddresses): Step[] {
    return this.resolve(label, plan.reset ?? [], new Map(), 0, at)
  }

  private resolve(label: string, invocations: readonly KernelInvocation[], constants: Map<ConstantName, number>, params: number,
    at: NodeAddresses): Step[] {
    return invocations.map((inv) => {
      const copies: Step['copies'] = []
      const args = inv.args.map((a) => this.argValue(label, a, constants, params, at, copies))
      return { fn: this.kernel(inv.fn), args, copies }
    })
  }

  /** Runs a step; returns the kernel's return value (an Exit's decision: 1 confident, 0 not; undefined for void kernels). */
  call(step: Step, words: Int32Array): unknown {
    for (const c of step.copies) words.set(c.words, c.at)
    return step.fn(...step.args)
  }

  private argValue(label: string, a: KernelArg, constants: Map<ConstantName, number>, params: number, at: NodeAddresses,
    copies: Step['copies']): number {
    switch (a.kind) {
      case 'params': return params
      case 'constant': {
        const address = constants.get(a.name)
        if (address !== undefined) return address
        if (a.optional) return 0
        throw new Error(`${label}: the call reads constant '${a.name}', which the node lacks`)
      }
      case 'input': {
        const address = at.inputs[a.port]
        if (address === undefined) throw new Error(`${label}: the call reads input ${a.port}, which the node lacks`)
        return address
      }
      case 'output': return at.output
      case 'scratch': return at.scratch
      case 'int': return a.value
      case 'byValue': {
        const address = this.heap.struct(a.struct, constants)
        const size = structLayout(a.struct.type).size
        copies.push({ at: address >> 2, words: this.heap.words.slice(address >> 2, (address + size) >> 2) })
        return address
      }
      case 'state': {
        const address = at.state?.[a.index]
        if (address === undefined) throw new Error(`${label}: the call reads state buffer ${a.index}, which the node lacks`)
        return address
      }
    }
  }

  private kernel(name: string): KernelFn {
    const simd = this.simd ? this.exports[`${name}_simd128`] : undefined
    const fn = simd ?? this.exports[name]
    if (typeof fn !== 'function') throw new Error(`the WebAssembly kernels have no function ${name}`)
    this.kernels.set(name, simd ? `${name}_simd128` : name)
    return fn as KernelFn
  }
}

/** The portable binding's largest scratch for a node over every code path (what the C package reserves). */
export function scratchBytesOf(node: PlanNode): number {
  const binding = bindingOf('portable', node.site.op)
  return Math.max(0, ...KERNEL_ISAS.map((isa) => binding.scratchBytes(node.site, isa)))
}

/**
 * Runs one node's portable call once on a fresh instance: `inputs` by port (int8 tensors; for an Input node, its
 * raw int32 values), `outputSize` bytes out. An alias (Reshape, Flatten) returns its input; an Exit also its decision.
 * A stateful op starts from `options.state` (its buffers in `stateSpecs` order; default: its reset calls) and returns
 * its state after the call.
 */
export function runNodeOnce(module: WebAssembly.Module, node: PlanNode, inputs: readonly (Int8Array | Int16Array | Int32Array)[], outputSize: number,
  options: { simd?: boolean; state?: readonly (Int8Array | Int16Array)[] } = {}):
  { output: Int8Array | Int16Array; kernels: Map<string, string>; state: (Int8Array | Int16Array)[]; decision?: boolean } {
  const plan = bindingOf('portable', node.site.op).call?.(node)
  if (!plan) throw new Error(`${node.site.op} has no portable kernel call`)
  const caller = new KernelCaller(new WebAssembly.Instance(module, {}).exports as unknown as KernelExports, options.simd !== false)
  const addresses = inputs.map((x) => {
    const address = caller.heap.alloc(x.byteLength + 16, 16)
    if (x instanceof Int32Array) caller.heap.words.set(x, address >> 2)
    else if (x instanceof Int16Array) caller.heap.halves.set(x, address >> 1)
    else caller.heap.bytes.set(x, address)
    return address
  })
  const int16 = node.site.output.dtype === 'int16'
  const output = plan.alias ? addresses[0] : caller.heap.alloc(outputSize * (int16 ? 2 : 1) + 16, 16)
  const scratch = caller.heap.alloc(Math.max(16, scratchBytesOf(node)), 16)
  const specs = stateBuffersOf(node)
  const state = specs.map((spec) => caller.heap.alloc(spec.bytes + 16, 16))
  const at = { inputs: addresses, output, scratch, ...(specs.length > 0 ? { state } : {}) }
  const steps = caller.steps(node.site.op, plan, at)
  for (const step of caller.resetSteps(node.site.op, plan, at)) caller.call(step, caller.heap.words)
  options.state?.forEach((values, k) => {
    if (values instanceof Int16Array) caller.heap.halves.set(values, state[k] >> 1)
    else caller.heap.bytes.set(values, state[k])
  })
  let last: unknown
  for (const step of steps) last = caller.call(step, caller.heap.words)
  const decided = plan.invocations.some((inv) => inv.decision)
  return { output: int16 ? caller.heap.halves.slice(output >> 1, (output >> 1) + outputSize) : caller.heap.bytes.slice(output, output + outputSize), kernels: caller.kernels,
    state: specs.map((spec, k) => readState(caller.heap, state[k], spec)), ...(decided ? { decision: last === 1 } : {}) }
}

/** A state buffer of a node: its element type and size (its op's `stateSpecs`). */
export interface StateBuffer {
  name: string
  dtype: 'int8' | 'int16'
  /** Elements. */
  length: number
  bytes: number
}

/** The state buffers of a stateful node, in `stateSpecs` order; [] for other ops. */
export function stateBuffersOf(node: PlanNode): StateBuffer[] {
  const specs = getOp(node.site.op)?.stateSpecs?.(node.site.attrs as never, node.site.inputs) ?? []
  return specs.map((s) => {
    const length = shapeSize(s.shape)
    return { name: s.name, dtype: s.dtype, length, bytes: length * (s.dtype === 'int16' ? 2 : 1) }
  })
}

/** A copy of a state buffer at `address`. */
export function readState(heap: WasmHeap, address: number, buffer: Pick<StateBuffer, 'dtype' | 'length'>): Int8Array | Int16Array {
  return buffer.dtype === 'int16' ? heap.halves.slice(address >> 1, (address >> 1) + buffer.length)
    : heap.bytes.slice(address, address + buffer.length)
}
