/**
 * Which CMSIS-NN kernel a wrapper picks for a layer (CMSIS-NN v7.0.0's wrapper conditions, DSP cores): the code path
 * that decides its speed. Structured pruning keeps every layer on the path it had (channel counts rounded to a
 * multiple of 4 keep the 1×N convolution's strideW·C % 4 condition).
 *   arm_convolve_wrapper_s8: 1×1, unpadded, undilated → '1x1-fast' at stride 1 (arm_convolve_1x1_s8_fast) else '1x1'
 *     (arm_convolve_1x1_s8); H = 1, kernel height 1, dilation width 1, strideW·C % 4 = 0 → '1xN'
 *     (arm_convolve_1_x_n_s8); else 'im2col' (arm_convolve_s8).
 *   arm_depthwise_conv_wrapper_s8: multiplier 1 and dilation 1 → '3x3' (3×3, padding ≤ 1) or 'opt'
 *     (arm_depthwise_conv_s8_opt); else 'generic' (arm_depthwise_conv_s8).
 *   int16 (16x8): arm_convolve_wrapper_s16 always runs arm_convolve_s16 → 'im2col'; arm_depthwise_conv_wrapper_s16 →
 *     'opt' (arm_depthwise_conv_fast_s16: multiplier 1, dilation 1, kh·kw < 512) else 'generic'.
 * Other ops have one kernel: their path is their op type.
 */
import type { KernelSite } from '../types.ts'
import { siteGeometry } from './buffer-sizes.ts'

export function cmsisCodePath(site: KernelSite): string {
  if (site.op === 'Conv2D') {
    const g = siteGeometry(site as KernelSite<'Conv2D'>)
    if (!g || site.output.dtype === 'int16') return 'im2col'
    if (g.kh === 1 && g.kw === 1 && g.padTop === 0 && g.padLeft === 0 && g.dilH === 1 && g.dilW === 1) {
      return g.strideH === 1 && g.strideW === 1 ? '1x1-fast' : '1x1'
    }
    return g.h === 1 && g.kh === 1 && g.dilW === 1 && (g.strideW * g.c) % 4 === 0 ? '1xN' : 'im2col'
  }
  if (site.op === 'DepthwiseConv2D') {
    const g = siteGeometry(site as KernelSite<'DepthwiseConv2D'>)
    if (!g || g.c !== g.outC || g.dilH !== 1 || g.dilW !== 1) return 'generic'
    if (site.output.dtype === 'int16') return g.kh * g.kw < 512 ? 'opt' : 'generic'
    return g.kh === 3 && g.kw === 3 && g.padTop <= 1 && g.padLeft <= 1 ? '3x3' : 'opt'
  }
  return site.op
}
