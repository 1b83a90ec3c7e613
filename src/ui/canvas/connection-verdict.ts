/**
 * Connection checks while a wire is being dragged: React Flow asks on every pointer move near a handle,
 * so verdicts are cached per (graph, library) and recomputed only after an edit.
 */
import type { ConnectionVerdict } from '../../core/analysis/check-connection.ts'
import { checkConnection } from '../../core/analysis/check-connection.ts'
import type { Graph } from '../../core/ir/types.ts'
import { resolveLibrary } from '../../store/editor-commands.ts'

let cache: { graph: Graph; libraryId: string; verdicts: Map<string, ConnectionVerdict> } | undefined

export function connectionVerdict(graph: Graph, libraryId: string, source: string, target: string, port: number): ConnectionVerdict {
  if (!cache || cache.graph !== graph || cache.libraryId !== libraryId) cache = { graph, libraryId, verdicts: new Map() }
  const key = `${source}\u0000${target}\u0000${port}`
  let verdict = cache.verdicts.get(key)
  if (!verdict) {
    verdict = checkConnection(graph, source, target, port, resolveLibrary(libraryId))
    cache.verdicts.set(key, verdict)
  }
  return verdict
}

export interface WireEnds {
  source: string
  target: string
  port: number
}

export interface HandleRef {
  nodeId: string
  id?: string | null
  type: 'source' | 'target'
}

/**
 * The (source, target, port) a wire dragged from `from` to `to` would make, or a sentence saying why
 * the two handles cannot be joined at all (two outputs, two inputs).
 */
export function wireEnds(from: HandleRef, to: HandleRef, portOf: (handle: string | null | undefined) => number | undefined): WireEnds | string {
  if (from.type === to.type) {
    return from.type === 'source' ? 'join an output to an input, not two outputs' : 'join an output to an input, not two inputs'
  }
  const [out, inp] = from.type === 'source' ? [from, to] : [to, from]
  const port = portOf(inp.id)
  if (port === undefined) return 'drop the wire on an input handle'
  return { source: out.nodeId, target: inp.nodeId, port }
}
