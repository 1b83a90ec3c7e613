/**
 * What the portable bindings of Conv2D, DepthwiseConv2D and FullyConnected share for palettized weights (the
 * tf_*_s8_pal kernels, runtime/tf_palette_decode.h): the node's constants — packed indices (uint8) and the codebook
 * (int8) in place of the int8 weights, then the bias and the s8 multipliers and shifts as usual — and the decode block.
 *
 * Block: Conv2D and FullyConnected decode `block` filters / rows of K weights at a time into the scratch, at most
 * PALETTE_BLOCK_BYTES of them (at least 2 filters / 4 rows, never more than there are): each Conv2D block reuses its
 * decoded filters over every output pixel and rebuilds the im2col columns once per block, so a larger block costs RAM
 * and saves column rebuilds. DepthwiseConv2D decodes its whole (small) filter once.
 */
import type { NodeConstant } from '../call-plan.ts'
import { CodegenError } from '../c-call.ts'
import type { KernelArg } from '../call-plan.ts'
import type { KernelCall } from '../types.ts'
import type { StoredEncoding } from '../../quant/weight-encoding.ts'
import { packInt4, packPalette } from '../../quant/weight-encoding.ts'
import type { Int8Weights } from '../../ops/op-def.ts'

/** Most bytes of decoded weights a Conv2D / FullyConnected palette kernel keeps in scratch. */
export const PALETTE_BLOCK_BYTES = 4096

/** Filters (rows) of `rowLength` weights decoded at a time, of `rows`. */
export function paletteBlock(rows: number, rowLength: number, least: number): number {
  return Math.max(1, Math.min(rows, Math.max(least, Math.floor(PALETTE_BLOCK_BYTES / Math.max(1, rowLength)))))
}

/** The bits of a site's palette, or undefined when its weights are not palettized. */
export function paletteBitsOf(site: { encoding?: StoredEncoding }): number | undefined {
  return site.encoding?.kind === 'palette' ? site.encoding.bits : undefined
}

/** Whether a site's weights are int4 packed (the tf_*_s4 kernels: the 4-bit palette kernels with the nibble codebook). */
export function isInt4(site: { encoding?: StoredEncoding }): boolean {
  return site.encoding?.kind === 'int4'
}

/** Whether a site decodes blocks of weights into scratch (palettized or int4 weights). */
export function decodesBlocks(site: { encoding?: StoredEncoding }): boolean {
  return paletteBitsOf(site) !== undefined || isInt4(site)
}

/**
 * Packed int4 weights (as `weights`, int8_t: CMSIS-NN's s4 kernels read the same array), bias, multipliers and shifts
 * of an int4 s8 node.
 */
export function int4Constants(node: { site: { op: string; encoding?: StoredEncoding }; weights: Int8Weights }, quant: { multipliers: readonly number[]; shifts: readonly number[] }): NodeConstant[] {
  const w = node.weights.weights
  if (!(w instanceof Int8Array) || !isInt4(node.site)) throw new CodegenError(`${node.site.op}: int4 weights are missing`)
  const packed = packInt4(w)
  const bias = node.weights.bias
  const out: NodeConstant[] = [{ name: 'weights', type: 'int8_t', data: new Int8Array(packed.buffer), weightsSection: true }]
  if (bias) out.push({ name: 'bias', type: 'int32_t', data: bias, weightsSection: true })
  out.push({ name: 'multipliers', type: 'int32_t', data: quant.multipliers, weightsSection: false })
  out.push({ name: 'shifts', type: 'int32_t', data: quant.shifts, weightsSection: false })
  return out
}

/** The calls of a palette kernel: itself, plus (charged once, no call of their own) the kernels it calls. */
export function paletteCalls(kernel: string, uses: readonly string[]): KernelCall[] {
  return [{ kernel, calls: 1 }, ...uses.map((k) => ({ kernel: k, calls: 0 }))]
}

/** Packed indices, codebook, bias, multipliers and shifts of a palettized s8 node. */
export function paletteConstants(node: { site: { op: string; encoding?: StoredEncoding }; weights: Int8Weights }, quant: { multipliers: readonly number[]; shifts: readonly number[] }): NodeConstant[] {
  const w = node.weights.weights
  const e = node.site.encoding
  if (!(w instanceof Int8Array) || e?.kind !== 'palette') throw new CodegenError(`${node.site.op}: palettized int8 weights are missing`)
  const packed = packPalette(w, e.clusters)
  if (!packed) throw new CodegenError(`${node.site.op}: the weights take more values than ${e.clusters} clusters`)
  const bias = node.weights.bias
  const out: NodeConstant[] = [
    { name: 'indices', type: 'uint8_t', data: packed.indices, weightsSection: true },
    { name: 'codebook', type: 'int8_t', data: packed.codebook, weightsSection: true },
  ]
  if (bias) out.push({ name: 'bias', type: 'int32_t', data: bias, weightsSection: true })
  out.push({ name: 'multipliers', type: 'int32_t', data: quant.multipliers, weightsSection: false })
  out.push({ name: 'shifts', type: 'int32_t', data: quant.shifts, weightsSection: false })
  return out
}

export const INDICES: KernelArg = { kind: 'constant', name: 'indices' }
export const CODEBOOK: KernelArg = { kind: 'constant', name: 'codebook' }
