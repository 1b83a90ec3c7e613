/** Reshape and Flatten share their input's bytes (the planner aliases their buffers): no kernel, no code. */
import type { CallIo, EmittedCall } from '../types.ts'
import { CodegenError } from '../c-call.ts'

export function aliasCall(op: string, symbol: string, io: CallIo): EmittedCall {
  if (io.inputs[0] !== io.output) throw new CodegenError(`${op} ${symbol}: its output must alias its input (planner invariant)`)
  return { runtime: [], constants: [], declarations: [], statements: [] }
}
