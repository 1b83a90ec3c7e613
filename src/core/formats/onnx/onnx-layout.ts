/**
 * Layout conversion between ONNX (NCHW activations, OIHW conv weights, [K, N] MatMul weights) and the
 * TinyForge IR (NHWC, OHWI / 1HW(C·M), FullyConnected [units, K]). Pure functions; values arrive as
 * float64 and leave as float32 (or float64 when further folding follows).
 */

/** OIHW [O, I, kh, kw] → OHWI [O, kh, kw, I]. */
export function ohwiFromOihw(w: Float64Array, [O, I, KH, KW]: readonly number[]): Float32Array {
  const out = new Float32Array(O * KH * KW * I)
  for (let o = 0; o < O; o++)
    for (let i = 0; i < I; i++)
      for (let y = 0; y < KH; y++)
        for (let x = 0; x < KW; x++) out[((o * KH + y) * KW + x) * I + i] = w[((o * I + i) * KH + y) * KW + x]
  return out
}

/** Depthwise OIHW [C·M, 1, kh, kw] (output o = c·M + m) → 1HW(C·M) [1, kh, kw, C·M]. */
export function depthwiseFromOihw(w: Float64Array, [O, , KH, KW]: readonly number[]): Float32Array {
  const out = new Float32Array(KH * KW * O)
  for (let o = 0; o < O; o++)
    for (let y = 0; y < KH; y++)
      for (let x = 0; x < KW; x++) out[(y * KW + x) * O + o] = w[(o * KH + y) * KW + x]
  return out
}

/** Row-major [rows, cols] → [cols, rows]. */
export function transpose2d(w: Float64Array, rows: number, cols: number): Float64Array {
  const out = new Float64Array(rows * cols)
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) out[c * rows + r] = w[r * cols + c]
  return out
}

/**
 * FullyConnected weights [N, K] whose columns follow ONNX's CHW flattening → columns in the IR's HWC
 * flattening order: IR column (h·W + w)·C + c takes ONNX column c·H·W + h·W + w.
 */
export function permuteColumnsChwToHwc(w: Float64Array, N: number, [C, H, W]: readonly number[]): Float64Array {
  const K = C * H * W
  const out = new Float64Array(N * K)
  for (let n = 0; n < N; n++)
    for (let h = 0; h < H; h++)
      for (let x = 0; x < W; x++)
        for (let c = 0; c < C; c++) out[n * K + (h * W + x) * C + c] = w[n * K + c * H * W + h * W + x]
  return out
}
