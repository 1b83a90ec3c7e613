/**
 * The Train tab: train the design on your own data in the browser (a Web Worker running TensorFlow.js; nothing
 * leaves the machine). Left: the data (a folder of class sub-folders, two .npy files or IDX files — picked or dropped),
 * subset and validation split, float and QAT epochs, batch size, learning rate, backend and int8 engine; Train /
 * Cancel / Resume with progress. Middle: live loss and accuracy curves. Right: float, QAT and int8-engine accuracy
 * of the run beside the compared targets' estimates, and the project's training runs.
 */
import type { ChangeEvent } from 'react'
import { editorStore } from '../../store/editor-store.ts'
import { jobOf, progressFraction } from '../../store/jobs-slice.ts'
import { cancelTraining, startTraining } from '../../store/train-commands.ts'
import { selectTrain, selectTrainResume } from '../../store/train-slice.ts'
import type { TrainSettings } from '../../store/train-slice.ts'
import type { TrainBackendChoice, TrainProgressDetail } from '../../workers/train-protocol.ts'
import { useEditor } from '../hooks/use-editor.ts'
import { jobRunner } from '../jobs/job-runner.ts'
import { TrainChart } from './train-chart.tsx'
import { TrainResults } from './train-results.tsx'
import { TrainingDataPicker } from './training-data-picker.tsx'
import './train.css'

const BACKENDS: readonly { id: TrainBackendChoice; label: string }[] = [
  { id: 'auto', label: 'Auto (WebGPU › WebGL › CPU)' }, { id: 'webgpu', label: 'WebGPU' }, { id: 'webgl', label: 'WebGL' }, { id: 'cpu', label: 'CPU' },
]

type NumberKey = 'maxSamples' | 'valSplit' | 'epochs' | 'qatEpochs' | 'batchSize' | 'lr' | 'seed'

const FIELDS: readonly { key: NumberKey; label: string; min: number; max: number; step: number; hint?: string; percent?: boolean }[] = [
  { key: 'maxSamples', label: 'Use the first', min: 1, max: 10_000_000, step: 1, hint: 'samples (empty: all)' },
  { key: 'valSplit', label: 'Validation', min: 0, max: 90, step: 1, hint: '% held out', percent: true },
  { key: 'epochs', label: 'Float epochs', min: 0, max: 1000, step: 1 },
  { key: 'qatEpochs', label: 'QAT epochs', min: 0, max: 1000, step: 1, hint: 'int8 grid' },
  { key: 'batchSize', label: 'Batch size', min: 1, max: 4096, step: 1 },
  { key: 'lr', label: 'Learning rate', min: 0, max: 1, step: 0.0001, hint: 'Adam' },
  { key: 'seed', label: 'Seed', min: 0, max: 2 ** 31, step: 1 },
]

export function TrainPanel() {
  const settings = useEditor(selectTrain)
  const resume = useEditor(selectTrainResume)
  const job = useEditor((s) => jobOf(s, 'train'))
  const graph = useEditor((s) => s.doc.graph)
  const s = editorStore.getState()
  const running = job.status === 'running'
  const detail = (job.progress?.detail ?? null) as TrainProgressDetail | null
  const shown = running ? detail : null
  const lastRun = job.result?.run
  const canResume = !running && resume !== null && resume.graph === graph

  const setNumber = (key: NumberKey, percent?: boolean) => (e: ChangeEvent<HTMLInputElement>) => {
    const text = e.currentTarget.value.trim()
    if (key === 'maxSamples') return s.setTrain({ maxSamples: text === '' ? null : Math.max(1, Math.round(Number(text)) || 1) })
    const v = Number(text)
    if (text === '' || !Number.isFinite(v)) return
    s.setTrain({ [key]: percent ? v / 100 : v } as Partial<TrainSettings>)
  }
  const value = (key: NumberKey, percent?: boolean) => {
    const v = settings[key]
    return v === null ? '' : percent ? String(Math.round(v * 1000) / 10) : String(v)
  }

  return (
    <div className="tf-train" data-testid="train-panel">
      <form className="tf-qsetup tf-train__setup" aria-label="Training settings" onSubmit={(e) => { e.preventDefault(); startTraining(editorStore, jobRunner()) }}>
        <TrainingDataPicker label="Data" emptyHint="class folders, .npy x + y, or IDX — pick or drop here" testIdPrefix="train"
          folderAriaLabel="Class folders" filesAriaLabel=".npy or IDX files" disabled={running} droppable />
        <div className="tf-train__fields">
          {FIELDS.map((f) => (
            <label key={f.key} className="tf-train__field">
              <span>{f.label}</span>
              <input className="tf-qsetup__number" type="number" min={f.min} max={f.max} step={f.step} disabled={running} aria-label={f.label}
                placeholder={f.key === 'maxSamples' ? 'all' : undefined} defaultValue={value(f.key, f.percent)} onChange={setNumber(f.key, f.percent)} />
              {f.hint && <span className="tf-qsetup__hint">{f.hint}</span>}
            </label>
          ))}
          <label className="tf-train__field">
            <span>Backend</span>
            <select className="tf-select" aria-label="Backend" disabled={running} value={settings.backend}
              onChange={(e) => s.setTrain({ backend: e.currentTarget.value as TrainBackendChoice })}>
              {BACKENDS.map((b) => <option key={b.id} value={b.id}>{b.label}</option>)}
            </select>
          </label>
          <label className="tf-train__field">
            <span>int8 engine</span>
            <select className="tf-select" aria-label="int8 engine" disabled={running} value={settings.engine}
              onChange={(e) => s.setTrain({ engine: e.currentTarget.value as 'wasm' | 'ts' })}>
              <option value="wasm">C runtime (WebAssembly)</option>
              <option value="ts">TypeScript reference</option>
            </select>
          </label>
        </div>
        <div className="tf-qsetup__row">
          <button type="submit" className="tf-button tf-button--primary tf-qsetup__go" disabled={running || !settings.data}>Train</button>
          {running && <button type="button" className="tf-button" onClick={() => cancelTraining(editorStore)}>Cancel</button>}
        </div>
        {canResume && (
          <button type="button" className="tf-button" onClick={() => startTraining(editorStore, jobRunner(), true)}>
            Resume after epoch {resume!.checkpoint.epoch} of {resume!.input.options.epochs + resume!.input.options.qatEpochs}
          </button>
        )}
        {running && job.progress && (
          <div className="tf-qsetup__run">
            <div className="tf-qprogress" role="progressbar" aria-label="Training" aria-valuenow={Math.round(progressFraction(job.progress) * 100)}>
              <div className="tf-qprogress__fill" style={{ width: `${progressFraction(job.progress) * 100}%` }} />
            </div>
            <span className="tf-qsetup__hint" data-testid="train-progress">{job.progress.label}</span>
          </div>
        )}
        {job.status === 'failed' && <p className="tf-qsetup__error" role="alert" data-testid="train-error">{job.error}</p>}
        {job.status === 'cancelled' && <p className="tf-qsetup__hint" data-testid="train-cancelled">Cancelled; the project is unchanged.</p>}
      </form>

      <section className="tf-train__plot" aria-label="Training curves">
        {shown || lastRun ? (
          <>
            <p className="tf-train__summary" data-testid="train-summary">
              {shown
                ? `${shown.data ? `${shown.data.train.toLocaleString('en')} training · ${shown.data.validation.toLocaleString('en')} validation${shown.data.test ? ` · ${shown.data.test.toLocaleString('en')} test` : ''} samples · ` : ''}TensorFlow.js on ${shown.backend}`
                : `Last run: ${lastRun!.dataset.train.toLocaleString('en')} training samples · ${lastRun!.backend}`}
            </p>
            <TrainChart curve={shown?.curve ?? job.result?.curve ?? []} history={shown?.history ?? lastRun!.epochs}
              epochs={shown ? shown.totalEpochs : lastRun!.epochs.length} />
          </>
        ) : (
          <div className="tf-dock__empty">
            <p className="tf-dock__empty-title">Train this design on your data</p>
            <p>Float epochs, then quantization-aware epochs on the {` `}vendor&apos;s int8 grid; the int8 accuracy is measured by the int8 engine — the device&apos;s arithmetic.</p>
          </div>
        )}
      </section>
      <TrainResults />
    </div>
  )
}
