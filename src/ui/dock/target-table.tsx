/**
 * The side-by-side comparison: one row per compared target with flash and RAM against the device's
 * capacity, latency with its error band and source, energy with its source, and whether the model fits.
 * Headers sort (aria-sort); clicking a row makes it the target of the Layers and Memory tabs.
 */
import { useEffect, useRef } from 'react'
import type { TargetEstimate } from '../../core/estimate/report-types.ts'
import type { TargetSort, TargetSortColumn } from '../../store/dock-slice.ts'
import { editorStore } from '../../store/editor-store.ts'
import { CORE_LABELS, formatEnergy, formatError, formatMs } from './estimate-format.ts'
import { sortTargets } from './sort-targets.ts'
import { SourceBadge } from './source-badge.tsx'
import { UsageBar } from './usage-bar.tsx'

interface TargetTableProps {
  targets: readonly TargetEstimate[]
  sort: TargetSort | null
  focusId: string | undefined
}

const COLUMNS: readonly { id: TargetSortColumn; label: string; className?: string }[] = [
  { id: 'name', label: 'Target' },
  { id: 'flash', label: 'Flash', className: 'tf-targets__usage-col' },
  { id: 'ram', label: 'RAM', className: 'tf-targets__usage-col' },
  { id: 'latency', label: 'Latency', className: 'tf-table__num tf-targets__figure-col' },
  { id: 'energy', label: 'Energy', className: 'tf-table__num tf-targets__figure-col' },
  { id: 'fits', label: 'Fits' },
]

export function TargetTable({ targets, sort, focusId }: TargetTableProps) {
  const rows = sortTargets(targets, sort)
  const s = editorStore.getState()
  const tableRef = useRef<HTMLTableElement>(null)
  // A newly focused target (e.g. a custom board just added) is scrolled into view.
  useEffect(() => {
    if (focusId) tableRef.current?.querySelector(`[data-target-id="${CSS.escape(focusId)}"]`)?.scrollIntoView({ block: 'nearest' })
  }, [focusId])
  return (
    <table className="tf-table tf-targets" aria-label="Target comparison" data-testid="target-table" ref={tableRef}>
      <thead>
        <tr>
          {COLUMNS.map((c) => {
            const dir = sort?.column === c.id ? sort.direction : undefined
            return (
              <th key={c.id} scope="col" className={c.className} aria-sort={dir ?? 'none'}>
                <button type="button" className="tf-sort" onClick={() => s.sortTargetsBy(c.id)} data-testid={`sort-${c.id}`}>
                  {c.label}
                  <span className="tf-sort__arrow" aria-hidden="true">{dir === 'ascending' ? '▲' : dir === 'descending' ? '▼' : ''}</span>
                </button>
              </th>
            )
          })}
        </tr>
      </thead>
      <tbody>
        {rows.map((t) => (
          <tr key={t.id} data-testid="target-row" data-target-id={t.id}
            className={`tf-table__row--link${t.id === focusId ? ' tf-table__row--selected' : ''}`}
            aria-selected={t.id === focusId} onClick={() => s.setFocusTarget(t.id)}>
            <td className="tf-targets__name" title={`${t.board} — ${t.name}, ${CORE_LABELS[t.core]} at ${t.clockMHz} MHz`}>
              <span className="tf-targets__chip" data-testid="target-name">{t.board}</span>
              {t.custom && <span className="tf-tag">custom</span>}
              <span className="tf-targets__sub">
                {t.board !== t.name ? `${t.name} · ` : ''}{CORE_LABELS[t.core]} · {t.clockMHz} MHz
              </span>
            </td>
            <td className="tf-targets__usage-col" data-testid="target-flash" data-bytes={t.flashBytes}
              title={`${t.figures.flash.basis}\nDevice flash: ${t.figures.flashCapacity.source}`}>
              <UsageBar used={t.flashBytes} capacity={t.capacity.flashBytes} fits={t.fits.flash} label={`Flash on ${t.board}`} />
            </td>
            <td className="tf-targets__usage-col" data-testid="target-ram" data-bytes={t.ramBytes}
              title={`${t.figures.ram.basis}\nDevice SRAM: ${t.figures.sram.source}`}>
              <UsageBar used={t.ramBytes} capacity={t.capacity.ramBytes} fits={t.fits.ram} label={`RAM on ${t.board}`} />
            </td>
            <td className="tf-table__num" data-testid="target-latency" data-ms={t.latencyMs ?? ''}>
              {t.latencyMs === null
                ? <span className="tf-muted" title="the library has no cost model">—</span>
                : (
                  <span className="tf-figure">
                    <span className="tf-figure__value">{formatMs(t.latencyMs)}</span>
                    <span className="tf-figure__meta">
                      <span className="tf-figure__band">{formatError(t.figures.latency.errorPct)}</span>
                      <SourceBadge source={t.figures.latency.source} basis={t.figures.latency.basis} />
                    </span>
                  </span>
                )}
            </td>
            <td className="tf-table__num" data-testid="target-energy">
              {t.energyUj === null
                ? <span className="tf-muted">—</span>
                : (
                  <span className="tf-figure">
                    <span className="tf-figure__value">{formatEnergy(t.energyUj)}</span>
                    <span className="tf-figure__meta">
                      <SourceBadge source={t.figures.power.kind}
                        basis={`${t.figures.energy.basis}\nActive power ${t.activePowerMw} mW: ${t.figures.power.source}`} />
                    </span>
                  </span>
                )}
            </td>
            <td data-testid="target-fits">
              <FitVerdict fits={t.fits} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}

function FitVerdict({ fits }: { fits: TargetEstimate['fits'] }) {
  if (fits.flash && fits.ram) return <span className="tf-fit tf-fit--yes">✓ Fits</span>
  const over = [!fits.flash && 'flash', !fits.ram && 'RAM'].filter(Boolean).join(' + ')
  return <span className="tf-fit tf-fit--no" title={`does not fit: the model needs more ${over} than the device has`}>✕ Over {over}</span>
}
