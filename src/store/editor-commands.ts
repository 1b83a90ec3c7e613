/**
 * Editor commands: what menus, shortcuts, the canvas and tests invoke. Each command turns user intent
 * into one document edit (one undo entry) or a notice explaining why nothing happened.
 */
import type { ConnectionVerdict } from '../core/analysis/check-connection.ts'
import { checkConnection } from '../core/analysis/check-connection.ts'
import type { AttrValue, Position } from '../core/ir/types.ts'
import { NODE_WIDTH, autoLayout } from '../core/layout/auto-layout.ts'
import { getOp } from '../core/ops/registry.ts'
import { DEFAULT_LIBRARY_ID, getLibrary } from '../core/vendors/registry.ts'
import type { VendorLibrary } from '../core/vendors/types.ts'
import type { EditorStore } from './editor-store.ts'
import {
  addNodeChanges, copySubgraph, deleteChanges, moveChanges, pasteChanges, renameChanges, setAttrChanges,
} from './graph-edits.ts'

/** Gap between a copied group and its pasted copy, in canvas pixels. */
export const PASTE_GAP = 40

/** The library a document names, or the default one when the id is unknown. */
export function resolveLibrary(id: string): VendorLibrary {
  const lib = getLibrary(id) ?? getLibrary(DEFAULT_LIBRARY_ID)
  if (!lib) throw new Error(`default library '${DEFAULT_LIBRARY_ID}' is not registered`)
  return lib
}

export function addOpNode(store: EditorStore, type: string, position: Position): string | undefined {
  const def = getOp(type)
  if (!def) return undefined
  const s = store.getState()
  const { changes, nodeId } = addNodeChanges(s.doc.graph, def, position)
  s.applyEdit(changes, `Add ${def.label}`)
  store.getState().select([nodeId])
  return nodeId
}

export function deleteSelection(store: EditorStore): void {
  const s = store.getState()
  const changes = deleteChanges(s.doc.graph, s.selectedNodes, s.selectedEdges)
  s.applyEdit(changes, 'Delete')
  store.getState().clearSelection()
}

export function copySelection(store: EditorStore): boolean {
  const s = store.getState()
  if (s.selectedNodes.length === 0) return false
  s.setClipboard(copySubgraph(s.doc.graph, s.selectedNodes))
  return true
}

export function pasteClipboard(store: EditorStore): string[] {
  const s = store.getState()
  if (!s.clipboard || s.clipboard.nodes.length === 0) return []
  // Each paste lands one group-width (plus a gap) further right, so copies never cover the original.
  const k = s.notePaste()
  const xs = s.clipboard.nodes.map((n) => n.position.x)
  const groupWidth = Math.max(...xs) - Math.min(...xs) + NODE_WIDTH
  const offset = { x: k * (groupWidth + PASTE_GAP), y: 0 }
  const { changes, nodeIds } = pasteChanges(s.doc.graph, s.clipboard, offset)
  store.getState().applyEdit(changes, 'Paste')
  store.getState().select(nodeIds)
  return nodeIds
}

export function selectAll(store: EditorStore): void {
  const { doc, select } = store.getState()
  select(doc.graph.nodes.map((n) => n.id), doc.graph.edges.map((e) => e.id))
}

/** Connects `source` to input `targetPort` of `target`, or shows the refusal reason and adds nothing. */
export function connectNodes(store: EditorStore, source: string, target: string, targetPort: number): ConnectionVerdict {
  const s = store.getState()
  const verdict = checkConnection(s.doc.graph, source, target, targetPort, resolveLibrary(s.doc.library))
  if (verdict.ok) {
    s.applyEdit([{ type: 'addEdge', edge: verdict.edge }], 'Connect')
    s.dismissNotice()
  } else {
    s.showNotice('refusal', `Cannot connect: ${verdict.reason}`)
  }
  return verdict
}

/** Ends a drag: the nodes' new positions become one undo entry. */
export function commitDrag(store: EditorStore, finalPositions: Readonly<Record<string, Position>>): void {
  const s = store.getState()
  const positions = { ...s.dragPositions, ...finalPositions }
  s.clearDragPositions()
  s.applyEdit(moveChanges(s.doc.graph, positions), 'Move')
}

export function setNodeAttr(store: EditorStore, nodeId: string, key: string, value: AttrValue): void {
  const s = store.getState()
  const node = s.doc.graph.nodes.find((n) => n.id === nodeId)
  if (node) s.applyEdit(setAttrChanges(node, key, value), `Set ${key}`)
}

export function renameNode(store: EditorStore, nodeId: string, name: string): void {
  const s = store.getState()
  const node = s.doc.graph.nodes.find((n) => n.id === nodeId)
  if (node) s.applyEdit(renameChanges(node, name), 'Rename')
}

export function runAutoLayout(store: EditorStore): void {
  const s = store.getState()
  s.applyEdit(autoLayout(s.doc.graph), 'Auto-layout')
  store.getState().requestFitView()
}
