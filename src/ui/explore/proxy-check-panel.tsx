/**
 * The proxy check in the Explore tab: how well each training-free proxy ranks the real int8 accuracy on your data.
 * `ProxyCheckView` (middle): the Spearman table (best proxy marked), the scatter of accuracy against the chosen
 * proxy and the trained variants. `ProxyCheckSide` (right): the data (the Train tab's choice, or picked here), how
 * many variants, the MACs bound, epochs; Run / Cancel with progress. Partial results show while it runs.
 */
import type { ChangeEvent } from 'react'
import type { Family } from '../../core/pipelines/explore/family.ts'
import { describeValues } from '../../core/pipelines/explore/family.ts'
import type { ProxyCheckResult, ProxyCheckVariant, ProxyName } from '../../core/pipelines/explore/proxy-check.ts'
import { PROXIES, correlations, proxyValue } from '../../core/pipelines/explore/proxy-check.ts'
import { editorStore } from '../../store/editor-store.ts'
import { cancelProxyCheck, chosenFamily, startProxyCheck } from '../../store/explore-commands.ts'
import type { ProxyCheckSettings } from '../../store/explore-slice.ts'
import { selectExplore } from '../../store/explore-slice.ts'
import { jobOf, progressFraction } from '../../store/jobs-slice.ts'
import { selectTrain } from '../../store/train-slice.ts'
import type { ProxyCheckProgressDetail } from '../../workers/proxy-check-job.ts'
import { useEditor } from '../hooks/use-editor.ts'
import { jobRunner } from '../jobs/job-runner.ts'
import { TrainingDataPicker } from '../train/training-data-picker.tsx'
import { SCORE_LABELS, formatScore } from './explore-format.ts'
import { ProxyChart } from './proxy-chart.tsx'

type NumberKey = 'count' | 'maxMacs' | 'maxSamples' | 'epochs' | 'qatEpochs'
const FIELDS: readonly { key: NumberKey; label: string; min: number; hint?: string; optional?: boolean }[] = [
  { key: 'count', label: 'Variants', min: 3, hint: 'trained' },
  { key: 'maxMacs', label: 'At most', min: 1, hint: 'MACs', optional: true },
  { key: 'maxSamples', label: 'Use the first', min: 1, hint: 'samples', optional: true },
  { key: 'epochs', label: 'Float epochs', min: 0 },
  { key: 'qatEpochs', label: 'QAT epochs', min: 0 },
]

/** The finished result, or a partial one built from the variants trained so far. */
function useShownResult(): { result: ProxyCheckResult | null; family: Family | undefined; running: boolean } {
  const job = useEditor((s) => jobOf(s, 'proxy-check'))
  const running = job.status === 'running'
  const done = (job.progress?.detail as ProxyCheckProgressDetail | undefined)?.done ?? []
  if (running && done.length > 0) {
    const family = chosenFamily(editorStore)
    return { result: { family: family?.id ?? '', variants: done, ...correlations(done), invalid: [], pool: 0 }, family, running }
  }
  if (job.result) return { result: job.result.result, family: job.result.input.family, running }
  return { result: null, family: undefined, running }
}

export function ProxyCheckView() {
  const settings = useEditor(selectExplore)
  const { result, family, running } = useShownResult()
  const s = editorStore.getState()
  if (!result || !family) {
    return (
      <div className="tf-dock__empty tf-explore__proxy-empty">
        <p className="tf-dock__empty-title">Which proxy ranks real accuracy?</p>
        <p>Without trained weights the explorer ranks variants by a proxy. The check trains a sample of small variants on
          your data and shows how well parameters, MACs, NASWOT, synflow and grad-norm rank the int8 accuracy the int8 engine measures
          (Spearman). Published experience: none is consistently better than the parameter count.</p>
      </div>
    )
  }
  const shown = settings.proxyCheck.shown
  return (
    <>
      <p className="tf-explore__summary" data-testid="proxy-summary">
        {result.variants.length} variants of {family.name} trained{running ? ' so far' : ''}
        {result.pool > 0 ? ` (from ${result.pool.toLocaleString('en')} small variants; ${result.invalid.length} cannot run)` : ''} ·
        {' '}int8 accuracy on the {result.variants[0]?.evaluatedOn ?? 'held-out'} set
      </p>
      <div className="tf-explore__proxy-grid">
        <table className="tf-table tf-explore__rho" aria-label="Spearman correlation per proxy">
          <thead><tr><th>Proxy</th><th className="tf-table__num">Spearman ρ</th></tr></thead>
          <tbody>
            {PROXIES.map((p) => (
              <tr key={p} className={p === shown ? 'tf-table__row--selected' : undefined} onClick={() => setShown(p)}>
                <td>{SCORE_LABELS[p]}{p === result.best && !running ? <span className="tf-explore__best"> best</span> : null}</td>
                <td className="tf-table__num">{Number.isFinite(result.spearman[p]) ? result.spearman[p].toFixed(3) : '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <ProxyChart result={result} family={family} proxy={shown} />
      </div>
      <VariantTable variants={result.variants} family={family} />
    </>
  )
  function setShown(p: ProxyName) { s.setExplore({ proxyCheck: { ...settings.proxyCheck, shown: p } }) }
}

function VariantTable({ variants, family }: { variants: ProxyCheckVariant[]; family: Family }) {
  return (
    <details className="tf-explore__front" open>
      <summary>Trained variants</summary>
      <table className="tf-table" aria-label="Trained variants">
        <thead>
          <tr><th>Knobs</th>{PROXIES.map((p) => <th key={p} className="tf-table__num">{SCORE_LABELS[p]}</th>)}<th className="tf-table__num">int8</th></tr>
        </thead>
        <tbody>
          {variants.map((v) => (
            <tr key={v.key}>
              <td>{describeValues(family, v.values)}</td>
              {PROXIES.map((p) => <td key={p} className="tf-table__num">{formatScore(p, proxyValue(v, p))}</td>)}
              <td className="tf-table__num">{(v.int8Accuracy * 100).toFixed(1)} %</td>
            </tr>
          ))}
        </tbody>
      </table>
    </details>
  )
}

export function ProxyCheckSide() {
  const settings = useEditor(selectExplore).proxyCheck
  const train = useEditor(selectTrain)
  const job = useEditor((s) => jobOf(s, 'proxy-check'))
  const s = editorStore.getState()
  const running = job.status === 'running'
  const set = (patch: Partial<ProxyCheckSettings>) => s.setExplore({ proxyCheck: { ...s.explore.proxyCheck, ...patch } })
  const onNumber = (key: NumberKey, optional?: boolean) => (e: ChangeEvent<HTMLInputElement>) => {
    const text = e.currentTarget.value.trim()
    const v = Math.round(Number(text))
    if (optional && text === '') return set({ [key]: null } as Partial<ProxyCheckSettings>)
    if (text === '' || !Number.isFinite(v) || v < 0) return
    set({ [key]: v } as Partial<ProxyCheckSettings>)
  }
  const best = job.result?.result.best
  return (
    <form className="tf-qsetup tf-explore__proxy-setup" aria-label="Proxy check settings" onSubmit={(e) => { e.preventDefault(); startProxyCheck(editorStore, jobRunner()) }}>
      <h3 className="tf-explore__title">Proxy check</h3>
      <TrainingDataPicker label="Data (shared with the Train tab)" emptyHint="class folders, .npy x + y, or IDX" testIdPrefix="proxy"
        folderAriaLabel="Proxy check class folders" filesAriaLabel="Proxy check .npy or IDX files" disabled={running} />
      <div className="tf-train__fields">
        {FIELDS.map((f) => (
          <label key={f.key} className="tf-train__field">
            <span>{f.label}</span>
            <input className="tf-qsetup__number" type="number" min={f.min} step={1} disabled={running} aria-label={`Proxy check ${f.label}`}
              placeholder={f.optional ? 'any' : undefined} defaultValue={settings[f.key] === null ? '' : String(settings[f.key])}
              onChange={onNumber(f.key, f.optional)} />
            {f.hint && <span className="tf-qsetup__hint">{f.hint}</span>}
          </label>
        ))}
      </div>
      <p className="tf-qsetup__hint tf-train__note">Batch size, learning rate, seed, validation split, backend and int8 engine: the Train tab&apos;s.</p>
      <div className="tf-qsetup__row">
        <button type="submit" className="tf-button tf-button--primary tf-qsetup__go" disabled={running || !train.data}>Run check</button>
        {running && <button type="button" className="tf-button" onClick={() => cancelProxyCheck(editorStore)}>Cancel</button>}
      </div>
      {running && job.progress && (
        <div className="tf-qsetup__run">
          <div className="tf-qprogress" role="progressbar" aria-label="Proxy check" aria-valuenow={Math.round(progressFraction(job.progress) * 100)}>
            <div className="tf-qprogress__fill" style={{ width: `${progressFraction(job.progress) * 100}%` }} />
          </div>
          <span className="tf-qsetup__hint" data-testid="proxy-progress">{job.progress.label}</span>
        </div>
      )}
      {job.status === 'failed' && <p className="tf-qsetup__error" role="alert" data-testid="proxy-error">{job.error}</p>}
      {job.status === 'cancelled' && <p className="tf-qsetup__hint">Cancelled.</p>}
      {best && !running && (
        <p className="tf-qsetup__hint tf-train__note" data-testid="proxy-best">
          Best: {SCORE_LABELS[best]} (ρ {job.result!.result.spearman[best].toFixed(2)}) — now the explorer&apos;s score.
        </p>
      )}
    </form>
  )
}
