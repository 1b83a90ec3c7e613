/**
 * A quantized graph prepared on the WebAssembly kernels: the deployed C runtime, called exactly as the C package's
 * schedule calls it (each node's call plan from its portable kernel binding, marshalled by wasm-calls.ts).
 *
 * Prepare (once): the prepared plan (frozen OpData) and the memory plan (plan/plan-graph.ts: the C package's arena
 * offsets); a fresh kernels instance; in its memory, from __heap_base up (the stack lies below the data):
 *   arena      every tensor at its planner offset (Reshape/Flatten alias their input: no code)
 *   scratch    the largest portable scratch of any node (kernel bindings' scratchBytes, every code path)
 *   raw        int32 raw values of each Input, for its integer preprocessing (tf_preprocess_*)
 *   per node   its constants (weights, bias, multipliers, shifts, mean, and the stateful ops' own) and params
 *              struct, written once (struct layouts: kernels/portable/runtime-structs.ts)
 * Stateful layers' buffers (SVDF memory, LSTM h and c) sit in the arena at the planner's state offsets, as in the
 * C package; their reset calls run at prepare and before every run unless it carries the state over ('carry').
 * Run (per sample): copy the int8 inputs into the arena, call the steps in schedule order, copy out each node's
 * output as it is produced (capture 'all') or the graph outputs at the end.
 */
import type { CallPlan } from '../../kernels/call-plan.ts'
import { planNodeOf } from '../../kernels/plan-node.ts'
import { bindingOf } from '../../kernels/registry.ts'
import { formatShape, shapeSize } from '../../ir/types.ts'
import type { Graph } from '../../ir/types.ts'
import { preprocessRaw } from '../../ops/input.ts'
import { planGraphMemory } from '../../plan/plan-graph.ts'
import type { PreparedGraph } from '../../plan/prepare-graph.ts'
import { prepareGraph } from '../../plan/prepare-graph.ts'
import type { Rounding } from '../../quant/fixed-point.ts'
import type { QuantScheme } from '../../quant/scheme.ts'
import type { IntTensor } from '../../ops/op-def.ts'
import type { ExitOutcome, ExitRun } from '../early-exit.ts'
import { mainPath, reachedOutputs } from '../early-exit.ts'
import type { Int8Model, Int8RunOptions } from '../int8-engines.ts'
import type { Int8GraphState } from '../int8-engine.ts'
import type { StateBuffer, Step } from './wasm-calls.ts'
import { KernelCaller, readState, scratchBytesOf, stateBuffersOf } from './wasm-calls.ts'
import type { KernelExports } from './wasm-module.ts'

export interface WasmModelOptions {
  /** Call the SIMD128 variants where the module has them (default true); false runs the portable kernels only. */
  simd?: boolean
  /**
   * The requantization rounding the module was built for (default 'double'; 'single': -DCMSIS_NN_USE_SINGLE_ROUNDING,
   * wasm-module.ts kernelsModule('single')); the prepared plan follows it.
   */
  rounding?: Rounding
}

interface NodeRun {
  id: string
  steps: Step[]
  /** An Exit: its (last) step returns the decision. */
  exit?: boolean
  /** Arena address and size (elements) of the node's output; `int16` for a layer kept at 16 bits. */
  address: number
  size: number
  int16?: boolean
}

interface InputPort {
  id: string
  name: string
  shape: readonly number[]
  address: number
  size: number
  /** Raw int32 buffer and the preprocessing call. */
  raw: number
  preprocess: Step[]
}

/** Raw values the wasm preprocessing takes: whole numbers whose difference from any mean (|mean| ≤ 65536) fits int32. */
const RAW_LIMIT = 2 ** 30

export class WasmInt8Model implements Int8Model {
  readonly prepared: PreparedGraph
  /** Arena bytes (the memory planner's, as the C package's). */
  readonly arenaBytes: number
  private readonly caller: KernelCaller
  private readonly nodes: NodeRun[] = []
  private readonly inputs: InputPort[] = []
  private readonly outputs: NodeRun[]
  /** The reset calls of the stateful nodes, and where their state buffers are. */
  private readonly resets: Step[] = []
  private readonly states: { id: string; address: number; buffer: StateBuffer }[] = []
  private disposed = false

  constructor(module: WebAssembly.Module, graph: Graph, scheme: QuantScheme, options: WasmModelOptions = {}) {
    this.prepared = prepareGraph(graph, scheme, undefined, options.rounding ?? 'double')
    const memoryPlan = planGraphMemory(graph)
    if (memoryPlan.order.join() !== this.prepared.order.join()) throw new Error('the memory plan and the schedule disagree on the order')
    this.arenaBytes = memoryPlan.arenaBytes
    this.caller = new KernelCaller(new WebAssembly.Instance(module, {}).exports as unknown as KernelExports, options.simd !== false)
    const heap = this.caller.heap

    const arena = heap.alloc(memoryPlan.arenaBytes + 16, 16)
    const addressOf = new Map(memoryPlan.buffers.map((b) => [b.nodeId, arena + b.offset]))
    const nodes = this.prepared.order.map((id) => {
      const p = this.prepared.nodes.get(id)!
      const planNode = planNodeOf(p, scheme)
      const plan: CallPlan | undefined = bindingOf('portable', p.op).call?.(planNode)
      if (!plan) throw new Error(`${p.name} (${p.op}) has no portable kernel call`)
      return { p, plan, planNode, scratch: p.op === 'Input' ? 0 : scratchBytesOf(planNode) }
    })
    const scratch = heap.alloc(Math.max(16, ...nodes.map((n) => n.scratch)), 16)

    for (const { p, plan, planNode } of nodes) {
      const address = addressOf.get(p.id)
      if (address === undefined) throw new Error(`no arena buffer was planned for ${p.name}`)
      const size = shapeSize(p.outputShape)
      const label = `${p.name} (${p.op})`
      if (p.op === 'Input') {
        const raw = heap.alloc(size * 4, 16)
        this.inputs.push({ id: p.id, name: p.name, shape: p.outputShape, address, size, raw,
          preprocess: this.caller.steps(label, plan, { inputs: [raw], output: address, scratch }) })
        this.nodes.push({ id: p.id, steps: [], address, size })
        continue
      }
      const int16 = p.output.dtype === 'int16'
      const inputs = p.inputIds.map((src) => addressOf.get(src)!)
      if (plan.alias && inputs[0] !== address) throw new Error(`${label}: its output must alias its input (planner invariant)`)
      const buffers = stateBuffersOf(planNode)
      const planned = memoryPlan.states.filter((st) => st.nodeId === p.id)
      if (planned.map((st) => `${st.name}:${st.size}`).join() !== buffers.map((b) => `${b.name}:${b.bytes}`).join()) {
        throw new Error(`${label}: the memory plan's state buffers differ from the op's`)
      }
      const state = planned.map((st) => arena + st.offset)
      const at = { inputs, output: address, scratch, ...(state.length > 0 ? { state } : {}) }
      this.nodes.push({ id: p.id, steps: this.caller.steps(label, plan, at), address, size, ...(int16 ? { int16 } : {}),
        exit: plan.invocations.some((inv) => inv.decision) })
      this.resets.push(...this.caller.resetSteps(label, plan, at))
      buffers.forEach((buffer, k) => this.states.push({ id: p.id, address: state[k], buffer }))
    }
    this.reset()
    const byId = new Map(this.nodes.map((n) => [n.id, n]))
    this.outputs = this.prepared.outputIds.map((id) => byId.get(id)!)
  }

  /** The exported functions the model calls, by runtime name (e.g. tf_convolve_s8 → tf_convolve_s8_simd128). */
  get kernels(): ReadonlyMap<string, string> {
    return this.caller.kernels
  }

  run(inputs: Readonly<Record<string, Int8Array>>, options: Int8RunOptions = {}): Map<string, IntTensor> {
    this.live()
    this.writeInputs(inputs)
    if (options.state !== 'carry') this.reset()
    const all = options.capture !== 'outputs'
    const out = new Map<string, IntTensor>()
    const words = this.caller.heap.words
    for (const node of this.nodes) {
      for (const step of node.steps) this.caller.call(step, words)
      if (all) out.set(node.id, this.read(node))
    }
    if (!all) for (const node of this.outputs) out.set(node.id, this.read(node))
    return out
  }

  /** A copy of a node's output tensor (int16 layers as Int16Array). */
  private read(node: NodeRun): IntTensor {
    if (node.int16) return this.caller.heap.halves.slice(node.address >> 1, (node.address >> 1) + node.size)
    return this.caller.heap.bytes.slice(node.address, node.address + node.size)
  }

  runToExit(inputs: Readonly<Record<string, Int8Array>>): ExitRun {
    this.live()
    this.writeInputs(inputs)
    this.reset()
    const words = this.caller.heap.words
    let exit: ExitOutcome = mainPath(this.prepared)
    for (let n = 0; n < this.nodes.length; n++) {
      const node = this.nodes[n]
      let decision: unknown = 0
      for (const step of node.steps) decision = this.caller.call(step, words)
      if (node.exit && decision === 1) {
        exit = { index: this.prepared.exitIds.indexOf(node.id), nodeId: node.id, nodesRun: n + 1 }
        break
      }
    }
    const byId = new Map(this.nodes.map((x) => [x.id, x]))
    return { exit, outputs: reachedOutputs(this.prepared, exit.nodesRun, (id) => this.read(byId.get(id)!)) }
  }

  preprocess(raw: Readonly<Record<string, ArrayLike<number>>>): Record<string, Int8Array> {
    this.live()
    const out: Record<string, Int8Array> = {}
    const heap = this.caller.heap
    for (const port of this.inputs) {
      const values = raw[port.id]
      if (!values) throw new Error(`No data given for input '${port.name}' (${formatShape(port.shape)})`)
      if (values.length !== port.size) throw new Error(`Input expects ${port.size} raw values, got ${values.length}`)
      if (!wholeNumbers(values)) {
        // Non-integer raw values take the Input's float formula, which has no C twin (the package preprocesses integers).
        const p = this.prepared.nodes.get(port.id)!
        if (p.op !== 'Input') throw new Error(`prepared input ${port.id} is a ${p.op}`)
        out[port.id] = preprocessRaw(p.opData, values)
        continue
      }
      heap.words.set(values, port.raw >> 2)
      for (const step of port.preprocess) this.caller.call(step, heap.words)
      out[port.id] = heap.bytes.slice(port.address, port.address + port.size)
    }
    return out
  }

  state(): Int8GraphState {
    this.live()
    const out: Int8GraphState = new Map()
    for (const { id, address, buffer } of this.states) {
      out.set(id, { ...out.get(id), [buffer.name]: readState(this.caller.heap, address, buffer) })
    }
    return out
  }

  dispose(): void {
    this.disposed = true
    this.nodes.length = 0
    this.inputs.length = 0
  }

  private writeInputs(inputs: Readonly<Record<string, Int8Array>>): void {
    const bytes = this.caller.heap.bytes
    for (const port of this.inputs) {
      const x = inputs[port.id]
      if (!x) throw new Error(`No data given for input '${port.name}' (${formatShape(port.shape)}, ${port.size} int8 values)`)
      if (x.length !== port.size) throw new Error(`Input '${port.name}' expects ${port.size} int8 values (${formatShape(port.shape)}), got ${x.length}`)
      bytes.set(x, port.address)
    }
  }

  /** Puts the stateful layers' buffers in their reset state (their reset calls; nothing for stateless graphs). */
  private reset(): void {
    const words = this.caller.heap.words
    for (const step of this.resets) this.caller.call(step, words)
  }

  private live(): void {
    if (this.disposed) throw new Error('this wasm model was disposed')
  }
}

function wholeNumbers(values: ArrayLike<number>): boolean {
  for (let i = 0; i < values.length; i++) {
    const v = values[i]
    if (!Number.isInteger(v) || v < -RAW_LIMIT || v > RAW_LIMIT) return false
  }
  return true
}
