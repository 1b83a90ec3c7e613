/**
 * Early-exit commands: "add exit here" attaches a head template (core/templates/exit-heads.ts) and an Exit to a node
 * as one undoable edit, then selects the Exit; a tap that cannot take one leaves the graph unchanged with a notice.
 */
import type { ExitHeadId } from '../core/templates/exit-heads.ts'
import { ExitHeadError, exitHeadById, exitHeadChanges } from '../core/templates/exit-heads.ts'
import type { EditorStore } from './editor-store.ts'

/** Adds head `headId` + Exit after node `nodeId`; returns the Exit's id, or undefined (with a notice) when refused. */
export function addExitHere(store: EditorStore, nodeId: string, headId: ExitHeadId): string | undefined {
  const s = store.getState()
  const tap = s.doc.graph.nodes.find((n) => n.id === nodeId)
  try {
    const { changes, exitId } = exitHeadChanges(s.doc.graph, nodeId, headId)
    s.applyEdit(changes, `Add exit (${exitHeadById(headId)!.label}) after ${tap?.name ?? nodeId}`)
    store.getState().select([exitId])
    return exitId
  } catch (err) {
    if (!(err instanceof ExitHeadError)) throw err
    s.showNotice('refusal', err.message)
    return undefined
  }
}
