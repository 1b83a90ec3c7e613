/** Why the C package cannot be generated: the generator's reasons, one per line, and the way to the Quantization tab. */
import { editorStore } from '../../store/editor-store.ts'

interface ExportRefusalProps {
  libraryName: string
  reasons: readonly string[]
}

/** 'conv1 (Conv2D): is not quantized…' → where 'conv1 (Conv2D)' and the sentence; reasons about the graph have no where. */
function splitReason(reason: string): { where: string | null; text: string } {
  const m = /^(.+? \([A-Za-z0-9]+\)): (.*)$/s.exec(reason)
  return m ? { where: m[1], text: m[2] } : { where: null, text: reason }
}

export function ExportRefusal({ libraryName, reasons }: ExportRefusalProps) {
  const openQuantization = () => {
    const s = editorStore.getState()
    s.setExportDialogOpen(false)
    s.showDockTab('quantize')
  }
  return (
    <section className="tf-export-refusal" aria-labelledby="export-refusal-title" data-testid="export-refusal">
      <h3 id="export-refusal-title" className="tf-export-refusal__title">
        The C package cannot be generated for {libraryName}
        <span className="tf-count">{reasons.length}</span>
      </h3>
      <p className="tf-export-refusal__lead">
        The package runs the int8 graph exactly as the IDE validates it, so every node must be quantized for the library and
        supported by its kernels.
      </p>
      <ul className="tf-problems tf-export-refusal__list" data-testid="export-reasons">
        {reasons.map((reason, i) => {
          const { where, text } = splitReason(reason)
          return (
            <li key={i} className="tf-problems__item" data-testid="export-reason">
              <span className="tf-problems__icon" aria-label="error">!</span>
              <span className="tf-problems__text">
                {where && <span className="tf-problems__where">{where}</span>}
                {text}
              </span>
            </li>
          )
        })}
      </ul>
      <div className="tf-export-refusal__actions">
        <button type="button" className="tf-button tf-button--primary" onClick={openQuantization}>Open the Quantization tab</button>
        <span className="tf-export-form__hint">Quantize the graph there (calibration data, then Run), and export again.</span>
      </div>
    </section>
  )
}
