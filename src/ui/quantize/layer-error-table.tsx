/**
 * Float vs int8 per layer, in execution order: node, op, SQNR (dB, with a tone dot), max absolute error and cosine.
 * Clicking a row selects the node on the canvas; the canvas selection is highlighted.
 */
import type { LayerReport } from '../../core/pipelines/validation.ts'
import { selectSelectedNodes } from '../../store/selection-slice.ts'
import { useEditor } from '../hooks/use-editor.ts'
import { formatAbsError, formatCosine, formatDb, sqnrTone } from './quantize-format.ts'

export function LayerErrorTable({ layers, onSelect }: { layers: readonly LayerReport[]; onSelect(nodeId: string): void }) {
  const selected = useEditor(selectSelectedNodes)
  return (
    <table className="tf-table tf-qlayers" aria-label="Per-layer error, float vs int8" data-testid="sqnr-table">
      <thead>
        <tr>
          <th scope="col" className="tf-table__num">#</th>
          <th scope="col">Node</th>
          <th scope="col">Op</th>
          <th scope="col" className="tf-table__num">SQNR dB</th>
          <th scope="col" className="tf-table__num">Max abs error</th>
          <th scope="col" className="tf-table__num">Cosine</th>
        </tr>
      </thead>
      <tbody>
        {layers.map((l, i) => {
          const isSelected = selected.includes(l.node)
          return (
            <tr key={l.node} data-testid="sqnr-row" data-node-id={l.node} aria-selected={isSelected}
              className={`tf-table__row--link${isSelected ? ' tf-table__row--selected' : ''}`} onClick={() => onSelect(l.node)}>
              <td className="tf-table__num tf-muted">{i + 1}</td>
              <td className="tf-qlayers__name" title={l.name}>{l.name}</td>
              <td><span className="tf-op-tag">{l.op}</span></td>
              <td className="tf-table__num" data-testid="sqnr-db">
                <span className={`tf-qdot tf-qdot--${sqnrTone(l.sqnrDb)}`} aria-hidden="true" />{formatDb(l.sqnrDb)}
              </td>
              <td className="tf-table__num" data-testid="max-error">{formatAbsError(l.maxAbsError)}</td>
              <td className="tf-table__num tf-muted">{formatCosine(l.cosine)}</td>
            </tr>
          )
        })}
      </tbody>
    </table>
  )
}
