/**
 * The one-line notice over the canvas: a refused connection's reason, or a file/storage error.
 * Refusals and info fade after a few seconds; errors stay until dismissed or replaced. Refusals and
 * errors are alerts; info (e.g. "Imported …; Undo brings back …") is a polite status.
 */
import { useEffect } from 'react'
import { editorStore } from '../../store/editor-store.ts'
import { selectNotice } from '../../store/ui-slice.ts'
import { useEditor } from '../hooks/use-editor.ts'

const AUTO_DISMISS_MS = 6000

const TEST_IDS = { refusal: 'connection-refusal', error: 'error-banner', info: 'info-banner' } as const

export function NoticeBanner() {
  const notice = useEditor(selectNotice)

  useEffect(() => {
    if (!notice || notice.kind === 'error') return
    const timer = setTimeout(() => editorStore.getState().dismissNotice(), AUTO_DISMISS_MS)
    return () => clearTimeout(timer)
  }, [notice])

  if (!notice) return null
  return (
    <div className={`tf-notice tf-notice--${notice.kind}`} role={notice.kind === 'info' ? 'status' : 'alert'}
      data-testid={TEST_IDS[notice.kind]}>
      <span className="tf-notice__text">{notice.text}</span>
      <button type="button" className="tf-notice__close" aria-label="Dismiss" onClick={() => editorStore.getState().dismissNotice()}>
        ×
      </button>
    </div>
  )
}
