/**
 * The Explore tab: a network family estimated variant by variant on the compared boards (a job: core/pipelines/explore).
 * Left: the family, score and constraints, Run / Cancel with progress. Middle: the chart of one board (score against
 * the chosen cost, with the front). Right: the best variant that fits each board and how much of the space fits it,
 * and the picked variant with "Open as design" (one undoable change).
 */
import { useRef, useState } from 'react'
import type { ChangeEvent } from 'react'
import type { Constraints, Cost, Score, Variant } from '../../core/pipelines/explore/explore.ts'
import { COSTS, scoreOf } from '../../core/pipelines/explore/explore.ts'
import { describeValues, spaceSize } from '../../core/pipelines/explore/family.ts'
import { FAMILIES } from '../../core/pipelines/explore/families/index.ts'
import { editorStore } from '../../store/editor-store.ts'
import { accuraciesFor, cancelExplore, chosenFamily, loadAccuraciesFile, loadFamilyFile, openVariant, startExplore } from '../../store/explore-commands.ts'
import { selectExplore } from '../../store/explore-slice.ts'
import { jobOf, progressFraction } from '../../store/jobs-slice.ts'
import { useEditor } from '../hooks/use-editor.ts'
import { useTargets } from '../hooks/use-targets.ts'
import { jobRunner } from '../jobs/job-runner.ts'
import { ExploreChart } from './explore-chart.tsx'
import { FamilyFromDesignDialog } from './family-from-design-dialog.tsx'
import { ProxyCheckSide, ProxyCheckView } from './proxy-check-panel.tsx'
import { COST_LABELS, SCORE_LABELS, formatCost, formatScore } from './explore-format.ts'
import './explore.css'

const CONSTRAINT_FIELDS: readonly { key: keyof Constraints; label: string; unit: string; factor: number }[] = [
  { key: 'ramReserve', label: 'RAM kept for the app', unit: 'KiB', factor: 1024 },
  { key: 'flashReserve', label: 'Flash kept for the app', unit: 'KiB', factor: 1024 },
  { key: 'latencyMs', label: 'Latency budget', unit: 'ms', factor: 1 },
  { key: 'energyUj', label: 'Energy budget', unit: 'µJ', factor: 1 },
]

export function ExplorePanel() {
  const settings = useEditor(selectExplore)
  const job = useEditor((s) => jobOf(s, 'explore'))
  const { targets } = useTargets()
  const fileRef = useRef<HTMLInputElement>(null)
  const accRef = useRef<HTMLInputElement>(null)
  const [marking, setMarking] = useState(false)
  const hasDesign = useEditor((st) => st.doc.graph.nodes.length > 0)
  const s = editorStore.getState()
  const family = chosenFamily(editorStore)
  const accuracies = family ? accuraciesFor(editorStore, family) : undefined
  const measuredOn = accuracies ? [...new Set(Object.values(accuracies.variants).map((m) => m.evaluatedOn))].join(', ') : ''
  const running = job.status === 'running'
  const outcome = job.result
  const result = outcome?.result
  const boardIds = outcome?.input.targets.map((t) => t.id) ?? []
  const board = Math.max(0, boardIds.indexOf(settings.boardId ?? boardIds[0]))
  const picked = settings.picked !== null && result ? result.variants[settings.picked] : undefined

  const setConstraint = (key: keyof Constraints, factor: number) => (e: ChangeEvent<HTMLInputElement>) => {
    const text = e.currentTarget.value.trim()
    const v = Number(text)
    const next = { ...settings.constraints }
    if (text === '' || !Number.isFinite(v) || v < 0) delete next[key]
    else next[key] = v * factor
    s.setExplore({ constraints: next })
  }
  const onFile = async (e: ChangeEvent<HTMLInputElement>) => {
    const file = e.currentTarget.files?.[0]
    e.currentTarget.value = ''
    if (file) loadFamilyFile(editorStore, await file.text(), file.name)
  }
  const onAccuracies = async (e: ChangeEvent<HTMLInputElement>) => {
    const file = e.currentTarget.files?.[0]
    e.currentTarget.value = ''
    if (file) loadAccuraciesFile(editorStore, await file.text(), file.name)
  }

  return (
    <div className="tf-explore" data-testid="explore-panel">
      {marking && <FamilyFromDesignDialog onClose={() => setMarking(false)} />}
      <form className="tf-qsetup tf-explore__setup" aria-label="Explore settings" onSubmit={(e) => { e.preventDefault(); startExplore(editorStore, jobRunner(), targets) }}>
        <label className="tf-explore__field">
          <span className="tf-qsetup__label">Family</span>
          <select className="tf-select" aria-label="Family" value={settings.familyId} onChange={(e) => s.setExplore({ familyId: e.currentTarget.value, picked: null })}>
            {FAMILIES.map((f) => <option key={f.id} value={f.id}>{f.name}</option>)}
            {settings.customFamily && !FAMILIES.some((f) => f.id === settings.customFamily!.id) && (
              <option value={settings.customFamily.id}>{settings.customFamily.name} (file)</option>
            )}
          </select>
        </label>
        <div className="tf-qsetup__row tf-explore__family-buttons">
          <button type="button" className="tf-button" onClick={() => fileRef.current?.click()}>Open file…</button>
          <input ref={fileRef} type="file" accept=".json,application/json" hidden onChange={onFile} aria-label="Family file" />
          <button type="button" className="tf-button" disabled={!hasDesign} onClick={() => setMarking(true)}>From this design…</button>
        </div>

        {settings.fileError && <p className="tf-qsetup__error" role="alert">{settings.fileError}</p>}
        {family && (
          <p className="tf-qsetup__hint tf-explore__about">
            {spaceSize(family).toLocaleString('en')} variants · {family.knobs.length} knobs{family.reference ? ` · reference: ${family.reference}` : ''}
          </p>
        )}
        <label className="tf-explore__field">
          <span className="tf-qsetup__label">Score (higher is better)</span>
          <select className="tf-select" aria-label="Score" value={settings.score} onChange={(e) => s.setExplore({ score: e.currentTarget.value as Score })}>
            <option value="accuracy" disabled={!accuracies}>Measured int8 accuracy{accuracies ? '' : ' (open a file)'}</option>
            <option value="macs">MACs (capacity proxy)</option>
            <option value="params">Parameters (proxy)</option>
            <option value="naswot">NASWOT (zero-cost, needs data)</option>
            <option value="synflow">synflow (zero-cost, needs data)</option>
            <option value="gradnorm">grad-norm (zero-cost, needs data)</option>
          </select>
        </label>
        <div className="tf-qsetup__row tf-explore__family-buttons">
          <button type="button" className="tf-button" disabled={!family} onClick={() => accRef.current?.click()}>Measured accuracies…</button>
          <input ref={accRef} type="file" accept=".json,application/json" hidden onChange={onAccuracies} aria-label="Accuracies file" />
          <button type="button" className="tf-button" onClick={() => s.setExplore({ view: 'proxies' })}>Check the proxies…</button>
        </div>
        {accuracies && (
          <p className="tf-qsetup__hint tf-explore__about" data-testid="explore-accuracies">
            {Object.keys(accuracies.variants).length} variants with a measured int8 accuracy{measuredOn ? ` (on ${measuredOn})` : ''}
          </p>
        )}
        <fieldset className="tf-explore__constraints">
          <legend>Constraints on every board</legend>
          {CONSTRAINT_FIELDS.map((f) => (
            <label key={f.key} className="tf-explore__constraint">
              <span>{f.label}</span>
              <input className="tf-qsetup__number" inputMode="decimal" aria-label={`${f.label} (${f.unit})`} placeholder="none"
                defaultValue={settings.constraints[f.key] !== undefined ? String(settings.constraints[f.key]! / f.factor) : ''}
                onChange={setConstraint(f.key, f.factor)} />
              <span className="tf-qsetup__hint">{f.unit}</span>
            </label>
          ))}
        </fieldset>
        <div className="tf-qsetup__row">
          <button type="submit" className="tf-button tf-button--primary tf-qsetup__go" disabled={running || !family || targets.length === 0}>Explore</button>
          {running && <button type="button" className="tf-button" onClick={() => cancelExplore(editorStore)}>Cancel</button>}
        </div>
        {running && job.progress && (
          <div className="tf-qsetup__run">
            <div className="tf-qprogress" role="progressbar" aria-label="Exploring" aria-valuenow={Math.round(progressFraction(job.progress) * 100)}>
              <div className="tf-qprogress__fill" style={{ width: `${progressFraction(job.progress) * 100}%` }} />
            </div>
            <span className="tf-qsetup__hint">{job.progress.label}</span>
          </div>
        )}
        {job.status === 'failed' && <p className="tf-qsetup__error" role="alert">{job.error}</p>}
        {targets.length === 0 && <p className="tf-qsetup__hint">Add boards in the Targets tab to explore against them.</p>}
      </form>

      {settings.view === 'proxies' ? (
        <>
          <section className="tf-explore__plot" aria-label="Proxy check">
            <div className="tf-explore__plot-bar"><ViewSwitch view={settings.view} /></div>
            <ProxyCheckView />
          </section>
          <aside className="tf-explore__side" aria-label="Proxy check settings"><ProxyCheckSide /></aside>
        </>
      ) : result && outcome ? (
        <>
          <section className="tf-explore__plot" aria-label="Variants">
            <div className="tf-explore__plot-bar">
              <ViewSwitch view={settings.view} />
              <label className="tf-dock__select">Board
                <select className="tf-select" aria-label="Board" value={boardIds[board]} onChange={(e) => s.setExplore({ boardId: e.currentTarget.value })}>
                  {outcome.input.targets.map((t) => <option key={t.id} value={t.id}>{t.name}</option>)}
                </select>
              </label>
              <label className="tf-dock__select">Cost
                <select className="tf-select" aria-label="Cost axis" value={settings.cost} onChange={(e) => s.setExplore({ cost: e.currentTarget.value as Cost })}>
                  {COSTS.map((c) => <option key={c} value={c}>{COST_LABELS[c]}</option>)}
                </select>
              </label>
              <p className="tf-explore__summary" data-testid="explore-summary">
                {result.variants.length.toLocaleString('en')} of {result.spaceSize.toLocaleString('en')} variants ({result.strategy}) in
                {' '}{(result.elapsedMs / 1000).toFixed(1)} s · {result.fronts[board].meeting.toLocaleString('en')} meet the constraints on this board ·
                {' '}{result.invalid} cannot run with {outcome.input.family.library}
                {result.measured > 0 && <> · {result.measured} with a measured accuracy{result.score === 'accuracy' ? ' (only these are plotted)' : ' (ringed green)'}</>}
              </p>
            </div>
            <ExploreChart result={result} family={outcome.input.family} board={board} cost={settings.cost} picked={settings.picked}
              onPick={(i) => s.setExplore({ picked: i })} />
            <FrontTable variants={result.fronts[board].fronts[settings.cost].map((i) => result.variants[i])} board={board} cost={settings.cost}
              score={result.score} describe={(v) => describeValues(outcome.input.family, v.values)} onPick={(i) => s.setExplore({ picked: i })} />
          </section>
          <aside className="tf-explore__side" aria-label="Fit per board">
            <h3 className="tf-explore__title">Best fit per board</h3>
            <table className="tf-table tf-explore__fits" aria-label="Best fit per board">
              <thead><tr><th>Board</th><th className="tf-table__num" title="variants meeting the constraints / variants the library can run">Fits</th><th className="tf-table__num">{SCORE_LABELS[result.score]}</th><th /></tr></thead>
              <tbody>
                {outcome.fits.map((f, i) => (
                  <tr key={f.targetId} className={i === board ? 'tf-table__row--selected' : undefined}>
                    <td>{outcome.input.targets[i].name}</td>
                    <td className="tf-table__num">{f.valid > 0 ? `${Math.round((f.fitting / f.valid) * 100)} %` : '—'}</td>
                    <td className="tf-table__num" title={f.basis !== result.score ? 'no measured variant fits this board: ranked by MACs' : undefined}>
                      {f.best ? `${formatScore(f.basis, scoreOf(f.best, f.basis))}${f.basis !== result.score ? ` (${SCORE_LABELS[f.basis]})` : ''}` : 'none'}
                    </td>
                    <td>{f.best && <button type="button" className="tf-button tf-explore__small" onClick={() => s.setExplore({ picked: f.best!.index, boardId: f.targetId })}>Show</button>}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            {picked && (
              <div className="tf-explore__picked" data-testid="explore-picked">
                <h3 className="tf-explore__title">Picked variant</h3>
                <p className="tf-explore__knobs">{describeValues(outcome.input.family, picked.values)}</p>
                <dl className="tf-dock__facts">
                  {result.score !== 'accuracy' && <div><dt>{SCORE_LABELS[result.score]}</dt><dd>{formatScore(result.score, scoreOf(picked, result.score))}</dd></div>}
                  <div><dt>{SCORE_LABELS.accuracy}</dt><dd>{picked.accuracy !== undefined ? formatScore('accuracy', picked.accuracy) : 'not measured'}</dd></div>
                  {COSTS.map((c) => <div key={c}><dt>{COST_LABELS[c]}</dt><dd>{formatCost(c, picked[c][board])}</dd></div>)}
                </dl>
                <button type="button" className="tf-button tf-button--primary" onClick={() => openVariant(editorStore, picked.index)}>Open as design</button>
              </div>
            )}
          </aside>
        </>
      ) : (
        <div className="tf-dock__empty tf-explore__empty">
          <ViewSwitch view={settings.view} />
          <p className="tf-dock__empty-title">Explore a network family</p>
          <p>Every variant of the family is estimated on the boards you compare; the chart shows what each cost buys and which variants fit.</p>
        </div>
      )}
    </div>
  )
}

function ViewSwitch({ view }: { view: 'variants' | 'proxies' }) {
  const set = (v: 'variants' | 'proxies') => editorStore.getState().setExplore({ view: v })
  return (
    <div className="tf-explore__views" role="tablist" aria-label="Explore view">
      <button type="button" role="tab" aria-selected={view === 'variants'} className="tf-explore__view" onClick={() => set('variants')}>Variants</button>
      <button type="button" role="tab" aria-selected={view === 'proxies'} className="tf-explore__view" onClick={() => set('proxies')}>Proxy check</button>
    </div>
  )
}

function FrontTable({ variants, board, cost, score, describe, onPick }: {
  variants: Variant[]; board: number; cost: Cost; score: Score; describe(v: Variant): string; onPick(i: number): void
}) {
  return (
    <details className="tf-explore__front">
      <summary>Front: {variants.length} variants</summary>
      <table className="tf-table" aria-label="Front variants">
        <thead><tr><th>Knobs</th><th className="tf-table__num">{SCORE_LABELS[score]}</th><th className="tf-table__num">{COST_LABELS[cost]}</th><th /></tr></thead>
        <tbody>
          {variants.map((v) => (
            <tr key={v.index}>
              <td>{describe(v)}</td>
              <td className="tf-table__num">{formatScore(score, scoreOf(v, score))}</td>
              <td className="tf-table__num">{formatCost(cost, v[cost][board])}</td>
              <td><button type="button" className="tf-button tf-explore__small" onClick={() => onPick(v.index)}>Pick</button></td>
            </tr>
          ))}
        </tbody>
      </table>
    </details>
  )
}
