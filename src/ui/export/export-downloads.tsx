/**
 * The generated package's figures and the downloads: the C package zip, the QDQ ONNX, the float ONNX and the
 * training-ready PyTorch project (zip).
 */
import { useState } from 'react'
import { editorStore } from '../../store/editor-store.ts'
import type { CPackageFigures } from '../../store/export-commands.ts'
import { onnxExportFile, pytorchExportFile } from '../../store/export-commands.ts'
import { formatBytes } from '../dock/estimate-format.ts'
import { formatExact } from '../format.ts'
import { downloadBytes } from '../download.ts'

interface ExportDownloadsProps {
  figures: CPackageFigures
  prefix: string
  /** False while the typed prefix is invalid: the zip cannot be downloaded then (the ONNX files do not use it). */
  zipEnabled: boolean
  /** Builds the zip of the package with the field's prefix (in the worker), or one sentence why it cannot. */
  zip(): Promise<{ fileName: string; bytes: Uint8Array } | { error: string }>
}

export function ExportDownloads({ figures, prefix, zipEnabled, zip }: ExportDownloadsProps) {
  const [error, setError] = useState<string | null>(null)
  const [zipping, setZipping] = useState(false)
  const onnx = (form: 'qdq' | 'float') => {
    const file = onnxExportFile(editorStore.getState(), form)
    if ('error' in file) return setError(file.error)
    setError(null)
    downloadBytes(file.fileName, file.bytes)
  }
  const pytorch = () => {
    const file = pytorchExportFile(editorStore.getState())
    if ('error' in file) return setError(file.error)
    setError(null)
    downloadBytes(file.fileName, file.bytes, 'application/zip')
  }
  const onZip = async () => {
    setError(null)
    setZipping(true)
    const file = await zip()
    setZipping(false)
    if ('error' in file) return setError(file.error)
    downloadBytes(file.fileName, file.bytes, 'application/zip')
  }
  return (
    <div className="tf-export-downloads">
      <dl className="tf-facts tf-export-facts" data-testid="export-figures">
        <dt>Files</dt><dd>{figures.files} · {formatBytes(figures.bytes)}</dd>
        <dt>Arena</dt><dd>{formatExact(figures.arenaBytes)} B{figures.scratchBytes > 0 ? ` + ${formatExact(figures.scratchBytes)} B scratch` : ''}</dd>
        <dt>Constants</dt><dd>{formatExact(figures.weightBytes)} B</dd>
        <dt>I/O</dt><dd>{formatExact(figures.inputBytes)} B in · {formatExact(figures.outputBytes)} B out</dd>
        <dt>Kernels</dt><dd>{figures.kernels}</dd>
      </dl>
      <div className="tf-export-downloads__buttons" role="group" aria-label="Downloads">
        <button type="button" className="tf-button tf-button--primary tf-export-downloads__main" disabled={!zipEnabled || zipping} aria-busy={zipping} onClick={() => void onZip()}
          title={`${prefix}.zip: the ${prefix}/ folder with include/, src/, runtime/, examples/, board/, Makefile, CMakeLists.txt, README.md`}>
          C package (.zip)
        </button>
        <div className="tf-export-downloads__row">
          <button type="button" className="tf-button" onClick={() => onnx('qdq')}
            title="The quantized model in QDQ form (IR 8, opset 17)">ONNX (QDQ)</button>
          <button type="button" className="tf-button" onClick={() => onnx('float')}
            title="The float model (IR 8, opset 17)">ONNX (float)</button>
        </div>
        <button type="button" className="tf-button tf-export-downloads__wide" onClick={pytorch}
          title="graph.json, weights.npz, the operator twins, train.py (float then QAT, torchrun) and predict.py">PyTorch project (.zip)</button>
      </div>
      {error && <p className="tf-export-form__error" role="alert">{error}</p>}
      <p className="tf-export-form__hint">
        Unzip, then <code>make test</code> (host gcc) and <code>make test-qemu-m4</code> (Cortex-M4 on QEMU); the README
        has the rest.
      </p>
    </div>
  )
}
