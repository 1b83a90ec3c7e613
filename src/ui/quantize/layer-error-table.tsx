/**
 * Float vs int8 per layer, in execution order: node, op, weight format, SQNR (dB, with a tone dot), max absolute error
 * and cosine. Clicking a row selects the node on the canvas; the canvas selection is highlighted. The weight format of a
 * layer with int4 kernels is a control (int8 | int4, store/precision-commands.ts): the run it describes is marked
 * stale, and the next run quantizes the layer so — its SQNR then shows what 4 bits cost.
 */
import { useState } from 'react'
import type { GraphNode, WeightPrecision } from '../../core/ir/types.ts'
import type { LayerReport } from '../../core/pipelines/validation.ts'
import { weightPrecisionOf } from '../../core/pipelines/precision/weight-precision.ts'
import { int4Problem } from '../../core/vendors/int4.ts'
import { selectGraph } from '../../store/document-slice.ts'
import { resolveLibrary } from '../../store/editor-commands.ts'
import { editorStore } from '../../store/editor-store.ts'
import { setLayerPrecision } from '../../store/precision-commands.ts'
import { selectSelectedNodes } from '../../store/selection-slice.ts'
import { useEditor } from '../hooks/use-editor.ts'
import { formatAbsError, formatCosine, formatDb, sqnrTone } from './quantize-format.ts'

export function LayerErrorTable({ layers, onSelect }: { layers: readonly LayerReport[]; onSelect(nodeId: string): void }) {
  const selected = useEditor(selectSelectedNodes)
  const graph = useEditor(selectGraph)
  const libraryId = useEditor((s) => s.doc.library)
  const library = resolveLibrary(libraryId)
  const [error, setError] = useState<string | null>(null)
  const nodes = new Map(graph.nodes.map((n) => [n.id, n]))
  const precisionCell = (node: GraphNode | undefined) => {
    if (!node || int4Problem(library, node.op) !== undefined) return <span className="tf-muted">{node?.weights?.weights ? 'int8' : '—'}</span>
    return (
      <select className="tf-qlayers__precision" data-testid="sqnr-precision" aria-label={`Weights of ${node.name}`} value={weightPrecisionOf(node)}
        onClick={(e) => e.stopPropagation()} onChange={(e) => setError(setLayerPrecision(editorStore, [node.id], e.target.value as WeightPrecision))}>
        <option value="int8">int8</option>
        <option value="int4">int4</option>
      </select>
    )
  }
  return (
    <>
    {error && <p className="tf-warning" data-testid="sqnr-precision-error">{error}</p>}
    <table className="tf-table tf-qlayers" aria-label="Per-layer error, float vs int8" data-testid="sqnr-table">
      <thead>
        <tr>
          <th scope="col" className="tf-table__num">#</th>
          <th scope="col">Node</th>
          <th scope="col">Op</th>
          <th scope="col" title="Weight format: int4 layers run CMSIS-NN's _s4 kernels on weights packed two per byte">Weights</th>
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
              <td data-testid="sqnr-weights">{precisionCell(nodes.get(l.node))}</td>
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
    </>
  )
}
