/**
 * DepthwiseConv2D on CMSIS-NN: arm_depthwise_conv_wrapper_s8 (3×3, _opt or the generic kernel, by its own checks); with
 * int4 packed weights arm_depthwise_conv_wrapper_s4 (_s4_opt for multiplier 1, else the generic arm_depthwise_conv_s4).
 *
 * v7.0.0's arm_depthwise_conv_s4 (unchanged on main) misreads the filter when the input channel count is odd and the
 * multiplier is above 1: its odd-channel loop steps (C >> 1)·M bytes per kernel tap where the packed filter has C·M/2
 * (golden case depthwise-s4-multiplier2-dilation: 3 channels × 2 gave wrong bytes). Such a layer has no CMSIS-NN call
 * and runs TinyForge's tf_depthwise_conv_s4 in both builds (priced so). A layer kept at int16 (16x8):
 * arm_depthwise_conv_wrapper_s16 (arm_depthwise_conv_fast_s16 for multiplier 1, dilation 1, kh·kw < 512, else
 * arm_depthwise_conv_s16).
 */
import type { KernelBinding, KernelSite } from '../types.ts'
import { depthwiseConv2d as portableDepthwise } from '../portable/depthwise-conv2d.ts'
import { depthwiseWrapperS16, depthwiseWrapperS4, depthwiseWrapperS8, siteGeometry } from './buffer-sizes.ts'
import { convCall, convCallS16 } from './conv-call.ts'

const isInt4 = (site: KernelSite<'DepthwiseConv2D'>) => site.encoding?.kind === 'int4'

/** An int4 layer v7.0.0's arm_depthwise_conv_s4 gets wrong: odd input channels with a multiplier above 1. */
export function s4DepthwiseUnsupported(site: KernelSite<'DepthwiseConv2D'>): boolean {
  const c = site.inputs[0]?.shape[3] ?? 0
  return isInt4(site) && c % 2 === 1 && site.attrs.depthMultiplier > 1
}

export const depthwiseConv2d: KernelBinding<'DepthwiseConv2D'> = {
  op: 'DepthwiseConv2D',
  calls: (site) => site.output.dtype === 'int16' ? [{ kernel: 'arm_depthwise_conv_wrapper_s16', calls: 1 }]
    : s4DepthwiseUnsupported(site) ? portableDepthwise.calls(site)
    : [{ kernel: isInt4(site) ? 'arm_depthwise_conv_wrapper_s4' : 'arm_depthwise_conv_wrapper_s8', calls: 1 }],
  scratchBytes(site, isa) {
    if (s4DepthwiseUnsupported(site)) return portableDepthwise.scratchBytes(site, isa)
    const g = siteGeometry(site)
    if (site.output.dtype === 'int16') return g ? depthwiseWrapperS16(isa, g) : 0
    return !g ? 0 : isInt4(site) ? depthwiseWrapperS4(isa, g) : depthwiseWrapperS8(isa, g)
  },
  emit: (node, io) => (node.opData.int16 ? convCallS16('arm_depthwise_conv_wrapper_s16', node.opData, node.opData.depthMultiplier, node, io)
    : node.opData.scheme !== 's8' || s4DepthwiseUnsupported(node.site) ? undefined
    : convCall(isInt4(node.site) ? 'arm_depthwise_conv_wrapper_s4' : 'arm_depthwise_conv_wrapper_s8', node.opData,
      node.opData.depthMultiplier, node, io)),
}
