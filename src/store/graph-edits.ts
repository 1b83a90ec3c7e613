/**
 * Pure builders of the GraphChange lists behind editor gestures (add, delete, copy/paste, move, edit).
 * They only build changes; the document slice applies them, so each gesture is one undo entry.
 */
import type { GraphChange } from '../core/ir/changes.ts'
import type { AttrValue, Edge, Graph, GraphNode, Position } from '../core/ir/types.ts'
import type { OpDef } from '../core/ops/op-def.ts'
import { withDefaults } from '../core/ops/op-def.ts'
import type { Clipboard } from './ui-slice.ts'

/** A fresh id or name `${prefix}${k}` (smallest k ≥ 1) not in `used`; adds it to `used`. */
export function takeFresh(used: Set<string>, prefix: string): string {
  let k = 1
  while (used.has(`${prefix}${k}`)) k++
  const value = `${prefix}${k}`
  used.add(value)
  return value
}

function usedIds(graph: Graph): Set<string> {
  return new Set([...graph.nodes.map((n) => n.id), ...graph.edges.map((e) => e.id)])
}

function slug(op: string): string {
  return `${op.toLowerCase().replace(/[^a-z0-9]+/g, '')}_`
}

/** A new node of `def` at `position`, with default attributes and seeded (absent) weights. */
export function addNodeChanges(graph: Graph, def: OpDef, position: Position): { changes: GraphChange[]; nodeId: string } {
  const id = takeFresh(usedIds(graph), slug(def.type))
  const name = takeFresh(new Set(graph.nodes.map((n) => n.name)), slug(def.type))
  const node: GraphNode = { id, op: def.type, name, attrs: withDefaults(def.attrs, {}), position: roundPosition(position) }
  return { changes: [{ type: 'addNode', node }], nodeId: id }
}

/** Removes the listed edges and nodes (a node's edges go with it). Unknown ids are ignored. */
export function deleteChanges(graph: Graph, nodeIds: readonly string[], edgeIds: readonly string[]): GraphChange[] {
  const nodes = new Set(nodeIds.filter((id) => graph.nodes.some((n) => n.id === id)))
  const changes: GraphChange[] = []
  for (const e of graph.edges) {
    if (edgeIds.includes(e.id) && !nodes.has(e.source) && !nodes.has(e.target)) changes.push({ type: 'removeEdge', id: e.id })
  }
  for (const n of graph.nodes) if (nodes.has(n.id)) changes.push({ type: 'removeNode', id: n.id })
  return changes
}

/** The listed nodes and the edges running between them (edges to outside nodes are left behind). */
export function copySubgraph(graph: Graph, nodeIds: readonly string[]): Clipboard {
  const ids = new Set(nodeIds)
  return {
    nodes: graph.nodes.filter((n) => ids.has(n.id)),
    edges: graph.edges.filter((e) => ids.has(e.source) && ids.has(e.target)),
  }
}

/**
 * Inserts a copy of `clip`: every node and edge gets a fresh id, nodes get fresh names (their op's
 * prefix) and positions moved by `offset`; edges between copied nodes are kept.
 */
export function pasteChanges(graph: Graph, clip: Clipboard, offset: Position): { changes: GraphChange[]; nodeIds: string[] } {
  const ids = usedIds(graph)
  const names = new Set(graph.nodes.map((n) => n.name))
  const idMap = new Map<string, string>()
  const changes: GraphChange[] = []
  for (const n of clip.nodes) {
    const id = takeFresh(ids, slug(n.op))
    idMap.set(n.id, id)
    const node: GraphNode = {
      ...n,
      id,
      name: takeFresh(names, slug(n.op)),
      position: roundPosition({ x: n.position.x + offset.x, y: n.position.y + offset.y }),
    }
    changes.push({ type: 'addNode', node })
  }
  for (const e of clip.edges) {
    const source = idMap.get(e.source)
    const target = idMap.get(e.target)
    if (!source || !target) continue
    const edge: Edge = { id: takeFresh(ids, 'e'), source, target, targetPort: e.targetPort }
    changes.push({ type: 'addEdge', edge })
  }
  return { changes, nodeIds: [...idMap.values()] }
}

/** Position updates for the nodes whose position really changed. */
export function moveChanges(graph: Graph, positions: Readonly<Record<string, Position>>): GraphChange[] {
  const changes: GraphChange[] = []
  for (const n of graph.nodes) {
    const p = positions[n.id]
    if (!p) continue
    const position = roundPosition(p)
    if (position.x !== n.position.x || position.y !== n.position.y) changes.push({ type: 'updateNode', id: n.id, set: { position } })
  }
  return changes
}

/** Sets one attribute (other attributes unchanged); no change when the value is the same. */
export function setAttrChanges(node: GraphNode, key: string, value: AttrValue): GraphChange[] {
  if (sameAttr(node.attrs[key], value)) return []
  return [{ type: 'updateNode', id: node.id, set: { attrs: { ...node.attrs, [key]: value } } }]
}

export function renameChanges(node: GraphNode, name: string): GraphChange[] {
  return name === node.name ? [] : [{ type: 'updateNode', id: node.id, set: { name } }]
}

function sameAttr(a: AttrValue | undefined, b: AttrValue): boolean {
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => x === b[i])
  return a === b
}

/** Positions are stored as whole pixels so files stay readable and diffs stable. */
function roundPosition(p: Position): Position {
  return { x: Math.round(p.x), y: Math.round(p.y) }
}
