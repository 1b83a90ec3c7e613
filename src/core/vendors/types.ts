/**
 * A vendor operator library is data: which operators its kernels implement, the parameter limits of
 * those real kernels, and its quantization scheme. Constraints are declarative (JSON-serialisable, listed
 * by `tinyforge libraries --json`) and evaluated by check.ts; each carries the sentence shown to the user.
 */
import type { AttrValue } from '../ir/types.ts'
import type { QuantScheme } from '../quant/scheme.ts'


export type Constraint =
  /** A numeric attribute lies in [min, max]. */
  | { kind: 'attrRange'; attr: string; min?: number; max?: number; reason: string }
  /** An attribute takes one of the listed values. */
  | { kind: 'attrOneOf'; attr: string; values: readonly AttrValue[]; reason: string }
  /** The listed numeric attributes are all equal (e.g. square kernels). */
  | { kind: 'attrsEqual'; attrs: readonly string[]; reason: string }
  /** Channel count (last dim) of the first input or of the output: bounds and multiple. */
  | { kind: 'channels'; tensor: 'input' | 'output'; min?: number; max?: number; multipleOf?: number; reason: string }
  /** Spatial input is square (H == W), as legacy q7 kernels take a single dimension. */
  | { kind: 'squareInput'; reason: string }
  /** Input rank is one of the listed ranks (including the batch dimension). */
  | { kind: 'inputRank'; ranks: readonly number[]; reason: string }
  /** Number of data inputs lies in [min, max]. */
  | { kind: 'inputCount'; min?: number; max?: number; reason: string }
  /** A numeric attribute is an exact power of two (2^k, k integer, possibly negative). */
  | { kind: 'powerOfTwo'; attr: string; reason: string }
  /** Product of the output's dims (elements) at most max, e.g. a softmax row length limit. */
  | { kind: 'outputElements'; max: number; reason: string }
  /** Product of the first input's dims (elements) at most max, e.g. a 16-bit vector length argument. */
  | { kind: 'inputElements'; max: number; reason: string }
  /** Every data input has the same shape (a kernel over one flat vector, without broadcasting). */
  | { kind: 'sameInputShapes'; reason: string }
  /**
   * The leading (top/left) padding that the `padding` attr gives each axis is smaller than that axis's stride,
   * for the window/stride attrs named [height, width] (legacy kernels that pool in place need it).
   */
  | { kind: 'padBeforeBelowStride'; window: readonly [string, string]; stride: readonly [string, string]; reason: string }

export interface OpSupport {
  /** The C function(s) that run this op, e.g. 'arm_convolve_wrapper_s8'. */
  kernel: string
  constraints: readonly Constraint[]
  /**
   * The library's int16-activation form of the op (TFLite 16x8: int16 activations, int8 weights, int64 bias — the
   * `_s16` kernels), with the kernel that runs it; absent: the library keeps this op at int8.
   */
  int16?: { kernel: string }
  /**
   * The vendor kernel of the op with int4 packed weights (int8 activations, int4 weights two per byte), when the
   * library has one: a layer may then be set to int4 weights (ir/types.ts NodePrecision).
   */
  int4?: { kernel: string; note: string }
}

export interface VendorLibrary {
  id: string
  name: string
  /** Who ships the kernels and which version the constraints were read from. */
  provenance: string
  description: string
  scheme: QuantScheme
  /**
   * The kernel runtime of the vendor's own kernels (an id of kernels/registry.ts: 'cmsis-nn', 'cmsis5-q7'): what the
   * estimator prices when the user picks the vendor kernels; ops it does not override run the portable binding.
   */
  kernelRuntime: string
  /** Deployed data types: activations, weights, bias. */
  dtypes: { activations: 'int8'; weights: 'int8'; bias: 'int32' | 'int16' | 'int8' }
  ops: Readonly<Record<string, OpSupport>>
}
