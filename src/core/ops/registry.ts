/** The operator registry: one line per operator. Order is the palette order within each category. */
import type { OpDef } from './op-def.ts'

export const OPS: readonly OpDef[] = [
]

const BY_TYPE = new Map(OPS.map((op) => [op.type, op]))

export function getOp(type: string): OpDef | undefined {
  return BY_TYPE.get(type)
}
