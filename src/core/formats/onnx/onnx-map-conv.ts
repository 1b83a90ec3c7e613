/**
 * ONNX spatial ops → IR: Conv (regular or depthwise), MaxPool / AveragePool, the global pools,
 * ReduceMean over H and W, and Pad. ONNX pads [top, left, bottom, right] that equal TFLite's 'same'
 * become padding 'same'; none → 'valid'; anything else becomes an IR Pad node before a 'valid' window.
 * A zero Pad node right before a Conv whose 'same' padding it equals is merged into that Conv.
 */
import type { PendingNode } from '../import/graph-builder.ts'
import type { OnnxMapper, OpHandler, Val } from './onnx-mapper.ts'
import { NodeAttrs, floatTensor } from './onnx-mapper.ts'
import type { Pads } from '../import/padding.ts'
import { NO_PADS, classifyPads, isZeroPads, samePads, samePadsFor, windowOut } from '../import/padding.ts'
import { depthwiseFromOihw, ohwiFromOihw } from './onnx-layout.ts'
import type { OnnxNodeProto } from './onnx-proto.ts'

interface Window {
  kernel: [number, number]
  stride: [number, number]
  dilation: [number, number]
  pads: Pads
  /** auto_pad SAME_UPPER (or an equivalent) decided 'same' without needing the input size. */
  same: boolean
}

/** Reads kernel/stride/dilation/pads/auto_pad; undefined (with a reason) when not 2-D. */
function readWindow(a: NodeAttrs, kernel: number[], hw: [number, number] | undefined): Window | string {
  if (kernel.length !== 2) return `${kernel.length}-D window`
  const stride = a.ints('strides', [1, 1])
  const dilation = a.ints('dilations', [1, 1])
  const p = a.ints('pads', [0, 0, 0, 0])
  const k: [number, number] = [kernel[0], kernel[1]]
  const s: [number, number] = [stride[0], stride[1]]
  const d: [number, number] = [dilation[0], dilation[1]]
  const autoPad = a.str('auto_pad', 'NOTSET')
  if (autoPad === 'SAME_UPPER') return { kernel: k, stride: s, dilation: d, pads: NO_PADS, same: true }
  if (autoPad === 'VALID') return { kernel: k, stride: s, dilation: d, pads: NO_PADS, same: false }
  if (autoPad === 'SAME_LOWER') {
    if (!hw) return 'SAME_LOWER padding on an input of unknown size'
    const [t, b] = samePads(hw[0], k[0], s[0], d[0])
    const [l, r] = samePads(hw[1], k[1], s[1], d[1])
    return { kernel: k, stride: s, dilation: d, pads: { top: b, bottom: t, left: r, right: l }, same: false }
  }
  return { kernel: k, stride: s, dilation: d, pads: { top: p[0], left: p[1], bottom: p[2], right: p[3] }, same: false }
}

function spatial(v: Val): [number, number] | undefined {
  return v.shape && v.shape.length === 4 ? [v.shape[2], v.shape[3]] : undefined
}

/** Output [H, W] of a window over the input (padding already resolved). */
function outHW(hw: [number, number] | undefined, w: Window, padding: 'same' | 'valid'): [number, number] | undefined {
  if (!hw) return undefined
  if (padding === 'same') return [Math.ceil(hw[0] / w.stride[0]), Math.ceil(hw[1] / w.stride[1])]
  return [windowOut(hw[0], 0, w.kernel[0], w.stride[0], w.dilation[0]), windowOut(hw[1], 0, w.kernel[1], w.stride[1], w.dilation[1])]
}

/**
 * Resolves a window's padding, emitting a Pad node when it is neither 'same' nor 'valid' (or always,
 * when `explicit`: border cells must then count as zeros). Returns the IR node feeding the window, its
 * padding, the padded input size and any Pad node made.
 */
function resolvePadding(m: OnnxMapper, n: OnnxNodeProto, x: Val, w: Window, pads: Pads, explicit = false):
  { input: string; padding: 'same' | 'valid'; hw?: [number, number]; padNode?: PendingNode } {
  const hw = spatial(x)
  if (!explicit) {
    if (w.same) return { input: x.node, padding: 'same', hw }
    const kind = classifyPads(pads, hw, w.kernel, w.stride, w.dilation)
    if (kind !== 'explicit') return { input: x.node, padding: kind, hw }
  }
  const p = w.same && hw ? samePadsFor(hw, w.kernel, w.stride, w.dilation) : pads
  const padNode = m.emit('Pad', n, { ...p }, [x.node], ' pad')
  const padded: [number, number] | undefined = hw ? [hw[0] + p.top + p.bottom, hw[1] + p.left + p.right] : undefined
  return { input: padNode.id, padding: 'valid', hw: padded, padNode }
}

const mapConv: OpHandler = (m, n) => {
  const [xName, wName, bName] = n.input ?? []
  if (m.constOf(xName)) return m.unsupported(n, 'its input is a constant')
  const W = m.constOf(wName)
  if (!W) return m.unsupported(n, `its weights '${wName}' are computed at run time, not stored in the model`)
  if (W.dims.length !== 4) {
    return m.unsupported(n, `${W.dims.length - 2}-D convolution`, 'TinyForge convolutions are 2-D: reshape the data to 1×H×W×C and use a k×1 kernel')
  }
  const x = m.val(xName)
  const a = new NodeAttrs(n)
  const [O, Ig, KH, KW] = W.dims
  const group = a.int('group', 1)
  const C = x.shape?.length === 4 ? x.shape[1] : Ig * group
  const depthwise = group > 1 && group === C && Ig === 1
  if (group !== 1 && !depthwise) {
    return m.unsupported(n, `grouped convolution with ${group} groups`, 'split it into one Conv2D per group joined by a Concat')
  }
  const win = readWindow(a, a.ints('kernel_shape', [KH, KW]), spatial(x))
  if (typeof win === 'string') return m.unsupported(n, win)
  const merged = x.mergedPad
  const pads = merged ? merged.pads : win.pads
  const { input, padding, hw, padNode } = resolvePadding(m, n, x, win, pads)
  const bias = m.constOf(bName)
  const attrs = {
    kernelH: KH, kernelW: KW, strideH: win.stride[0], strideW: win.stride[1], dilationH: win.dilation[0],
    dilationW: win.dilation[1], padding, useBias: bias !== undefined, activation: 'none',
  }
  const node = depthwise
    ? m.emit('DepthwiseConv2D', n, { depthMultiplier: O / C, ...attrs }, [input])
    : m.emit('Conv2D', n, { filters: O, ...attrs }, [input])
  node.weights.weights = depthwise
    ? floatTensor([1, KH, KW, O], depthwiseFromOihw(W.values, W.dims))
    : floatTensor([O, KH, KW, Ig], ohwiFromOihw(W.values, W.dims))
  if (bias) node.weights.bias = floatTensor([O], Float32Array.from(bias.values))
  const out = outHW(hw, win, padding)
  m.setOut(n, node, out ? [1, O, out[0], out[1]] : undefined)
  if (merged) {
    merged.entry.becameNodes.push(node.id)
    merged.entry.irOps.push(node.op)
  }
  const made = padNode ? [padNode, node] : [node]
  m.b.record(n.op_type!, m.displayName(n), 'mapped', made, padNode ? 'its padding is not TFLite "same", so a Pad node precedes it' : undefined)
}

function mapPool(kind: 'MaxPool2D' | 'AvgPool2D'): OpHandler {
  return (m, n) => {
    const [xName] = n.input ?? []
    if (m.constOf(xName)) return m.unsupported(n, 'its input is a constant')
    const x = m.val(xName)
    const a = new NodeAttrs(n)
    const win = readWindow(a, a.ints('kernel_shape', []), spatial(x))
    if (typeof win === 'string') return m.unsupported(n, win)
    if (win.dilation[0] !== 1 || win.dilation[1] !== 1) return m.unsupported(n, 'dilated pooling')
    const hw = spatial(x)
    if (a.int('ceil_mode', 0) === 1 && hw && !win.same) {
      const rows = (ceil: boolean) => [windowOut(hw[0], win.pads.top + win.pads.bottom, win.kernel[0], win.stride[0], 1, ceil),
        windowOut(hw[1], win.pads.left + win.pads.right, win.kernel[1], win.stride[1], 1, ceil)].join()
      if (rows(true) !== rows(false)) {
        return m.unsupported(n, 'ceil_mode=1 gives one more output row or column than TFLite pooling', 'export with ceil_mode=0 or pad the input')
      }
    }
    // count_include_pad=1 averages border zeros, which 'same' skips: pad explicitly then (exact).
    const countPads = kind === 'AvgPool2D' && a.int('count_include_pad', 0) === 1 && (win.same || !isZeroPads(win.pads))
    const { input, padding, hw: inHW, padNode } = resolvePadding(m, n, x, win, win.pads, countPads)
    if (padNode && kind === 'MaxPool2D') {
      m.b.note('warning', `${m.displayName(n)}: explicit MaxPool padding became zero padding, which differs where inputs are negative`, padNode.id)
    }
    if (padNode && kind === 'AvgPool2D' && !countPads) {
      m.b.note('warning', `${m.displayName(n)}: the border cells of this AveragePool are now counted in the average`, padNode.id)
    }
    const node = m.emit(kind, n, {
      poolH: win.kernel[0], poolW: win.kernel[1], strideH: win.stride[0], strideW: win.stride[1], padding, activation: 'none',
    }, [input])
    const out = outHW(inHW, win, padding)
    m.setOut(n, node, x.shape && out ? [1, x.shape[1], out[0], out[1]] : undefined)
    m.b.record(n.op_type!, m.displayName(n), 'mapped', padNode ? [padNode, node] : [node])
  }
}

const mapGlobalAveragePool: OpHandler = (m, n) => {
  const [xName] = n.input ?? []
  if (m.constOf(xName)) return m.unsupported(n, 'its input is a constant')
  const x = m.val(xName)
  if (x.shape && x.shape.length !== 4) return m.unsupported(n, `a rank-${x.shape.length} input`)
  const node = m.emit('GlobalAveragePool', n, {}, [x.node])
  m.setOut(n, node, x.shape ? [1, x.shape[1], 1, 1] : undefined)
  m.b.record(n.op_type!, m.displayName(n), 'mapped', [node])
}

const mapGlobalMaxPool: OpHandler = (m, n) => {
  const [xName] = n.input ?? []
  const x = m.vals.get(xName)
  const hw = x ? spatial(x) : undefined
  if (!x || !hw || hw[0] > 128 || hw[1] > 128) {
    return m.unsupported(n, 'a global max pool over an input of unknown or too large size', 'use MaxPool2D with a window as large as the input')
  }
  const node = m.emit('MaxPool2D', n, { poolH: hw[0], poolW: hw[1], strideH: 1, strideW: 1, padding: 'valid', activation: 'none' }, [x.node])
  m.setOut(n, node, [1, x.shape![1], 1, 1])
  m.b.record(n.op_type!, m.displayName(n), 'mapped', [node], 'a max pool with a window covering the whole input')
}

/** ReduceMean over H and W of an NCHW tensor is a global average pool. */
const mapReduceMean: OpHandler = (m, n) => {
  const [xName, axesName] = n.input ?? []
  const x = m.vals.get(xName)
  const a = new NodeAttrs(n)
  const axes = (m.constOf(axesName) ? Array.from(m.constOf(axesName)!.values) : a.ints('axes', []))
    .map((k) => (k < 0 ? k + 4 : k)).sort()
  if (!x || x.shape?.length !== 4 || axes.length !== 2 || axes[0] !== 2 || axes[1] !== 3) {
    return m.unsupported(n, 'a mean over axes other than height and width', 'only a mean over H and W (a global average pool) has a kernel')
  }
  const gap = m.emit('GlobalAveragePool', n, {}, [x.node])
  const C = x.shape[1]
  if (a.int('keepdims', 1) === 1) {
    m.setOut(n, gap, [1, C, 1, 1])
    return void m.b.record(n.op_type!, m.displayName(n), 'mapped', [gap])
  }
  const flat = m.emit('Flatten', n, {}, [gap.id], ' flatten')
  m.setOut(n, flat, [1, C])
  m.b.record(n.op_type!, m.displayName(n), 'mapped', [gap, flat])
}

/** A Pad reader that can absorb the pad as its 'same' padding. */
function mergeTarget(m: OnnxMapper, out: string, hw: [number, number], pads: Pads): OnnxNodeProto | undefined {
  const readers = m.g.readers.get(out) ?? []
  if (readers.length !== 1 || (m.g.consumers.get(out) ?? 0) !== 1 || m.g.outputs.has(out)) return undefined
  const conv = readers[0]
  if (conv.op_type !== 'Conv' || (conv.input ?? [])[0] !== out) return undefined
  const W = m.constOf((conv.input ?? [])[1])
  if (!W || W.dims.length !== 4) return undefined
  const a = new NodeAttrs(conv)
  const win = readWindow(a, a.ints('kernel_shape', W.dims.slice(2)), hw)
  if (typeof win === 'string' || win.same || !isZeroPads(win.pads)) return undefined
  return classifyPads(pads, hw, win.kernel, win.stride, win.dilation) === 'same' ? conv : undefined
}

const mapPad: OpHandler = (m, n) => {
  const [xName, padsName, valueName] = n.input ?? []
  if (m.constOf(xName)) return m.unsupported(n, 'its input is a constant')
  const x = m.val(xName)
  const a = new NodeAttrs(n)
  const mode = a.str('mode', 'constant')
  if (mode !== 'constant') return m.unsupported(n, `${mode} padding`, 'only zero (constant) padding has a kernel')
  const raw = m.opset >= 11 ? Array.from(m.constOf(padsName)?.values ?? []) : a.ints('pads', [])
  const value = m.opset >= 11 ? (m.constOf(valueName)?.values[0] ?? 0) : a.float('value', 0)
  if (value !== 0) return m.unsupported(n, `padding with the value ${value}`, 'only zero padding has a kernel')
  if (raw.length !== 8 || x.shape?.length !== 4) return m.unsupported(n, 'padding of a tensor that is not 1×C×H×W')
  if (raw[0] || raw[1] || raw[4] || raw[5]) return m.unsupported(n, 'padding of the batch or channel axis')
  const pads: Pads = { top: raw[2], left: raw[3], bottom: raw[6], right: raw[7] }
  if (Object.values(pads).some((p) => p < 0)) return m.unsupported(n, 'negative padding (cropping)')
  const out = (n.output ?? [])[0]
  const hw: [number, number] = [x.shape[2], x.shape[3]]
  const conv = out ? mergeTarget(m, out, hw, pads) : undefined
  if (conv) {
    const entry = m.b.record(n.op_type!, m.displayName(n), 'fused', [], `merged into Conv '${m.displayName(conv)}' as 'same' padding`)
    m.alias(out, xName, { mergedPad: { pads, entry } })
    return
  }
  const node = m.emit('Pad', n, { ...pads }, [x.node])
  m.setOut(n, node, [1, x.shape[1], hw[0] + pads.top + pads.bottom, hw[1] + pads.left + pads.right])
  m.b.record(n.op_type!, m.displayName(n), 'mapped', [node])
}

export const CONV_HANDLERS: Record<string, OpHandler> = {
  Conv: mapConv,
  MaxPool: mapPool('MaxPool2D'),
  AveragePool: mapPool('AvgPool2D'),
  GlobalAveragePool: mapGlobalAveragePool,
  GlobalMaxPool: mapGlobalMaxPool,
  ReduceMean: mapReduceMean,
  Pad: mapPad,
}
