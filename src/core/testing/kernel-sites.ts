/** Test helper: a kernel site from plain attrs and shapes (defaults of the op's attrs schema filled in). */
import type { Attrs, QuantParams, Shape } from '../ir/types.ts'
import { withDefaults } from '../ops/op-def.ts'
import { getOp } from '../ops/registry.ts'
import type { QuantScheme } from '../quant/scheme.ts'
import { kernelSite } from '../kernels/registry.ts'
import type { KernelSite } from '../kernels/types.ts'

export interface SiteTensor { shape: Shape; quant?: QuantParams }

const tensor = (t: Shape | SiteTensor) => (Array.isArray(t) ? { shape: t as Shape, dtype: 'int8' as const } : { ...(t as SiteTensor), dtype: 'int8' as const })

export function site(op: string, scheme: QuantScheme, attrs: Attrs, inputs: readonly (Shape | SiteTensor)[], output: Shape | SiteTensor): KernelSite {
  const def = getOp(op)
  if (!def) throw new Error(`unknown op ${op}`)
  const s = kernelSite(op, scheme, withDefaults(def.attrs, attrs), inputs.map(tensor), tensor(output))
  if (!s) throw new Error(`no site for ${op}`)
  return s
}
