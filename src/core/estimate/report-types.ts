/**
 * The estimator's report: what `estimate()` returns, what `tinyforge estimate --json` prints, and what the
 * targets panel draws (side-by-side bars, per-layer breakdown, memory timeline). Plain JSON data: numbers,
 * strings, booleans, arrays, `null` for a figure that cannot be known (e.g. latency without a cost model).
 *
 * Field names fixed by DESIGN.md (never renamed, only added to): model {name, macs, params, weightBytes}, library,
 * targets[] {id, name, core, clockMHz, flashBytes, ramBytes, latencyMs, energyUj, fits {flash, ram},
 * layers[] {node, op, macs, latencyMs, ramBytes, flashBytes}}. Method and sources: docs/estimator.md.
 */
import type { Diagnostic } from '../ir/diagnostics.ts'
import type { CoreId, Figure } from '../targets/types.ts'
import type { OpKind } from '../ops/op-def.ts'
import type { KernelRuntime } from './kernel-runtime.ts'
import type { KernelIsa } from '../targets/cores.ts'
import type { StoredEncoding } from '../quant/weight-encoding.ts'

/**
 * Where a figure comes from: 'computed' — counted exactly from the graph (MACs, bytes, the planned arena);
 * 'measurement' / 'datasheet' — a device figure, or (measurement) code sizes measured from the built C package;
 * 'fit' — the latency model fitted to measurements of this core; 'scaled' — a fitted core × a measured ratio
 * (cross-core, or portable ÷ CMSIS-NN instructions); 'assumption' — a stated default or stand-in.
 */
export type FigureSource = 'computed' | 'measurement' | 'datasheet' | 'fit' | 'scaled' | 'assumption'

/** Source of a derived figure, its error band (± percent, 0 when exact) and one sentence on how it was obtained. */
export interface Provenance {
  source: FigureSource
  errorPct: number
  basis: string
}

export interface ModelSummary {
  name: string
  /** Multiply-accumulates of one inference (layers whose shape is known). */
  macs: number
  /** Weight and bias elements. */
  params: number
  /** Constant tensors as deployed: int8 weights + biases in the library's bias type. */
  weightBytes: number
  /** The bias part of weightBytes. */
  biasBytes: number
  /** Per-channel requantization multipliers and shifts (s8). */
  quantParamBytes: number
  /** Graph nodes, and how many of them could be estimated (output shape known). */
  nodes: number
  estimatedNodes: number
}

/** One node, target-independent, in execution order (then nodes on cycles, not estimated). */
export interface LayerEstimate {
  node: string
  name: string
  op: string
  kind: OpKind
  macs: number
  params: number
  /** Constant bytes (weights + bias) as deployed; biasBytes and quantParamBytes as in ModelSummary. */
  weightBytes: number
  biasBytes: number
  quantParamBytes: number
  /** Output tensor bytes (int8) and shape; 0 and null when the shape is unknown. */
  outputBytes: number
  outputShape: number[] | null
  /** Kernel scratch on each CMSIS-NN code path (a target uses the one of its core: targets[].layers[].scratchBytes). */
  scratchBytes: Record<KernelIsa, number>
  /** Kernel scratch of the portable runtime (the same on every core). */
  portableScratchBytes: number
  /** Kernel functions this layer calls in the report's runtime (empty for aliases and Input; null when unknown). */
  kernels: string[] | null
  /**
   * How its weights are stored when not dense int8 (quant/weight-encoding.ts): palettized (bits, clusters) or sparse
   * (nnz); such a layer runs on the portable decoding kernels in every build. null: dense.
   */
  encoding: StoredEncoding | null
  /** False when the output shape is unknown (the node or one upstream has an error): it contributes nothing. */
  estimated: boolean
  /** False when the library has no kernel for the op. */
  supported: boolean
  diagnostics: Diagnostic[]
}

/** A tensor's place in the arena: one bar of the memory timeline chart (x: execution steps, y: bytes). */
export interface ArenaBuffer {
  node: string
  name: string
  /** Tensor bytes, and the bytes the arena reserves for it (rounded up to the alignment). */
  size: number
  alignedSize: number
  offset: number
  /** Inclusive execution steps (indices into memory.order) during which the buffer is live. */
  firstUse: number
  lastUse: number
  /** Set when the tensor shares the buffer of this node's output (Reshape, Flatten). */
  aliasOf: string | null
  /** Set on a stateful node's state buffer (its state name): live across invocations, the whole schedule. */
  state?: string
}

export interface MemoryReport {
  /** 'optimizing' or 'greedy-by-size'; how it was chosen in plannerBasis. */
  planner: string
  plannerBasis: string
  alignment: number
  arenaBytes: number
  /** Liveness bound: no plan can use less. arenaBytes − lowerBoundBytes is lost to fragmentation. */
  lowerBoundBytes: number
  /** Execution order (node ids) the steps refer to. */
  order: string[]
  buffers: ArenaBuffer[]
  /** Aligned bytes live at each step: the lower envelope of the timeline chart. */
  liveBytes: number[]
  /** Model input and output tensor bytes; they are arena buffers (ioInArena), so RAM adds nothing for them. */
  inputBytes: number
  outputBytes: number
  ioInArena: true
}

/** One layer on one target. */
export interface TargetLayerEstimate {
  node: string
  op: string
  macs: number
  cycles: number
  /** null when the library has no cost model. */
  latencyMs: number | null
  /** Activation bytes live while the layer runs (aligned) + its kernel scratch on this core. */
  ramBytes: number
  /** The layer's constant data + its generated call sites (kernel code is shared: see flash.kernelBytes). */
  flashBytes: number
  scratchBytes: number
  liveBytes: number
  source: FigureSource
  errorPct: number
}

export interface FlashBreakdown {
  weightBytes: number
  biasBytes: number
  quantParamBytes: number
  /** Kernel functions of the report's runtime, once each, with their measured sizes. */
  kernelBytes: number
  kernels: { kernel: string; bytes: number | null }[]
  callSiteBytes: number
  /** Library code the kernels share, once: memcpy + memset for CMSIS; the compiler helpers (libgcc) for portable. */
  libcBytes: number
  /** Code every model links once: the portable package's zero-copy API (`_run` prologue, `_input`, `_output`); 0 for CMSIS. */
  fixedBytes: number
  /** Code-size figures come from this CPU's measurements (a stand-in for some cores: standIn says why). */
  codeSizeCpu: string
  standIn: string | null
  /** Ops whose code size is unknown (no kernel in the library, or no table): flashBytes leaves them out. */
  unknownCode: string[]
}

export interface RamBreakdown {
  arenaBytes: number
  /**
   * The largest kernel scratch of any layer on this core (one buffer shared by all layers), and its layer; for the
   * portable runtime rounded up to whole words, as the package links it.
   */
  scratchBytes: number
  scratchNode: string | null
  /** The core's CMSIS-NN code path (its scratch formulas apply to the 'cmsis-nn' runtime). */
  isa: KernelIsa
  /** The runtime's own static RAM beyond arena and scratch: the portable package's arena guard word (4), else 0. */
  overheadBytes: number
  /** Model input/output bytes outside the arena: 0, they are arena buffers. */
  ioBytes: number
}

export interface TargetEstimate {
  id: string
  name: string
  board: string
  core: CoreId
  clockMHz: number
  custom: boolean
  /** The model's requirement on this target. */
  flashBytes: number
  ramBytes: number
  /** Σ layer cycles / clock; null when the library has no cost model. */
  latencyMs: number | null
  cycles: number | null
  /** latency × active power (ms × mW = µJ). */
  energyUj: number | null
  activePowerMw: number
  /** Requirement ≤ budget, where budget = capacity × (1 − reserved fraction). */
  fits: { flash: boolean; ram: boolean }
  capacity: { flashBytes: number; ramBytes: number; flashBudgetBytes: number; ramBudgetBytes: number; reserved: { flash: number; ram: number } }
  /** Requirement / capacity (for the bars). */
  usage: { flash: number; ram: number }
  flash: FlashBreakdown
  ram: RamBreakdown
  /** Share of the predicted cycles by cost-model source, e.g. { fit: 0.9, assumption: 0.1 }. */
  latencyShares: Partial<Record<FigureSource, number>>
  figures: {
    latency: Provenance
    energy: Provenance
    flash: Provenance
    ram: Provenance
    /** The device's own figures with their sources (targets catalog). */
    clock: Figure
    sram: Figure
    flashCapacity: Figure
    power: Figure
  }
  layers: TargetLayerEstimate[]
}

export interface EstimateReport {
  model: ModelSummary
  /** Vendor library id. */
  library: string
  libraryName: string
  /** The kernels the estimate assumes the package links (EstimateOptions.runtime). */
  runtime: KernelRuntime
  /** True when every node was estimated and the graph has no error diagnostics. */
  complete: boolean
  /** Every diagnostic of the analysis (also attached to their layers). */
  diagnostics: Diagnostic[]
  layers: LayerEstimate[]
  memory: MemoryReport
  targets: TargetEstimate[]
}
