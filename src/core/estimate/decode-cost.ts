/**
 * What encoded weights add to a layer's latency (method: docs/compression.md). A layer whose weights are palettized runs
 * on the portable decoding kernels (kernels/portable/palette-call.ts) in every build, so it is priced as the portable
 * kernel of its op kind (kernel-runtime.ts) plus the decoding work:
 *   extra cycles = perWeight[path][bits] × weights decoded (each weight once per inference)
 *                + perRebuild[path] × im2col elements rebuilt (a Conv2D decoding B blocks of filters builds its im2col
 *                  columns B times: (B − 1) × output pixels × KH·KW·Cin extra elements).
 * The coefficients are least-squares fits to the per-layer instruction counts of decoding vs dense packages under QEMU
 * (scripts/measure-weight-decoding.ts → weight-decode-cost.json), per portable code path ('dsp': Cortex-M4/M7/M33,
 * 'c': Cortex-M3 and the cores priced like it); instructions are taken as cycles, as for the portable ratios.
 * A layer with sparse weights runs on the zero-skipping kernels instead, whose cost follows the non-zero weights:
 *   cycles = dense portable cycles × (α[path][kind] + β[path][kind] × density),   density = nnz / N,
 * fitted the same way over VWW layers pruned to 50, 80 and 90 % (a kind without its own fit takes the pooled one).
 * int4 weights on the portable runtime run the 4-bit palette kernels with the fixed nibble codebook, so they cost what a
 * 16-cluster palette costs; on CMSIS-NN they run its own _s4 kernels (estimate-target.ts prices those).
 */
import { shapeSize } from '../ir/types.ts'
import { convPaletteBlock } from '../kernels/portable/conv2d.ts'
import type { KernelSite } from '../kernels/types.ts'
import { CORES } from '../targets/cores.ts'
import type { CoreId } from '../targets/types.ts'
import table from './weight-decode-cost.json' with { type: 'json' }
import int4Table from './int4-kernel-cost.json' with { type: 'json' }

export type DecodeWork =
  | { kind: 'palette'; bits: number; weights: number; rebuild: number }
  /** int4 weights: on the portable runtime the 4-bit palette kernels with a fixed codebook (same decode work). */
  | { kind: 'int4'; bits: 4; weights: number; rebuild: number }
  | { kind: 'sparse'; weights: number; nnz: number; density: number }

/** The decoding work of an encoded layer (its site carries the encoding); null for dense weights. */
export function decodeWork(site: KernelSite): DecodeWork | null {
  const e = site.encoding
  if (!e) return null
  const weights = weightCount(site)
  if (e.kind === 'sparse') return { kind: 'sparse', weights, nnz: e.nnz, density: weights > 0 ? e.nnz / weights : 0 }
  let rebuild = 0
  if (site.op === 'Conv2D') {
    const s = site as KernelSite<'Conv2D'>
    const blocks = Math.ceil(s.attrs.filters / convPaletteBlock(s))
    const kLen = s.attrs.kernelH * s.attrs.kernelW * (s.inputs[0]?.shape[3] ?? 0)
    rebuild = (blocks - 1) * shapeSize(s.output.shape.slice(1, -1)) * kLen
  }
  return e.kind === 'int4' ? { kind: 'int4', bits: 4, weights, rebuild } : { kind: 'palette', bits: e.bits, weights, rebuild }
}

function weightCount(site: KernelSite): number {
  const inputs = site.inputs[0]?.shape ?? []
  const cin = inputs[inputs.length - 1] ?? 0
  switch (site.op) {
    case 'Conv2D': { const a = (site as KernelSite<'Conv2D'>).attrs; return a.filters * a.kernelH * a.kernelW * cin }
    case 'DepthwiseConv2D': { const a = (site as KernelSite<'DepthwiseConv2D'>).attrs; return a.kernelH * a.kernelW * (site.output.shape[3] ?? 0) }
    case 'FullyConnected': return (site as KernelSite<'FullyConnected'>).attrs.units * shapeSize(inputs)
    default: return 0
  }
}

interface PathCoefficients { perWeight: Record<string, number>; perRebuild: number; errorPct: number }
interface SparseLine { alpha: number; beta: number; errorPct: number }
const PALETTE = table.palette as Record<'c' | 'dsp', PathCoefficients>
const SPARSE = table.sparse as Record<'c' | 'dsp', Record<string, SparseLine>>

/**
 * Extra cycles (negative when the zero-skipping kernels are faster) of an encoded layer of op kind `kind` on a core's
 * portable code path, over `denseCycles` (the portable kernel's), with the fit's error in percent of the extra.
 */
export function decodeCycles(core: CoreId, kind: string, work: DecodeWork, denseCycles: number): { cycles: number; errorPct: number } {
  const path = CORES[core].portable.path
  if (work.kind === 'palette' || work.kind === 'int4') {
    const c = PALETTE[path]
    return { cycles: (c.perWeight[String(work.bits)] ?? 0) * work.weights + c.perRebuild * work.rebuild, errorPct: c.errorPct }
  }
  const line = SPARSE[path][kind] ?? SPARSE[path].pooled
  return { cycles: denseCycles * (line.alpha + line.beta * work.density - 1), errorPct: line.errorPct }
}

/** Where the coefficients come from, for the report's basis. */
export const DECODE_COST_BASIS = `${table.generator} (${table.method})`

/**
 * CMSIS-NN's _s4 kernels against its _s8 kernels on the same layers, per op kind (instructions on QEMU Cortex-M4,
 * scripts/int4-figures.ts → int4-kernel-cost.json; a kind without its own figure takes the pooled one): an int4 layer of
 * a CMSIS-NN build is priced as the CMSIS-NN s8 cost model × this ratio. The ratio is applied on every core (measured on
 * the M4's DSP path only); its error is the spread of the layers around it.
 */
export function cmsisInt4Ratio(kind: string): number {
  const kinds = int4Table.cmsis.kinds as Record<string, { ratio: number }>
  return kinds[kind]?.ratio ?? int4Table.cmsis.pooled
}

/** Where the int4 ratios come from, for the report's basis. */
export const INT4_COST_BASIS = `${int4Table.generator} (${int4Table.method})`
