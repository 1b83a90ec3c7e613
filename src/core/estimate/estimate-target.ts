/**
 * One target's figures from the target-independent layer table (estimate.ts), for the report's kernel runtime:
 *   latency = Σ layer cycles / clock: the CMSIS-NN cost model (cost-model.ts: library × core × op kind), for the
 *             portable runtime × its measured instruction ratio per op kind (kernel-runtime.ts);
 *   energy  = latency × the device's active power;
 *   flash   = constant data + generated call sites + each kernel used, once + memcpy/memset (CMSIS) or the fixed
 *             zero-copy API (portable) (flash-model.ts);
 *   RAM     = planned arena + the largest kernel scratch: on the core's CMSIS-NN code path (scratch-model.ts), or
 *             the portable runtime's im2col in whole words + its arena guard word; the model's input and output are
 *             arena buffers, so nothing is added for I/O;
 *   fits    = requirement ≤ capacity × (1 − reserved fraction).
 * Error bands: latency is the cycle-weighted mean of the layers' errors (cost model, plus the ratio's for the
 * portable runtime; errors of one model's layers move together, so they are added, not combined in quadrature);
 * flash carries the code-size table's error on its code part; RAM is exact for the planned schedule.
 */
import { hasCostModel, layerCycles } from './cost-model.ts'
import { decodeCycles, cmsisInt4Ratio } from './decode-cost.ts'
import type { Target } from '../targets/types.ts'
import type { VendorLibrary } from '../vendors/types.ts'
import type { LayerWork } from './estimate.ts'
import type { CodeSizeTable } from './flash-model.ts'
import { codeSizeTable } from './flash-model.ts'
import type { KernelRuntime } from './kernel-runtime.ts'
import { portableLatencyBasis, portableLatencyScale, portableStaticRam, runtimeIdOf } from './kernel-runtime.ts'
import type { FigureSource, FlashBreakdown, MemoryReport, Provenance, TargetEstimate, TargetLayerEstimate } from './report-types.ts'
import type { KernelIsa } from '../targets/cores.ts'
import { kernelIsaOf } from '../targets/cores.ts'

export interface TargetWork {
  library: VendorLibrary
  runtime: KernelRuntime
  layers: readonly LayerWork[]
  memory: MemoryReport
  reserve: { flash: number; ram: number }
}

/** Strongest first: the source of a combined figure is the weakest of its parts. */
const STRENGTH: readonly FigureSource[] = ['computed', 'measurement', 'datasheet', 'fit', 'scaled', 'assumption']
const weaker = (a: FigureSource, b: FigureSource): FigureSource => (STRENGTH.indexOf(a) >= STRENGTH.indexOf(b) ? a : b)
const round1 = (x: number) => Math.round(x * 10) / 10
const percent = (x: number) => (x < 0.005 ? '<1 %' : `${Math.round(x * 100)} %`)

/** What the totals of one target need: the target-independent layer table, the arena and the reserve. */
export interface TotalsWork {
  library: VendorLibrary
  runtime: KernelRuntime
  layers: readonly LayerWork[]
  arenaBytes: number
  /** Planned arena buffers (0: no layer, no package). */
  bufferCount: number
  reserve: { flash: number; ram: number }
}

type LayerCost = { cycles: number; source: FigureSource; errorPct: number }

/** One target's totals: the figures the comparison and the family explorer need, and what the full report adds to. */
export interface TargetTotals {
  priced: boolean
  isa: KernelIsa
  cycles: number
  weightedError: number
  cyclesBySource: Partial<Record<FigureSource, number>>
  /** Per layer (work.layers order): its cycles and scratch on this target. */
  layerCosts: LayerCost[]
  layerScratch: number[]
  scratchBytes: number
  scratchNode: string | null
  code: CodeOf
  table: CodeSizeTable
  flashBytes: number
  codeBytes: number
  constantBytes: number
  staticRam: { scratchBytes: number; overheadBytes: number }
  ramBytes: number
  latencyMs: number | null
  energyUj: number | null
  flashBudgetBytes: number
  ramBudgetBytes: number
  fits: { flash: boolean; ram: boolean }
}

/**
 * Per-work results shared by targets with the same core (layer cycles, scratch) or code-size table: an estimate over
 * many boards computes them once per core. Pass one object per TotalsWork (never across works).
 */
export type TotalsCache = Map<string, unknown>

interface CoreTotals {
  cycles: number
  weightedError: number
  cyclesBySource: Partial<Record<FigureSource, number>>
  layerCosts: LayerCost[]
  layerScratch: number[]
  scratchBytes: number
  scratchNode: string | null
}

export function targetTotals(target: Target, work: TotalsWork, cache?: TotalsCache): TargetTotals {
  const { library, runtime, reserve } = work
  const portable = runtime === 'portable'
  const isa = kernelIsaOf(target.core)
  const priced = hasCostModel(library.id)
  const table = codeSizeTable(runtimeIdOf(runtime, library), target.core)
  const code = cached(cache, `code|${table.runtime}|${table.cpu}`, () => codeOf(work.layers, table))
  const { cycles, weightedError, cyclesBySource, layerCosts, layerScratch, scratchBytes, scratchNode } =
    cached(cache, `core|${target.core}`, () => coreTotals(target, work, isa, priced))
  const flash = code.breakdown
  const constantBytes = flash.weightBytes + flash.quantParamBytes
  const codeBytes = flash.kernelBytes + flash.callSiteBytes + flash.libcBytes + flash.fixedBytes
  const flashBytes = constantBytes + codeBytes
  // The portable package reserves whole scratch words and an arena guard word; no layer, no package.
  const staticRam = portable && work.bufferCount > 0 ? portableStaticRam(scratchBytes) : { scratchBytes, overheadBytes: 0 }
  const ramBytes = work.arenaBytes + staticRam.scratchBytes + staticRam.overheadBytes
  const latencyMs = priced ? cycles / (target.clockMHz * 1000) : null
  const energyUj = latencyMs === null ? null : latencyMs * target.activePowerMw
  const flashBudgetBytes = Math.floor(target.flashBytes * (1 - reserve.flash))
  const ramBudgetBytes = Math.floor(target.sramBytes * (1 - reserve.ram))
  return {
    priced, isa, cycles, weightedError, cyclesBySource, layerCosts, layerScratch, scratchBytes, scratchNode, code, table, flashBytes,
    codeBytes, constantBytes, staticRam, ramBytes, latencyMs, energyUj, flashBudgetBytes, ramBudgetBytes,
    fits: { flash: flashBytes <= flashBudgetBytes, ram: ramBytes <= ramBudgetBytes },
  }
}

function cached<T>(cache: TotalsCache | undefined, key: string, make: () => T): T {
  if (!cache) return make()
  if (cache.has(key)) return cache.get(key) as T
  const v = make()
  cache.set(key, v)
  return v
}

/** Cycles and scratch of every layer on the target's core (the same for every board with that core). */
function coreTotals(target: Target, work: TotalsWork, isa: KernelIsa, priced: boolean): CoreTotals {
  const portable = work.runtime === 'portable'
  let cycles = 0
  let weightedError = 0
  const cyclesBySource: Partial<Record<FigureSource, number>> = {}
  let scratchBytes = 0
  let scratchNode: string | null = null
  const layerCosts: LayerCost[] = []
  const layerScratch: number[] = []
  for (const w of work.layers) {
    const l = w.layer
    // No kernel runs for 'none' (Input, aliasing Reshape/Flatten): exactly 0 cycles.
    const cost = l.estimated && priced && l.kind !== 'none' ? runtimeCycles(work, target, w)
      : { cycles: 0, source: 'computed' as FigureSource, errorPct: 0 }
    cycles += cost.cycles
    weightedError += cost.cycles * cost.errorPct
    if (cost.cycles > 0) cyclesBySource[cost.source] = (cyclesBySource[cost.source] ?? 0) + cost.cycles
    const scratch = portable ? l.portableScratchBytes : l.scratchBytes[isa]
    if (scratch > scratchBytes) { scratchBytes = scratch; scratchNode = l.node }
    layerCosts.push(cost)
    layerScratch.push(scratch)
  }
  return { cycles, weightedError, cyclesBySource, layerCosts, layerScratch, scratchBytes, scratchNode }
}

export function estimateTarget(target: Target, work: TargetWork): TargetEstimate {
  const { library, runtime, layers, memory, reserve } = work
  const t = targetTotals(target, { ...work, arenaBytes: memory.arenaBytes, bufferCount: memory.buffers.length })
  const { priced, isa, cycles, weightedError, cyclesBySource, scratchNode, code, table, flashBytes, codeBytes, constantBytes, staticRam,
    ramBytes, latencyMs, energyUj, flashBudgetBytes, ramBudgetBytes } = t
  const kHz = target.clockMHz * 1000
  const out: TargetLayerEstimate[] = layers.map((w, i) => {
    const l = w.layer
    const cost = t.layerCosts[i]
    const scratch = t.layerScratch[i]
    const live = w.step >= 0 ? memory.liveBytes[w.step] ?? 0 : 0
    return {
      node: l.node, op: l.op, macs: l.macs, cycles: cost.cycles, latencyMs: priced ? cost.cycles / kHz : null,
      ramBytes: l.estimated ? live + scratch : 0, flashBytes: l.weightBytes + l.quantParamBytes + (code.callSitesByNode.get(l.node) ?? 0),
      scratchBytes: scratch, liveBytes: live, source: cost.source, errorPct: cost.errorPct,
    }
  })
  const flash = code.breakdown
  const latency = latencyProvenance(priced, cycles, weightedError, cyclesBySource, library.id, target, runtime)
  const power = target.figures.power
  return {
    id: target.id, name: target.name, board: target.board, core: target.core, clockMHz: target.clockMHz, custom: target.custom === true,
    flashBytes, ramBytes, latencyMs, cycles: priced ? cycles : null, energyUj, activePowerMw: target.activePowerMw,
    fits: t.fits,
    capacity: { flashBytes: target.flashBytes, ramBytes: target.sramBytes, flashBudgetBytes, ramBudgetBytes, reserved: { ...reserve } },
    usage: { flash: flashBytes / target.flashBytes, ram: ramBytes / target.sramBytes },
    flash,
    ram: { arenaBytes: memory.arenaBytes, scratchBytes: staticRam.scratchBytes, scratchNode, isa, overheadBytes: staticRam.overheadBytes,
      ioBytes: 0 },
    latencyShares: Object.fromEntries(Object.entries(cyclesBySource).map(([s, c]) => [s, c / cycles])),
    figures: {
      latency,
      energy: {
        source: weaker(latency.source, power.kind), errorPct: latency.errorPct,
        basis: `latency × active power ${target.activePowerMw} mW (${power.kind}: ${power.source}); the power figure's own error is not quantified`,
      },
      flash: {
        source: codeBytes > 0 ? table.source : 'computed',
        errorPct: flashBytes > 0 ? round1((table.errorPct * codeBytes) / flashBytes) : 0,
        basis: `${constantBytes} B constant data counted from the graph + ${codeBytes} B code: ${table.basis}` +
          (flash.standIn ? `; ${flash.standIn}` : '') + (flash.unknownCode.length ? `; no code size for ${flash.unknownCode.join(', ')}` : ''),
      },
      ram: {
        source: 'computed', errorPct: 0,
        basis: `planned arena ${memory.arenaBytes} B (${memory.planner}, ${memory.alignment}-byte alignment) + largest kernel scratch ` +
          (runtime === 'portable' ? `${staticRam.scratchBytes} B of the portable kernels + ${staticRam.overheadBytes} B arena guard word`
            : `${t.scratchBytes} B on the ${isa.toUpperCase()} path of CMSIS *_get_buffer_size`) + '; input and output are arena buffers',
      },
      clock: target.figures.clock, sram: target.figures.sram, flashCapacity: target.figures.flash, power,
    },
    layers: out,
  }
}

/**
 * One layer's cycles on a target for the report's runtime (the layer has a kernel and the library a cost model). A layer
 * with encoded weights runs on the portable decoding kernels in every build: the portable kernel's cycles plus the
 * decoding work (decode-cost.ts) — except int4 weights in a CMSIS-NN build, which run CMSIS-NN's _s4 kernels: the s8
 * cost model × the measured s4 ÷ s8 ratio of the op kind (decode-cost.ts cmsisInt4Ratio).
 */
function runtimeCycles(work: TotalsWork, target: Target, w: LayerWork): { cycles: number; source: FigureSource; errorPct: number } {
  const l = w.layer
  if (work.runtime !== 'portable' && !w.decode) return layerCycles(work.library.id, target.core, l.kind, l.macs, w.outputElements, w.inputElements)
  // int4 weights on CMSIS-NN run its _s4 kernels (unless the layer fell back to the portable ones: no s4 call).
  if (work.runtime !== 'portable' && w.decode?.kind === 'int4' && l.kernels?.some((k) => k.startsWith('arm_'))) {
    const c = layerCycles(work.library.id, target.core, l.kind, l.macs, w.outputElements, w.inputElements)
    return { ...c, cycles: c.cycles * cmsisInt4Ratio(l.kind) }
  }
  const scale = portableLatencyScale(target.core, l.kind)
  const cost = layerCycles(work.library.id, scale.costCore, l.kind, l.macs, w.outputElements, w.inputElements)
  const dense = { cycles: cost.cycles * scale.ratio, source: weaker(cost.source, scale.source), errorPct: round1(cost.errorPct + scale.errorPct) }
  if (!w.decode) return dense
  const extra = decodeCycles(target.core, l.kind, w.decode, dense.cycles)
  const cycles = dense.cycles + extra.cycles
  return { cycles, source: dense.source, errorPct: round1((dense.cycles * dense.errorPct + Math.abs(extra.cycles) * extra.errorPct) / Math.max(1, cycles)) }
}

function latencyProvenance(priced: boolean, cycles: number, weightedError: number, bySource: Partial<Record<FigureSource, number>>,
  libraryId: string, target: Target, runtime: KernelRuntime): Provenance {
  if (!priced) return { source: 'assumption', errorPct: 0, basis: `no latency cost model for library '${libraryId}'` }
  if (cycles === 0) return { source: 'computed', errorPct: 0, basis: 'no layer runs a kernel' }
  const ranked = (Object.entries(bySource) as [FigureSource, number][]).sort((a, b) => b[1] - a[1])
  const shares = ranked.map(([s, c]) => `${s} ${percent(c / cycles)}`).join(', ')
  return {
    source: ranked[0][0], errorPct: round1(weightedError / cycles),
    basis: `Σ layer cycles from the ${libraryId} cost model for ${target.core}` +
      (runtime === 'portable' ? ` ${portableLatencyBasis(target.core)}` : '') + ` (cycles by source: ${shares}) / ` +
      `${target.clockMHz} MHz (${target.figures.clock.kind}); error = cycle-weighted mean of the layers' errors`,
  }
}

interface CodeOf { breakdown: FlashBreakdown; callSitesByNode: Map<string, number> }

function codeOf(layers: readonly LayerWork[], table: CodeSizeTable): CodeOf {
  const callSitesByNode = new Map<string, number>()
  const kernels = new Map<string, number | null>()
  const unknown = new Set<string>()
  let weightBytes = 0
  let biasBytes = 0
  let quantParamBytes = 0
  let callSites = 0
  for (const { layer, calls } of layers) {
    if (!layer.estimated) continue
    weightBytes += layer.weightBytes
    biasBytes += layer.biasBytes
    quantParamBytes += layer.quantParamBytes
    if (!calls) { unknown.add(layer.op); continue }
    let bytes = 0
    for (const c of calls) {
      if (!kernels.has(c.kernel)) kernels.set(c.kernel, table.kernelBytes(c.kernel) ?? null)
      bytes += (table.callSiteBytes(c.kernel) ?? 0) * c.calls
    }
    callSitesByNode.set(layer.node, bytes)
    callSites += bytes
  }
  const list = [...kernels].map(([kernel, bytes]) => ({ kernel, bytes }))
  return {
    callSitesByNode,
    breakdown: {
      weightBytes, biasBytes, quantParamBytes, kernels: list, kernelBytes: list.reduce((s, k) => s + (k.bytes ?? 0), 0),
      callSiteBytes: callSites, libcBytes: table.libcBytes(list.map((k) => k.kernel)), fixedBytes: list.length > 0 ? table.fixedBytes : 0,
      codeSizeCpu: table.cpu, standIn: table.standIn, unknownCode: [...unknown],
    },
  }
}
