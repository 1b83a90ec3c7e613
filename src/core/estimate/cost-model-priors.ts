/**
 * What the latency fit does NOT learn from data, stated in one place (read by scripts/fit-cost-model.ts,
 * copied into cost-coefficients.json and docs/cost-model.md):
 *   - per-layer terms the four MLPerf Tiny models cannot identify (per call, per output requantization,
 *     per element of pooling / elementwise / softmax / copy layers), in Cortex-M4 cycles;
 *   - how cores without CMSIS-NN measurements are derived from a fitted or scaled core;
 *   - how the pow2-q7 library is derived from cmsis-nn.
 * Layer cost: cycles = perMac·MACs + perOutput·outputElements + perInput·inputElements + perCall.
 */
import type { CoreId } from '../targets/types.ts'

/** Kinds whose perMac coefficient is fitted (conv1x1 and depthwise share one: see FIT_GROUPS in cost-model-fit.ts). */
export const MAC_KINDS = ['conv', 'conv1x1', 'depthwise', 'fc'] as const
export type MacKind = (typeof MAC_KINDS)[number]
export const PRICED_KINDS = ['conv', 'conv1x1', 'depthwise', 'fc', 'pool', 'elementwise', 'softmax', 'copy'] as const
export type PricedKind = (typeof PRICED_KINDS)[number]

export interface FixedTerms { perOutput: number; perInput: number; perCall: number }

/**
 * Assumed fixed terms of the cmsis-nn s8 kernels in Cortex-M4 cycles. Not fitted: each MLPerf model has a
 * fixed layer count and structure, so these terms are collinear with the MAC terms (docs/cost-model.md
 * lists their share of each model's predicted cycles: 2–11 %).
 */
export const CMSIS_NN_M4_FIXED: Readonly<Record<PricedKind, FixedTerms>> = {
  // Per output: one s8 requantization (32×32 doubling high multiply, rounding shift, offset, clamp, store).
  conv: { perOutput: 10, perInput: 0, perCall: 500 },
  conv1x1: { perOutput: 10, perInput: 0, perCall: 500 },
  depthwise: { perOutput: 10, perInput: 0, perCall: 500 },
  fc: { perOutput: 10, perInput: 0, perCall: 500 },
  // Per input element read by the pooling window (load, add or max).
  pool: { perOutput: 0, perInput: 2, perCall: 500 },
  // Per output: two input rescales and one output requantization (arm_elementwise_add_s8).
  elementwise: { perOutput: 10, perInput: 0, perCall: 500 },
  // Per element: max pass, fixed-point exp and sum pass, normalisation pass.
  softmax: { perOutput: 60, perInput: 0, perCall: 500 },
  // Per element moved or clamped (ReLU/ReLU6 alone, Pad, Concat).
  copy: { perOutput: 1, perInput: 0, perCall: 500 },
}

/** Stated (not measured) uncertainty of the assumed terms, in percent. */
export const ASSUMED_TERMS_ERROR_PCT = 50

/**
 * Helium (MVE) cores vs Cortex-M4: 8 int8 MACs per cycle on the 128-bit vector unit processed in beats,
 * vs 2 16-bit MACs per cycle with SMLAD (WikiChip, Cortex-M55 microarchitecture: "8x8-bit MACs/cycle, up
 * from 2x16-bit MACs/cycle in M7"). Used to scale the assumed terms to the M85 fit, and to predict a
 * held-out Helium board from the M4 fit in the leave-one-board-out check.
 */
export const HELIUM_VS_M4 = { factor: 2 / 8, basis: 'peak int8 MACs per cycle: 2 (M4 SMLAD) vs 8 (Helium); WikiChip Cortex-M55 page' }

/**
 * CoreMark/MHz, the scalar-throughput proxy for cores whose kernels run scalar code. Cortex-M0+ and M3:
 * Table 3.2 of D. Ibrahim, "ARM-Based Microcontroller Projects Using MBED" (2019); ESP32-S3 and ESP32-C3:
 * the targets.csv notes.
 */
export const COREMARK_PER_MHZ = {
  'cortex-m0plus': { value: 2.49, source: 'Ibrahim 2019, Table 3.2: Cortex-M0+ 2.49 CoreMark/MHz' },
  'cortex-m3': { value: 3.32, source: 'Ibrahim 2019, Table 3.2: Cortex-M3 3.32 CoreMark/MHz' },
  'esp32-s3': { value: 2.46, source: 'targets.csv: 1181.6 CoreMark on two LX7 cores at 240 MHz = 2.46 per core per MHz' },
  riscv32: { value: 2.55, source: 'targets.csv: ESP32-C3 (RV32IMC) 2.55 CoreMark/MHz' },
} as const

/** How each core's coefficients are obtained (anchors are fitted; see scripts/fit-cost-model.ts). */
export type CoreRule =
  | { kind: 'fit'; systemsCore: string }
  | { kind: 'measured-ratio'; from: CoreId; resultsCore: string }
  | { kind: 'coremark'; from: CoreId; basis: string }
  | { kind: 'same-as'; from: CoreId; basis: string }

export const CORE_RULES: Readonly<Record<CoreId, CoreRule>> = {
  'cortex-m4': { kind: 'fit', systemsCore: 'Cortex-M4' },
  'cortex-m85': { kind: 'fit', systemsCore: 'Cortex-M85' },
  'cortex-m7': { kind: 'measured-ratio', from: 'cortex-m4', resultsCore: 'Cortex-M7' },
  'cortex-m33': { kind: 'measured-ratio', from: 'cortex-m4', resultsCore: 'Cortex-M33' },
  'cortex-m0plus': { kind: 'measured-ratio', from: 'cortex-m4', resultsCore: 'Cortex-M0+' },
  'cortex-m3': { kind: 'coremark', from: 'cortex-m0plus',
    basis: 'no DSP/SIMD, so the kernels run their scalar path as on the M0+; cycles × CoreMark/MHz(M0+) / CoreMark/MHz(M3)' },
  'esp32-s3': { kind: 'coremark', from: 'cortex-m0plus',
    basis: 'CMSIS-NN has no Xtensa path: the portable C kernels run scalar code; cycles × CoreMark/MHz(M0+) / CoreMark/MHz(LX7)' },
  riscv32: { kind: 'coremark', from: 'cortex-m0plus',
    basis: 'portable C kernels on RV32IMC (no packed SIMD); cycles × CoreMark/MHz(M0+) / CoreMark/MHz(RV32)' },
  'cortex-m55': { kind: 'same-as', from: 'cortex-m85',
    basis: 'same Helium MAC width as the M85 (8 int8 MACs/cycle); the M55 scalar pipeline is single-issue, so this is optimistic' },
}

/**
 * pow2-q7 from cmsis-nn: the same SIMD multiply-accumulate inner loops, but requantization is a rounding
 * shift and saturate (≈3 cycles) instead of multiplier + shift + zero point (≈10), so the per-output
 * terms of MAC layers and of Add are scaled by 0.3; everything else by 1. An assumption, not a fit.
 */
export const POW2_FROM_CMSIS_NN = {
  perMac: 1,
  perOutputOfRequantizingKinds: 0.3,
  requantizingKinds: ['conv', 'conv1x1', 'depthwise', 'fc', 'elementwise'] as readonly PricedKind[],
  ratioErrorPct: 25,
  basis: 'legacy q7 kernels requantize by rounding shift + saturate (≈3 cycles) vs s8 multiplier+shift+offset+clamp (≈10)',
}
