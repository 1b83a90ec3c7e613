/** A list of diagnostics; entries that belong to a node select it when clicked. */
import type { Diagnostic } from '../../core/ir/diagnostics.ts'

interface ProblemListProps {
  problems: readonly Diagnostic[]
  /** Node names by id, to say where each problem is. */
  nodeNames?: ReadonlyMap<string, string>
  onSelectNode?: (nodeId: string) => void
}

export function ProblemList({ problems, nodeNames, onSelectNode }: ProblemListProps) {
  if (problems.length === 0) return <p className="tf-empty" data-testid="no-problems">No problems.</p>
  return (
    <ul className="tf-problems" data-testid="problem-list">
      {problems.map((d, i) => {
        const where = d.nodeId ? nodeNames?.get(d.nodeId) : undefined
        const body = (
          <>
            <span className={`tf-problems__icon tf-problems__icon--${d.severity}`} aria-label={d.severity}>
              {d.severity === 'error' ? '!' : 'i'}
            </span>
            <span className="tf-problems__text">
              {where && <span className="tf-problems__where">{where}</span>}
              {d.message}
            </span>
          </>
        )
        return (
          <li key={`${d.nodeId ?? ''}:${d.edgeId ?? ''}:${d.code}:${i}`} data-testid="problem">
            {d.nodeId && onSelectNode
              ? <button type="button" className="tf-problems__item" onClick={() => onSelectNode(d.nodeId!)}>{body}</button>
              : <div className="tf-problems__item">{body}</div>}
          </li>
        )
      })}
    </ul>
  )
}
