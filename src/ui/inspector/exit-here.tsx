/** "Add exit here": a head template and one button that attaches head + Exit to the selected node (one undo entry). */
import { useState } from 'react'
import type { ExitHeadId } from '../../core/templates/exit-heads.ts'
import { EXIT_HEADS } from '../../core/templates/exit-heads.ts'
import { editorStore } from '../../store/editor-store.ts'
import { addExitHere } from '../../store/exit-commands.ts'

export function ExitHere({ nodeId }: { nodeId: string }) {
  const [head, setHead] = useState<ExitHeadId>('conv-gap-fc')
  const template = EXIT_HEADS.find((h) => h.id === head)!
  return (
    <section className="tf-inspector__section" aria-label="Early exit">
      <h3 className="tf-section-title">Early exit</h3>
      <div className="tf-form">
        <div className="tf-field">
          <label htmlFor={`exit-head-${nodeId}`}>Head</label>
          <select id={`exit-head-${nodeId}`} value={head} title={template.description}
            onChange={(e) => setHead(e.target.value as ExitHeadId)}>
            {EXIT_HEADS.map((h) => <option key={h.id} value={h.id}>{h.label}</option>)}
          </select>
        </div>
        <div className="tf-field">
          <span />
          <button type="button" className="tf-button" data-testid="add-exit-here" onClick={() => addExitHere(editorStore, nodeId, head)}>
            Add exit here
          </button>
        </div>
      </div>
    </section>
  )
}
