/** The unobtrusive keyboard-shortcut line in the status bar. */
const SHORTCUTS: readonly [string, string][] = [
  ['Del', 'delete'],
  ['Ctrl+C / V', 'copy, paste'],
  ['Ctrl+Z', 'undo'],
  ['Ctrl+Shift+Z', 'redo'],
  ['Shift+drag', 'box select'],
  ['Shift+click', 'multi-select'],
]

export function ShortcutHint() {
  return (
    <p className="tf-shortcuts" aria-label="Keyboard shortcuts">
      {SHORTCUTS.map(([keys, what]) => (
        <span key={keys} className="tf-shortcuts__item"><kbd>{keys}</kbd> {what}</span>
      ))}
    </p>
  )
}
