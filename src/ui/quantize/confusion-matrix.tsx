/**
 * The int8 confusion matrix of labelled data: rows = true class (those present in the data), columns = predicted
 * class (those present or predicted), cells shaded by count; the diagonal is the correct predictions.
 */
import type { CSSProperties } from 'react'

export interface ConfusionProps {
  matrix: readonly (readonly number[])[]
  /** Class names by label index (folder names). */
  classes?: readonly string[]
}

/** Label indices to show: rows with samples, and the union of those with every predicted column. */
export function confusionAxes(matrix: readonly (readonly number[])[]): { rows: number[]; cols: number[] } {
  const rows = matrix.map((r, i) => (r.some((v) => v > 0) ? i : -1)).filter((i) => i >= 0)
  const predicted = new Set(rows.flatMap((r) => matrix[r].map((v, j) => (v > 0 ? j : -1)).filter((j) => j >= 0)))
  const cols = [...new Set([...rows, ...predicted])].sort((a, b) => a - b)
  return { rows, cols }
}

export function ConfusionMatrix({ matrix, classes }: ConfusionProps) {
  const { rows, cols } = confusionAxes(matrix)
  const max = Math.max(1, ...rows.flatMap((r) => matrix[r]))
  const name = (i: number) => classes?.[i] !== undefined && !/^\d+$/.test(classes[i]) ? classes[i] : String(i)
  return (
    <table className="tf-qconfusion" aria-label="Confusion matrix, true class by int8 prediction" data-testid="confusion-matrix">
      <thead>
        <tr>
          <th scope="col" className="tf-qconfusion__corner">true ╲ int8</th>
          {cols.map((c) => <th key={c} scope="col">{name(c)}</th>)}
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r}>
            <th scope="row">{name(r)}</th>
            {cols.map((c) => {
              const v = matrix[r][c] ?? 0
              return (
                <td key={c} className={r === c ? 'tf-qconfusion__diag' : v > 0 ? 'tf-qconfusion__miss' : undefined}
                  style={v > 0 ? { '--q': String(0.15 + 0.85 * (v / max)) } as CSSProperties : undefined}>
                  {v > 0 ? v : ''}
                </td>
              )
            })}
          </tr>
        ))}
      </tbody>
    </table>
  )
}
