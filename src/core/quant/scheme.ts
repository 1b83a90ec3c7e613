/**
 * Quantization scheme of the int8 kernels: TFLite int8 (`s8`: per-channel symmetric weights, asymmetric
 * activations, multiplier + shift requantization — CMSIS-NN) or power-of-two Q-format (`pow2`: every scale 2^-n,
 * zero point 0, requantization by a rounding shift — CMSIS_5's legacy q7 kernels).
 */
export type QuantScheme = 's8' | 'pow2'

export const QUANT_SCHEMES: readonly QuantScheme[] = ['s8', 'pow2']
