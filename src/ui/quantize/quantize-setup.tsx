/**
 * The left column of the Quantization tab: scheme (the library's by default), calibration method, data (seeded
 * synthetic samples, a folder of images with class sub-folders, or .npy files), the int8 engine that validates (the C
 * runtime as WebAssembly, or the TypeScript reference), the project's requantization rounding (a document setting: the
 * engines, the C package and the agreement report follow it), the onnxruntime-web backend of the agreement check, Run / Cancel
 * with the progress bar, and the ONNX downloads.
 */
import { useRef } from 'react'
import type { ChangeEvent } from 'react'
import type { QuantScheme } from '../../core/quant/scheme.ts'
import type { CalibrationMethod } from '../../core/quant/observers.ts'
import type { Int8EngineId } from '../../core/engine/int8-engines.ts'
import { selectLibraryId, selectProjectName, selectRounding } from '../../store/document-slice.ts'
import { resolveLibrary } from '../../store/editor-commands.ts'
import { editorStore } from '../../store/editor-store.ts'
import { progressFraction, selectQuantizeJob } from '../../store/jobs-slice.ts'
import {
  cancelQuantize, chooseImageFolder, chooseNpyFiles, libraryForScheme, onnxDownload, onnxFileBase, startQuantize,
} from '../../store/quantize-commands.ts'
import type { DataChoice } from '../../store/quantize-settings-slice.ts'
import { selectQuantizeSettings } from '../../store/quantize-settings-slice.ts'
import type { DataFileRef, OrtChoice } from '../../workers/quantize-protocol.ts'
import { useEditor } from '../hooks/use-editor.ts'
import { downloadBytes } from '../download.ts'
import { jobRunner } from '../jobs/job-runner.ts'
import { useWebGpuAdapter } from './use-webgpu-adapter.ts'

const METHODS: readonly { id: CalibrationMethod; label: string }[] = [
  { id: 'minmax', label: 'Min / max' },
  { id: 'percentile', label: 'Percentile 99.99' },
  { id: 'mse', label: 'MSE-optimal' },
]
const DATA: readonly { id: DataChoice; label: string }[] = [
  { id: 'synthetic', label: 'Synthetic' },
  { id: 'images', label: 'Images' },
  { id: 'npy', label: '.npy' },
]

/** A chosen file's path below the chosen folder ('2/a.png'), and the folder's name. */
export function folderListing(files: readonly File[]): { folder: string; refs: DataFileRef[] } {
  const first = files[0]?.webkitRelativePath ?? ''
  const folder = first.includes('/') ? first.slice(0, first.indexOf('/')) : ''
  const refs = files.map((f) => {
    const rel = f.webkitRelativePath || f.name
    return { path: folder && rel.startsWith(`${folder}/`) ? rel.slice(folder.length + 1) : rel, blob: f }
  })
  return { folder, refs }
}

export function QuantizeSetup() {
  const settings = useEditor(selectQuantizeSettings)
  const job = useEditor(selectQuantizeJob)
  const libraryId = useEditor(selectLibraryId)
  const rounding = useEditor(selectRounding)
  const fileBase = onnxFileBase(useEditor(selectProjectName))
  const webgpu = useWebGpuAdapter()
  const folderRef = useRef<HTMLInputElement | null>(null)
  const npyRef = useRef<HTMLInputElement>(null)
  const s = editorStore.getState()
  const library = resolveLibrary(libraryId)
  const scheme = settings.scheme ?? library.scheme
  const runLibrary = libraryForScheme(libraryId, scheme)
  const running = job.status === 'running'

  const setScheme = (next: QuantScheme) => s.setQuantizeSettings({ scheme: next === library.scheme ? null : next })
  const onFolder = (e: ChangeEvent<HTMLInputElement>) => {
    const files = [...(e.currentTarget.files ?? [])]
    e.currentTarget.value = ''
    const { folder, refs } = folderListing(files)
    chooseImageFolder(editorStore, folder, refs)
  }
  const onNpy = (e: ChangeEvent<HTMLInputElement>) => {
    const files = [...(e.currentTarget.files ?? [])]
    e.currentTarget.value = ''
    chooseNpyFiles(editorStore, files.map((f) => ({ path: f.name, blob: f })))
  }
  const download = (form: 'qdq' | 'float') => {
    const file = onnxDownload(editorStore, form)
    if (file) downloadBytes(file.fileName, file.bytes)
  }
  const chosen = settings.data === 'images' ? settings.images : settings.data === 'npy' ? settings.npy : null

  return (
    <form className="tf-qsetup" aria-label="Quantize settings" onSubmit={(e) => { e.preventDefault(); startQuantize(editorStore, jobRunner()) }}>
      <div className="tf-qsetup__fields">
        <span className="tf-qsetup__label" id="q-scheme">Scheme</span>
        <div className="tf-segmented" role="radiogroup" aria-labelledby="q-scheme">
          {(['s8', 'pow2'] as const).map((id) => (
            <button key={id} type="button" role="radio" aria-checked={scheme === id} disabled={running}
              className="tf-segmented__item" data-testid={`scheme-${id}`} onClick={() => setScheme(id)}>{id}</button>
          ))}
          <span className="tf-qsetup__hint" title={runLibrary.id === library.id ? `the ${library.name} scheme` : `applying switches the project to ${runLibrary.name}`}>
            {runLibrary.id === library.id ? library.name : `→ ${runLibrary.name}`}
          </span>
        </div>

        <label className="tf-qsetup__label" htmlFor="q-method">Method</label>
        <select id="q-method" className="tf-select" value={settings.method} disabled={running}
          onChange={(e) => s.setQuantizeSettings({ method: e.target.value as CalibrationMethod })}>
          {METHODS.map((m) => <option key={m.id} value={m.id}>{m.label}</option>)}
        </select>

        <span className="tf-qsetup__label" id="q-data">Data</span>
        <div className="tf-segmented" role="radiogroup" aria-labelledby="q-data">
          {DATA.map((d) => (
            <button key={d.id} type="button" role="radio" aria-checked={settings.data === d.id} disabled={running}
              className="tf-segmented__item" data-testid={`data-${d.id}`}
              onClick={() => s.setQuantizeSettings({ data: d.id, dataError: null })}>{d.label}</button>
          ))}
        </div>

        <span className="tf-qsetup__label" aria-hidden="true" />
        {settings.data === 'synthetic' ? (
          <div className="tf-qsetup__row">
            <input type="number" min={1} max={1024} step={1} className="tf-qsetup__number" aria-label="Synthetic samples" disabled={running}
              value={settings.syntheticCount}
              onChange={(e) => s.setQuantizeSettings({ syntheticCount: Math.max(1, Math.min(1024, Math.round(Number(e.target.value) || 1))) })} />
            <span className="tf-qsetup__hint">samples · seed {settings.seed}</span>
          </div>
        ) : (
          <div className="tf-qsetup__row">
            <button type="button" className="tf-button tf-qsetup__choose" disabled={running}
              onClick={() => (settings.data === 'images' ? folderRef : npyRef).current?.click()}>
              {settings.data === 'images' ? 'Choose folder…' : 'Choose .npy files…'}
            </button>
            <input key="folder" type="file" multiple hidden tabIndex={-1} data-testid="calib-folder-input" aria-label="Image folder"
              ref={(el) => { folderRef.current = el; el?.setAttribute('webkitdirectory', '') }} onChange={onFolder} />
            <input key="npy" type="file" multiple hidden tabIndex={-1} accept=".npy" data-testid="calib-npy-input" aria-label=".npy files"
              ref={npyRef} onChange={onNpy} />
          </div>
        )}
        {settings.data !== 'synthetic' && (
          <>
            <span className="tf-qsetup__label" aria-hidden="true" />
            <span className="tf-qsetup__hint tf-qsetup__chosen" data-testid="calib-chosen" title={chosen?.label}>
              {chosen ? chosenText(settings.data, chosen.label, chosen.usable, chosen.classes) : 'nothing chosen'}
            </span>
          </>
        )}
        {settings.dataError && <p className="tf-qsetup__error" role="alert" data-testid="calib-error">{settings.dataError}</p>}

        <label className="tf-qsetup__label" htmlFor="q-engine">int8 engine</label>
        <select id="q-engine" className="tf-select" value={settings.engine} disabled={running}
          title="The engine that runs the int8 graph for validation: the device's C kernels compiled to WebAssembly, or the TypeScript reference (same bytes, slower)"
          onChange={(e) => s.setQuantizeSettings({ engine: e.target.value as Int8EngineId })}>
          <option value="wasm">WebAssembly (C runtime)</option>
          <option value="ts">TypeScript reference</option>
        </select>

        <label className="tf-qsetup__label" htmlFor="q-rounding">Round</label>
        <select id="q-rounding" className="tf-select" value={rounding} disabled={running || scheme !== 's8'} aria-label="Requantization rounding"
          title={scheme === 's8'
            ? 'Requantization rounding of the s8 kernels, for this project: double (SaturatingRoundingDoublingHighMul, then RoundingDivideByPOT: ' +
              "TFLite's reference kernels, CMSIS-NN's default) or single (CMSIS-NN's CMSIS_NN_USE_SINGLE_ROUNDING: one rounding, as TFLite's " +
              'optimized kernels and onnxruntime). The int8 engines, the C package (which then defines the macro) and the ONNX agreement follow it.'
            : 'The pow2 scheme requantizes with rounding shifts; the rounding choice applies to s8 only'}
          onChange={(e) => s.setRounding(e.target.value as 'double' | 'single')}>
          <option value="double">double (TFLite ref.)</option>
          <option value="single">single (CMSIS-NN macro)</option>
        </select>

        <label className="tf-qsetup__label" htmlFor="q-ort">ORT</label>
        <select id="q-ort" className="tf-select" value={settings.ort} disabled={running}
          title="Backend of onnxruntime-web running the exported QDQ ONNX, compared with the int8 engine"
          onChange={(e) => s.setQuantizeSettings({ ort: e.target.value as OrtChoice })}>
          <option value="auto">Auto (WebGPU, else wasm)</option>
          <option value="wasm">wasm</option>
          <option value="webgpu" disabled={webgpu === false}>WebGPU{webgpu === false ? ' (no adapter)' : ''}</option>
          <option value="off">Off</option>
        </select>
      </div>

      <div className="tf-qsetup__run">
        {running ? (
          <>
            <div className="tf-qprogress" role="progressbar" aria-label="Quantize progress" data-testid="quantize-progress"
              aria-valuemin={0} aria-valuemax={100} aria-valuenow={Math.round(progressFraction(job.progress) * 100)}>
              <div className="tf-qprogress__fill" style={{ width: `${progressFraction(job.progress) * 100}%` }} />
            </div>
            <div className="tf-qsetup__row">
              <span className="tf-qsetup__hint tf-qsetup__stage" data-testid="quantize-stage">{job.progress?.label ?? 'Starting'}</span>
              <button type="button" className="tf-button" data-testid="quantize-cancel" onClick={() => cancelQuantize(editorStore)}>Cancel</button>
            </div>
          </>
        ) : (
          <button type="submit" className="tf-button tf-button--primary tf-qsetup__go" data-testid="quantize-run">Quantize &amp; validate</button>
        )}
      </div>
      <div className="tf-qsetup__downloads" role="group" aria-label="Download ONNX">
        <span className="tf-qsetup__label">Download</span>
        <button type="button" className="tf-button" disabled={running} aria-label="Download QDQ ONNX"
          title={`The quantized model in QDQ form (IR 8, opset 17): ${fileBase}.int8.onnx`} onClick={() => download('qdq')}>QDQ ONNX</button>
        <button type="button" className="tf-button" disabled={running} aria-label="Download float ONNX"
          title={`The float model (IR 8, opset 17): ${fileBase}.onnx`} onClick={() => download('float')}>Float ONNX</button>
      </div>
    </form>
  )
}

function chosenText(kind: DataChoice, label: string, usable: number, classes?: string[]): string {
  if (kind === 'npy') return label
  const images = `${usable} image${usable === 1 ? '' : 's'}`
  return `${label || 'folder'} · ${images}${classes ? ` · ${classes.length} class${classes.length === 1 ? '' : 'es'}` : ''}`
}
