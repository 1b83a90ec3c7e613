/**
 * Deterministic weight initialisation for designed layers: the same (graph seed, node id, tensor name,
 * shape) always gives the same values, on every machine, so a project without stored weights still has
 * reproducible outputs. PRNG: mulberry32 seeded by FNV-1a of the key.
 */
import type { Shape, Tensor } from './types.ts'
import { shapeSize } from './types.ts'

export type InitRule = 'he-uniform' | 'glorot-uniform' | 'zeros' | 'ones'

export function fnv1a(text: string): number {
  let h = 0x811c9dc5
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i)
    h = Math.imul(h, 0x01000193)
  }
  return h >>> 0
}

/** mulberry32: returns a function giving uniform floats in [0, 1). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/**
 * Seeded float32 tensor. he-uniform: U(±√(6/fanIn)); glorot-uniform: U(±√(6/(fanIn+fanOut)));
 * zeros: all 0; ones: all 1 (e.g. an LSTM's forget-gate bias). Values are rounded to float32.
 */
export function seededTensor(
  graphSeed: number, nodeId: string, name: string, shape: Shape, fanIn: number, rule: InitRule, fanOut = 1,
): Tensor {
  const data = new Float32Array(shapeSize(shape))
  if (rule === 'ones') data.fill(1)
  else if (rule !== 'zeros') {
    const limit = rule === 'he-uniform' ? Math.sqrt(6 / Math.max(1, fanIn)) : Math.sqrt(6 / Math.max(1, fanIn + fanOut))
    const next = mulberry32(fnv1a(`${graphSeed}:${nodeId}:${name}:${shape.join('x')}`))
    for (let i = 0; i < data.length; i++) data[i] = (next() * 2 - 1) * limit
  }
  return { dtype: 'float32', shape: [...shape], data, origin: 'seeded' }
}
