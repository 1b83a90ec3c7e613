/**
 * A family from the open design: the design's graph becomes the family's nodes (execution order, every attribute as
 * drawn, weights dropped — a family's instances start from the seeded initialisation), and the knobs the user marks
 * turn chosen attributes into knob expressions. The design itself is the reference point (every knob's reference
 * is the design's value), so instantiating the reference gives the design's graph back (same operators, attributes
 * and edges; the nodes of a repeated block gain the suffix _1; tested).
 *
 * Marks:
 * - resolution: the Input's height becomes `res`, its width `round(res · W / H)` (the aspect kept); channels stay.
 * - width: the channel count (Conv2D filters, FullyConnected units) of each chosen layer becomes
 *   `max(1, round(C · width))`; the reference is 1. The layer whose output is the graph's output (through a final
 *   Softmax or not) cannot be marked: its units are the classes.
 * - kernel: each chosen Conv2D / DepthwiseConv2D with a square kernel takes `k × k`; the reference is the design's
 *   kernel (all chosen layers must share it).
 * - depth: a chain of nodes (each fed by the one before; the first fed by one node outside, which later nodes may
 *   also read — a residual skip, `$entry`) whose output shape equals its input shape becomes a repeat group of
 *   `depth` copies; the reference is 1.
 * Every problem is one sentence (FamilyError); the result passes the family-file checks (family-file.ts).
 */
import { analyzeGraph } from '../../analysis/analyze-graph.ts'
import { inputSources, outputNodes } from '../../ir/graph-queries.ts'
import type { Graph } from '../../ir/types.ts'
import { getLibrary } from '../../vendors/registry.ts'
import type { Family, FamilyAttr, FamilyNode, Knob, RepeatGroup } from './family.ts'
import { FAMILY_FORMAT, FAMILY_VERSION, FamilyError } from './family.ts'
import { checkFamily } from './family-file.ts'

export interface DesignMarks {
  id: string
  name: string
  library: string
  resolution?: { values: number[] }
  width?: { nodes: string[]; values: number[] }
  kernel?: { nodes: string[]; values: number[] }
  depth?: { nodes: string[]; values: number[] }
}

const fail = (why: string): never => { throw new FamilyError(why) }

function withReference(name: string, values: readonly number[], reference: number): number[] {
  if (values.length === 0) fail(`${name}: give at least one value`)
  for (const v of values) if (!Number.isFinite(v) || v <= 0) fail(`${name}: ${v} is not a positive number`)
  return [...new Set([...values, reference])].sort((a, b) => a - b)
}

/** Nodes whose channel count is the graph's output (the classes): the output node, or what feeds a final Softmax. */
export function outputLayers(graph: Graph, sources: Map<string, string[]> = inputSources(graph)): Set<string> {
  const out = new Set<string>()
  for (const n of outputNodes(graph)) {
    out.add(n.id)
    let cur = n
    while (cur.op === 'Softmax' || cur.op === 'Reshape' || cur.op === 'Flatten') {
      const src = sources.get(cur.id)?.[0]
      const next = graph.nodes.find((x) => x.id === src)
      if (!next) break
      out.add(next.id)
      cur = next
    }
  }
  return out
}

export function familyFromDesign(graph: Graph, marks: DesignMarks): Family {
  const library = getLibrary(marks.library)
  if (!library) return fail(`unknown library '${marks.library}'`)
  const analysis = analyzeGraph(graph, library)
  const error = analysis.diagnostics.find((d) => d.severity === 'error')
  if (error) fail(`the design has errors; fix them first (${error.message})`)
  const byId = new Map(graph.nodes.map((n) => [n.id, n]))
  const sources = inputSources(graph)
  const nameOf = (id: string) => byId.get(id)?.name ?? id
  const known = (list: readonly string[]) => { for (const id of list) if (!byId.has(id)) fail(`no node '${id}' in the design`) }
  const attrs = new Map(analysis.order.map((id) => [id, { ...(analysis.nodes.get(id)!.attrs as Record<string, FamilyAttr>) }]))
  const knobs: Knob[] = []

  if (marks.resolution) {
    const inputs = graph.nodes.filter((n) => n.op === 'Input')
    if (inputs.length !== 1) fail(`a resolution knob needs one Input; the design has ${inputs.length}`)
    const a = attrs.get(inputs[0].id)!
    const shape = a.shape as number[]
    if (shape.length !== 3) fail(`${inputs[0].name}: a resolution knob needs an image input (height × width × channels), not ${shape.join('×')}`)
    const [h, w, c] = shape
    knobs.push({ name: 'res', label: 'Input resolution', kind: 'resolution', values: withReference('resolution', marks.resolution.values, h), reference: h })
    a.shape = ['=res', w === h ? '=res' : `=round(res * ${w} / ${h})`, c]
  }
  if (marks.width) {
    known(marks.width.nodes)
    if (marks.width.nodes.length === 0) fail('width: mark at least one layer')
    const classes = outputLayers(graph, sources)
    for (const id of marks.width.nodes) {
      const n = byId.get(id)!
      const key = n.op === 'Conv2D' ? 'filters' : n.op === 'FullyConnected' ? 'units' : undefined
      if (!key) fail(`width: ${n.name} (${n.op}) has no channel count of its own (Conv2D filters or FullyConnected units)`)
      if (classes.has(id)) fail(`width: ${n.name} gives the network's output (its ${key} are the classes); leave it out`)
      const a = attrs.get(id)!
      a[key!] = `=max(1, round(${a[key!] as number} * width))`
    }
    knobs.push({ name: 'width', label: 'Width multiplier', kind: 'width', values: withReference('width', marks.width.values, 1), reference: 1 })
  }
  if (marks.kernel) {
    known(marks.kernel.nodes)
    if (marks.kernel.nodes.length === 0) fail('kernel: mark at least one convolution')
    let reference: number | undefined
    for (const id of marks.kernel.nodes) {
      const n = byId.get(id)!
      if (n.op !== 'Conv2D' && n.op !== 'DepthwiseConv2D') fail(`kernel: ${n.name} (${n.op}) is not a convolution`)
      const a = attrs.get(id)!
      if (a.kernelH !== a.kernelW) fail(`kernel: ${n.name} has a ${String(a.kernelH)}×${String(a.kernelW)} kernel; only square kernels take the knob`)
      if (reference !== undefined && a.kernelH !== reference) fail(`kernel: the marked layers have different kernels (${reference} and ${String(a.kernelH)}); mark layers of one size`)
      reference = a.kernelH as number
      a.kernelH = '=k'
      a.kernelW = '=k'
    }
    const values = withReference('kernel', marks.kernel.values, reference!)
    for (const v of values) if (!Number.isInteger(v)) fail(`kernel: ${v} is not a whole number`)
    knobs.push({ name: 'k', label: 'Kernel size', kind: 'kernel', values, reference: reference! })
  }
  const repeats: RepeatGroup[] = []
  const inputsOf = new Map(analysis.order.map((id) => [id, [...(sources.get(id) ?? [])]]))
  if (marks.depth) {
    const chain = marks.depth.nodes
    known(chain)
    if (chain.length === 0) fail('depth: mark the nodes of the block to repeat')
    const order = analysis.order
    const at = chain.map((id) => order.indexOf(id))
    if (at.some((p, i) => i > 0 && p !== at[i - 1] + 1)) fail('depth: the block must be consecutive nodes of the design, in order')
    const first = inputsOf.get(chain[0])!
    const outside = first.filter((s) => !chain.includes(s))
    if (outside.length !== 1 || first.length !== 1) fail(`depth: the block's first node (${nameOf(chain[0])}) must read exactly one node outside the block`)
    const entry = outside[0]
    chain.forEach((id, i) => {
      if (i === 0) return
      const srcs = inputsOf.get(id)!
      if (!srcs.includes(chain[i - 1])) fail(`depth: ${nameOf(id)} does not read ${nameOf(chain[i - 1])}; the block must be a chain`)
      for (const s of srcs) if (s !== entry && !chain.includes(s)) fail(`depth: ${nameOf(id)} reads ${nameOf(s)}, outside the block (only the block's input may be read)`)
      inputsOf.set(id, srcs.map((s) => (s === entry ? '$entry' : s)))
    })
    for (const e of graph.edges) {
      if (chain.includes(e.source) && e.source !== chain[chain.length - 1] && !chain.includes(e.target)) {
        fail(`depth: ${nameOf(e.target)} reads ${nameOf(e.source)} inside the block; only the block's last node may feed the rest`)
      }
    }
    const inShape = analysis.nodes.get(entry)!.output!.shape.join('×')
    const outShape = analysis.nodes.get(chain[chain.length - 1])!.output!.shape.join('×')
    if (inShape !== outShape) fail(`depth: the block turns ${inShape} into ${outShape}; copies can only follow each other when the shape is kept`)
    const values = withReference('depth', marks.depth.values, 1)
    for (const v of values) if (!Number.isInteger(v)) fail(`depth: ${v} is not a whole number`)
    knobs.push({ name: 'depth', label: 'Block copies', kind: 'depth', values, reference: 1 })
    repeats.push({ nodes: [...chain], count: '=depth' })
  }
  if (knobs.length === 0) fail('mark at least one knob (resolution, width, kernel or depth)')
  const nodes: FamilyNode[] = analysis.order.map((id) => ({ id, op: byId.get(id)!.op, name: byId.get(id)!.name, attrs: attrs.get(id)!, inputs: inputsOf.get(id)! }))
  const id = marks.id.trim().toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/^-|-$/g, '') || 'design'
  return checkFamily({
    format: FAMILY_FORMAT, version: FAMILY_VERSION, id, name: marks.name.trim() || id,
    description: 'Made from a design by marking knobs (the design is the reference point).', library: library.id,
    reference: `the design '${marks.name.trim() || id}'`, knobs, nodes, repeats,
  })
}

/** The family as a family file's text (what `tinyforge explore` and the Explore tab read). */
export function familyFileText(family: Family): string {
  return `${JSON.stringify(family, null, 1)}\n`
}

/**
 * Blocks of the design that a depth knob can repeat (consecutive nodes, at most `maxLength`, that keep their input
 * shape and feed the rest only through their last node), shortest first within each start.
 */
export function repeatableBlocks(graph: Graph, library: string, maxLength = 4): string[][] {
  const order = analyzeGraph(graph).order
  const out: string[][] = []
  for (let i = 1; i < order.length; i++) {
    for (let len = 1; len <= maxLength && i + len <= order.length; len++) {
      const chain = order.slice(i, i + len)
      try {
        familyFromDesign(graph, { id: 'probe', name: 'probe', library, depth: { nodes: chain, values: [2] } })
        out.push(chain)
      } catch (err) {
        if (!(err instanceof FamilyError)) throw err
      }
    }
  }
  return out
}
