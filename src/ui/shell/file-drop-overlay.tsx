/** The full-window hint shown while a file is dragged over the IDE. */
import { MODEL_EXTENSIONS } from '../../core/formats/import-model.ts'

export function FileDropOverlay({ visible }: { visible: boolean }) {
  if (!visible) return null
  return (
    <div className="tf-drop-overlay" data-testid="drop-overlay" aria-hidden="true">
      <div className="tf-drop-overlay__box">
        <p className="tf-drop-overlay__title">Drop to open</p>
        <p className="tf-drop-overlay__text">
          A model ({MODEL_EXTENSIONS.join(', ')}) is imported onto the current library; a project (.tinyforge.json) is opened.
        </p>
      </div>
    </div>
  )
}
