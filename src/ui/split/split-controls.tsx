/**
 * The Split panel's controls: target × link × tier pickers (checkbox groups), the live-tensor policy, the bandwidth
 * slider (log scale, 1 kbit/s – 1 Gbit/s) with the focused combination's crossover bandwidths marked on it and listed
 * as buttons that move the slider there.
 */
import type { LivePolicy } from '../../core/formats/split/cuts.ts'
import type { SplitCombination } from '../../core/pipelines/split/analyze-split.ts'
import type { Link } from '../../core/targets/remote-types.ts'
import { formatBandwidth } from '../../core/pipelines/split/format-split.ts'
import { editorStore } from '../../store/editor-store.ts'
import type { SplitChoices } from '../../store/split-slice.ts'
import type { SplitView } from '../hooks/use-split.ts'

const MIN_LOG = 3
const MAX_LOG = 9

function Group(props: { legend: string; testId: string; items: { id: string; label: string; title?: string }[]; chosen: readonly string[];
  onToggle(id: string): void }) {
  return (
    <fieldset className="tf-split-group" data-testid={props.testId}>
      <legend>{props.legend}</legend>
      {props.items.map((i) => (
        <label key={i.id} title={i.title}>
          <input type="checkbox" checked={props.chosen.includes(i.id)} onChange={() => props.onToggle(i.id)} /> {i.label}
        </label>
      ))}
    </fieldset>
  )
}

export function SplitPickers({ view, choices }: { view: SplitView; choices: SplitChoices }) {
  const s = editorStore.getState()
  const current = view.targetIds
  return (
    <div className="tf-split-pickers">
      <Group legend="Targets" testId="split-targets" items={view.report.targets.map((t) => ({ id: t.id, label: t.board, title: `${t.name}, ${t.core}` }))}
        chosen={current} onToggle={(id) => s.toggleSplitItem('targetIds', id, current)} />
      <Group legend="Links" testId="split-links" items={view.allLinks.map((l) => ({ id: l.id, label: l.name, title: l.figures.bandwidth.source }))}
        chosen={choices.linkIds} onToggle={(id) => s.toggleSplitItem('linkIds', id, choices.linkIds)} />
      <Group legend="Tiers" testId="split-tiers" items={view.allTiers.map((t) => ({ id: t.id, label: t.name, title: t.runtime }))}
        chosen={choices.tierIds} onToggle={(id) => s.toggleSplitItem('tierIds', id, choices.tierIds)} />
      <fieldset className="tf-split-group">
        <legend>Several live tensors</legend>
        <label title="Cuts inside residual blocks (two live tensors) are refused">
          <input type="radio" name="split-policy" checked={choices.policy === 'single'} onChange={() => setPolicy('single')} /> refuse
        </label>
        <label title="Every live tensor is sent; their bytes add up">
          <input type="radio" name="split-policy" checked={choices.policy === 'all'} onChange={() => setPolicy('all')} /> send all
        </label>
      </fieldset>
    </div>
  )
}

function setPolicy(policy: LivePolicy) {
  editorStore.getState().setSplit({ policy, cut: null })
}

export function BandwidthSlider({ combination, link, bandwidthBps }: { combination: SplitCombination; link: Link; bandwidthBps: number | null }) {
  const s = editorStore.getState()
  const value = bandwidthBps ?? link.bandwidthBps
  const set = (bps: number | null) => s.setSplit({ bandwidthBps: bps })
  return (
    <div className="tf-split-slider">
      <label>
        Bandwidth of {link.name}: <strong data-testid="split-bandwidth">{formatBandwidth(value)}</strong>
        <input type="range" min={MIN_LOG} max={MAX_LOG} step={0.01} value={Math.log10(value)} list="split-crossovers"
          aria-label="Link bandwidth (log scale)" data-testid="split-bandwidth-slider"
          onChange={(e) => set(10 ** Number(e.currentTarget.value))} />
      </label>
      <datalist id="split-crossovers">
        {combination.crossovers.map((x) => <option key={x.bandwidthBps} value={Math.log10(x.bandwidthBps)} />)}
      </datalist>
      <span className="tf-split-crossovers" data-testid="split-crossovers">
        {combination.crossovers.length === 0 ? 'no crossover: the best cut is the same at every bandwidth' : 'crossovers: '}
        {combination.crossovers.map((x) => (
          <button key={x.bandwidthBps} type="button" className="tf-button tf-button--quiet" onClick={() => set(x.bandwidthBps)}
            title={`Above ${formatBandwidth(x.bandwidthBps)} cut ${x.above} is fastest, below it cut ${x.below}`}>
            {formatBandwidth(x.bandwidthBps)}: {x.above}→{x.below}
          </button>
        ))}
        {bandwidthBps !== null && <button type="button" className="tf-button tf-button--quiet" onClick={() => set(null)}>reset</button>}
      </span>
    </div>
  )
}
