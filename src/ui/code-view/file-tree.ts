/**
 * The code view's model, framework-free: a package's paths as a folder tree (folders first, then files, each by
 * name ignoring case), the rows a tree with collapsed folders shows, the highlighting language of a path, and the part of
 * a very large file the editor shows (whole lines, with a note of what was left out).
 */

export interface FileEntry {
  path: string
  /** Size in bytes (UTF-8). */
  bytes: number
}

export type TreeNode =
  | { kind: 'folder'; name: string; path: string; children: TreeNode[] }
  | { kind: 'file'; name: string; path: string; bytes: number }

export interface TreeRow {
  node: TreeNode
  depth: number
}

/** Folders first; then by name ignoring case, by code point (the same order in every browser and in Node). */
function byName(a: TreeNode, b: TreeNode): number {
  if (a.kind !== b.kind) return a.kind === 'folder' ? -1 : 1
  const x = a.name.toLowerCase()
  const y = b.name.toLowerCase()
  return x < y ? -1 : x > y ? 1 : a.name < b.name ? -1 : a.name > b.name ? 1 : 0
}

/** The folder tree of `files` ('include/a.h' → folder include holding a.h); paths use '/'. */
export function buildFileTree(files: readonly FileEntry[]): TreeNode[] {
  const root: TreeNode[] = []
  const folders = new Map<string, TreeNode[]>([['', root]])
  const folderOf = (path: string): TreeNode[] => {
    const known = folders.get(path)
    if (known) return known
    const cut = path.lastIndexOf('/')
    const children: TreeNode[] = []
    folderOf(cut < 0 ? '' : path.slice(0, cut)).push({ kind: 'folder', name: path.slice(cut + 1), path, children })
    folders.set(path, children)
    return children
  }
  for (const f of files) {
    const cut = f.path.lastIndexOf('/')
    folderOf(cut < 0 ? '' : f.path.slice(0, cut)).push({ kind: 'file', name: f.path.slice(cut + 1), path: f.path, bytes: f.bytes })
  }
  const sort = (nodes: TreeNode[]) => {
    nodes.sort(byName)
    for (const n of nodes) if (n.kind === 'folder') sort(n.children)
  }
  sort(root)
  return root
}

/** The rows shown, in order: every node whose ancestors are all expanded. */
export function visibleRows(tree: readonly TreeNode[], collapsed: ReadonlySet<string>): TreeRow[] {
  const rows: TreeRow[] = []
  const walk = (nodes: readonly TreeNode[], depth: number) => {
    for (const node of nodes) {
      rows.push({ node, depth })
      if (node.kind === 'folder' && !collapsed.has(node.path)) walk(node.children, depth + 1)
    }
  }
  walk(tree, 0)
  return rows
}

export type CodeLanguage = 'c' | 'makefile' | 'cmake' | 'markdown' | 'json' | 'plaintext'

/** Highlighting of a package file, by its name. Linker scripts use C's (comments, numbers, braces). */
export function languageOf(path: string): CodeLanguage {
  const name = path.slice(path.lastIndexOf('/') + 1)
  if (name === 'Makefile' || name === 'GNUmakefile' || name.endsWith('.mk')) return 'makefile'
  if (name === 'CMakeLists.txt' || name.endsWith('.cmake')) return 'cmake'
  if (/\.(c|h|ld)$/.test(name)) return 'c'
  if (name.endsWith('.md')) return 'markdown'
  if (name.endsWith('.json')) return 'json'
  return 'plaintext'
}

export interface DisplayText {
  text: string
  /** Set when the text was cut: lines shown of all, and the file's full size in characters. */
  cut: { shownLines: number; totalLines: number; totalChars: number } | null
}

/**
 * The text shown for a file: all of it up to `limitChars`; beyond, the whole lines that fit within the limit (at
 * least one), so the editor never holds megabytes of weight arrays.
 */
export function displayText(text: string, limitChars: number): DisplayText {
  if (text.length <= limitChars) return { text, cut: null }
  let end = text.lastIndexOf('\n', limitChars - 1)
  if (end <= 0) end = text.indexOf('\n', limitChars)
  if (end < 0) return { text, cut: null }
  const shown = text.slice(0, end + 1)
  return { text: shown, cut: { shownLines: lineCount(shown), totalLines: lineCount(text), totalChars: text.length } }
}

/** Lines of a text, a final newline not starting another. */
export function lineCount(text: string): number {
  if (text === '') return 0
  let n = 1
  for (let i = text.indexOf('\n'); i >= 0 && i < text.length - 1; i = text.indexOf('\n', i + 1)) n++
  return n
}
