/**
 * The package's files as an ARIA tree: folders expand and collapse, a file opens in the editor. Keyboard as the
 * WAI-ARIA tree pattern: ↑/↓ move, → opens a folder (or enters it), ← closes it (or goes to its parent),
 * Enter/Space open, Home/End jump.
 */
import { useMemo, useRef, useState } from 'react'
import type { KeyboardEvent as ReactKeyboardEvent } from 'react'
import { formatBytes } from '../dock/estimate-format.ts'
import type { TreeNode } from './file-tree.ts'
import { visibleRows } from './file-tree.ts'

interface FileTreeViewProps {
  tree: readonly TreeNode[]
  selected: string
  onSelect(path: string): void
  label: string
}

const parentOf = (path: string) => (path.includes('/') ? path.slice(0, path.lastIndexOf('/')) : '')

export function FileTreeView({ tree, selected, onSelect, label }: FileTreeViewProps) {
  const [collapsed, setCollapsed] = useState<ReadonlySet<string>>(() => new Set())
  const [focused, setFocused] = useState<string>(selected)
  const listRef = useRef<HTMLUListElement>(null)
  const rows = useMemo(() => visibleRows(tree, collapsed), [tree, collapsed])
  const focusPath = rows.some((r) => r.node.path === focused) ? focused : rows.some((r) => r.node.path === selected) ? selected : rows[0]?.node.path

  const toggle = (path: string, open?: boolean) => {
    setCollapsed((now) => {
      const next = new Set(now)
      if (open ?? next.has(path)) next.delete(path)
      else next.add(path)
      return next
    })
  }
  const moveTo = (path: string | undefined) => {
    if (path === undefined) return
    setFocused(path)
    listRef.current?.querySelector<HTMLElement>(`[data-path="${CSS.escape(path)}"]`)?.focus()
  }
  const activate = (node: TreeNode) => (node.kind === 'folder' ? toggle(node.path) : onSelect(node.path))

  const onKey = (e: ReactKeyboardEvent<HTMLUListElement>) => {
    const at = rows.findIndex((r) => r.node.path === focusPath)
    const row = rows[at]
    if (!row) return
    const { node } = row
    let handled = true
    if (e.key === 'ArrowDown') moveTo(rows[Math.min(rows.length - 1, at + 1)].node.path)
    else if (e.key === 'ArrowUp') moveTo(rows[Math.max(0, at - 1)].node.path)
    else if (e.key === 'Home') moveTo(rows[0].node.path)
    else if (e.key === 'End') moveTo(rows[rows.length - 1].node.path)
    else if (e.key === 'ArrowRight' && node.kind === 'folder') {
      if (collapsed.has(node.path)) toggle(node.path, true)
      else moveTo(node.children[0]?.path)
    } else if (e.key === 'ArrowLeft') {
      if (node.kind === 'folder' && !collapsed.has(node.path)) toggle(node.path, false)
      else moveTo(parentOf(node.path) || undefined)
    } else if (e.key === 'Enter' || e.key === ' ') activate(node)
    else handled = false
    if (handled) e.preventDefault()
  }

  return (
    <ul className="tf-file-tree" role="tree" aria-label={label} ref={listRef} onKeyDown={onKey} data-testid="file-tree">
      {rows.map(({ node, depth }) => {
        const open = node.kind === 'folder' && !collapsed.has(node.path)
        return (
          <li key={node.path} role="treeitem" data-path={node.path} aria-level={depth + 1}
            aria-expanded={node.kind === 'folder' ? open : undefined}
            aria-selected={node.kind === 'file' ? node.path === selected : undefined}
            tabIndex={node.path === focusPath ? 0 : -1}
            className={`tf-file-tree__row tf-file-tree__row--${node.kind}${node.path === selected ? ' tf-file-tree__row--selected' : ''}`}
            style={{ paddingLeft: 8 + depth * 14 }}
            onFocus={() => setFocused(node.path)} onClick={() => activate(node)}>
            <span className="tf-file-tree__caret" aria-hidden="true">{node.kind === 'folder' ? (open ? '▾' : '▸') : ''}</span>
            <span className="tf-file-tree__name">{node.kind === 'folder' ? `${node.name}/` : node.name}</span>
            {node.kind === 'file' && <span className="tf-file-tree__size">{formatBytes(node.bytes)}</span>}
          </li>
        )
      })}
    </ul>
  )
}
