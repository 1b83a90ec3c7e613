/**
 * The bottom dock under the canvas: tabs for the estimator's views, split computing, quantization, compression, the
 * family explorer and the import report. The tab bar
 * stays visible when the dock is collapsed; its top edge can be dragged to resize the panel. It keeps the Kernels
 * choice of the estimator panels across page loads (a UI preference).
 */
import type { KeyboardEvent as ReactKeyboardEvent, PointerEvent as ReactPointerEvent, ReactNode } from 'react'
import { useRef, useState } from 'react'
import type { DockTab } from '../../store/dock-slice.ts'
import { selectDockOpen, selectDockTab } from '../../store/dock-slice.ts'
import { editorStore } from '../../store/editor-store.ts'
import { selectLastImport } from '../../store/import-slice.ts'
import { jobOf, progressFraction, selectQuantizeJob } from '../../store/jobs-slice.ts'
import { useEditor } from '../hooks/use-editor.ts'
import { useEstimateRuntimePrefs } from '../hooks/use-estimate-runtime-prefs.ts'
import { useEstimate } from '../hooks/use-estimate.ts'
import { useTargets } from '../hooks/use-targets.ts'
import { CompressPanel } from '../compress/compress-panel.tsx'
import { ExitsPanel } from '../exits/exits-panel.tsx'
import { ExplorePanel } from '../explore/explore-panel.tsx'
import { QuantizePanel } from '../quantize/quantize-panel.tsx'
import { SplitPanel } from '../split/split-panel.tsx'
import { TrainPanel } from '../train/train-panel.tsx'
import { CutPanel } from '../cut/cut-panel.tsx'
import { formatBytes } from './estimate-format.ts'
import { ImportReportPanel } from './import-report-panel.tsx'
import { LayersPanel } from './layers-panel.tsx'
import { MemoryPanel } from './memory-panel.tsx'
import { TargetsPanel } from './targets-panel.tsx'

interface TabDef {
  id: DockTab
  label: string
  render: () => ReactNode
}

const TABS: readonly TabDef[] = [
  { id: 'targets', label: 'Targets', render: () => <TargetsPanel /> },
  { id: 'layers', label: 'Layers', render: () => <LayersPanel /> },
  { id: 'memory', label: 'Memory', render: () => <MemoryPanel /> },
  { id: 'split', label: 'Split', render: () => <SplitPanel /> },
  { id: 'exits', label: 'Exits', render: () => <ExitsPanel /> },
  { id: 'train', label: 'Train', render: () => <TrainPanel /> },
  { id: 'cut', label: 'Cut training', render: () => <CutPanel /> },
  { id: 'quantize', label: 'Quantization', render: () => <QuantizePanel /> },
  { id: 'compress', label: 'Compress', render: () => <CompressPanel /> },
  { id: 'explore', label: 'Explore', render: () => <ExplorePanel /> },
  { id: 'import', label: 'Import report', render: () => <ImportReportPanel /> },
]

/** The small figure after each tab's name. */
function useTabMeta(): Record<DockTab, string> {
  const { report } = useEstimate()
  const { targets } = useTargets()
  const last = useEditor(selectLastImport)
  const job = useEditor(selectQuantizeJob)
  const explore = useEditor((s) => jobOf(s, 'explore'))
  const train = useEditor((s) => jobOf(s, 'train'))
  const cuts = useEditor((s) => s.cut.cuts.length)
  const cutMeta = cuts > 0 ? `${cuts + 1} blocks` : ''
  const exits = useEditor((s) => jobOf(s, 'exits'))
  const exitCount = useEditor((s) => s.doc.graph.nodes.filter((n) => n.op === 'Exit').length)
  const scan = useEditor((s) => jobOf(s, 'compress-scan'))
  return {
    targets: String(targets.length),
    layers: report ? String(report.layers.length) : '',
    memory: report && report.memory.buffers.length > 0 ? formatBytes(report.memory.arenaBytes) : '',
    split: '',
    train: train.status === 'running' ? `${Math.round(progressFraction(train.progress) * 100)}%` : train.result ? `${(train.result.run.result.int8Accuracy * 100).toFixed(0)}%` : '',
    cut: cutMeta,
    exits: exits.status === 'running' ? `${Math.round(progressFraction(exits.progress) * 100)}%` : exitCount > 0 ? String(exitCount) : '',
    quantize: job.status === 'running' ? `${Math.round(progressFraction(job.progress) * 100)}%` : job.result?.scheme ?? '',
    compress: scan.status === 'running' ? `${Math.round(progressFraction(scan.progress) * 100)}%` : '',
    explore: explore.status === 'running' ? `${Math.round(progressFraction(explore.progress) * 100)}%` : explore.result ? String(explore.result.result.variants.length) : '',
    import: last ? String(last.report.entries.length) : '',
  }
}

const MIN_HEIGHT = 140
const DEFAULT_HEIGHT = 300

export function Dock() {
  const tab = useEditor(selectDockTab)
  const open = useEditor(selectDockOpen)
  const [height, setHeight] = useState(DEFAULT_HEIGHT)
  const drag = useRef<{ startY: number; startHeight: number } | null>(null)
  const meta = useTabMeta()
  useEstimateRuntimePrefs(editorStore)
  const active = TABS.find((t) => t.id === tab) ?? TABS[0]
  const s = editorStore.getState()

  const onResizeStart = (e: ReactPointerEvent<HTMLDivElement>) => {
    e.currentTarget.setPointerCapture(e.pointerId)
    drag.current = { startY: e.clientY, startHeight: height }
  }
  const onResizeMove = (e: ReactPointerEvent<HTMLDivElement>) => {
    if (!drag.current) return
    const max = Math.max(MIN_HEIGHT, window.innerHeight - 220)
    setHeight(Math.min(max, Math.max(MIN_HEIGHT, drag.current.startHeight + drag.current.startY - e.clientY)))
  }

  // Arrow keys, Home and End move between tabs and show the one reached (the WAI-ARIA tabs pattern).
  const onTabKey = (e: ReactKeyboardEvent<HTMLDivElement>) => {
    const at = TABS.findIndex((t) => t.id === active.id)
    const next = e.key === 'ArrowRight' ? at + 1 : e.key === 'ArrowLeft' ? at - 1 : e.key === 'Home' ? 0 : e.key === 'End' ? TABS.length - 1 : null
    if (next === null) return
    e.preventDefault()
    const tab = TABS[(next + TABS.length) % TABS.length]
    s.showDockTab(tab.id)
    document.getElementById(`dock-tab-${tab.id}`)?.focus()
  }

  return (
    <section className={`tf-dock${open ? '' : ' tf-dock--closed'}`} aria-label="Estimates and reports" data-testid="dock"
      style={open ? { height } : undefined}>
      {open && (
        <div className="tf-dock__resize" role="separator" aria-orientation="horizontal" aria-label="Resize panel"
          onPointerDown={onResizeStart} onPointerMove={onResizeMove} onPointerUp={() => { drag.current = null }} />
      )}
      <div className="tf-dock__bar">
        <div className="tf-dock__tabs" role="tablist" aria-label="Panels" onKeyDown={onTabKey}>
          {TABS.map((t) => (
            <button key={t.id} type="button" role="tab" id={`dock-tab-${t.id}`} aria-controls="dock-panel"
              aria-selected={open && t.id === active.id} tabIndex={t.id === active.id ? 0 : -1}
              className="tf-dock__tab" data-testid={`dock-tab-${t.id}`}
              onClick={() => (open && t.id === active.id ? s.setDockOpen(false) : s.showDockTab(t.id))}>
              {t.label}
              {meta[t.id] && <span className="tf-dock__tab-meta" data-testid={`dock-tab-meta-${t.id}`}>{meta[t.id]}</span>}
            </button>
          ))}
        </div>
        <button type="button" className="tf-button tf-button--quiet tf-dock__toggle" aria-expanded={open}
          onClick={() => s.setDockOpen(!open)} title={open ? 'Collapse the panel' : 'Expand the panel'}>
          {open ? 'Hide' : 'Show'} <span aria-hidden="true" className="tf-caret">{open ? '▾' : '▴'}</span>
        </button>
      </div>
      {open && (
        <div className="tf-dock__panel" role="tabpanel" id="dock-panel" aria-labelledby={`dock-tab-${active.id}`}>
          {active.render()}
        </div>
      )}
    </section>
  )
}
