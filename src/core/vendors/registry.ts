/** The vendor library registry: one line per library. The first is the palette's default. */
import { CMSIS_NN } from './cmsis-nn/index.ts'
import { POW2_Q7 } from './pow2-q7/index.ts'
import type { VendorLibrary } from './types.ts'

export const LIBRARIES: readonly VendorLibrary[] = [
  CMSIS_NN,
  POW2_Q7,
]

export const DEFAULT_LIBRARY_ID = 'cmsis-nn'

const BY_ID = new Map(LIBRARIES.map((lib) => [lib.id, lib]))

export function getLibrary(id: string): VendorLibrary | undefined {
  return BY_ID.get(id)
}
