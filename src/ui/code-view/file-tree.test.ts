import { describe, expect, it } from 'vitest'
import { buildFileTree, displayText, languageOf, lineCount, visibleRows } from './file-tree.ts'

const PATHS = ['README.md', 'Makefile', 'CMakeLists.txt', 'include/net.h', 'src/net.c', 'runtime/tf_nn_types.h',
  'runtime/tf_convolve_s8.c', 'examples/main.c', 'board/mps2-an386.ld', 'board/deep/x.c', 'board/board_host.c', 'board/board.h']

const labels = (rows: ReturnType<typeof visibleRows>) => rows.map((r) => `${'  '.repeat(r.depth)}${r.node.name}`)

describe('buildFileTree / visibleRows', () => {
  const tree = buildFileTree(PATHS.map((path, i) => ({ path, bytes: i })))

  it('puts folders first, then files, each by name ignoring case (code points: . before _), and keeps sizes', () => {
    expect(labels(visibleRows(tree, new Set()))).toEqual([
      'board', '  deep', '    x.c', '  board.h', '  board_host.c', '  mps2-an386.ld', 'examples', '  main.c', 'include', '  net.h', 'runtime', '  tf_convolve_s8.c',
      '  tf_nn_types.h', 'src', '  net.c', 'CMakeLists.txt', 'Makefile', 'README.md',
    ])
    const include = tree.find((n) => n.name === 'include')
    expect(include).toEqual({ kind: 'folder', name: 'include', path: 'include', children: [{ kind: 'file', name: 'net.h', path: 'include/net.h', bytes: 3 }] })
  })

  it('hides the contents of collapsed folders', () => {
    expect(labels(visibleRows(tree, new Set(['board', 'runtime', 'examples'])))).toEqual([
      'board', 'examples', 'include', '  net.h', 'runtime', 'src', '  net.c', 'CMakeLists.txt', 'Makefile', 'README.md',
    ])
    expect(labels(visibleRows(tree, new Set(['board/deep'])))).toContain('  deep')
    expect(labels(visibleRows(tree, new Set(['board/deep'])))).not.toContain('    x.c')
  })
})

describe('languageOf', () => {
  it('maps package files to their highlighting', () => {
    expect(['include/net.h', 'src/net.c', 'board/sections.ld', 'Makefile', 'CMakeLists.txt', 'README.md', 'a/b.json', 'LICENSE']
      .map(languageOf)).toEqual(['c', 'c', 'c', 'makefile', 'cmake', 'markdown', 'json', 'plaintext'])
  })
})

describe('displayText', () => {
  it('keeps a small file whole', () => {
    expect(displayText('a\nb\n', 4)).toEqual({ text: 'a\nb\n', cut: null })
  })

  it('cuts a large file after the last whole line within the limit', () => {
    const text = 'line 1\nline 2\nline 3\nline 4\n'
    expect(displayText(text, 16)).toEqual({ text: 'line 1\nline 2\n', cut: { shownLines: 2, totalLines: 4, totalChars: 28 } })
    expect(displayText(text, 14)).toEqual({ text: 'line 1\nline 2\n', cut: { shownLines: 2, totalLines: 4, totalChars: 28 } })
    expect(displayText(text, 13)).toEqual({ text: 'line 1\n', cut: { shownLines: 1, totalLines: 4, totalChars: 28 } })
  })

  it('shows at least the first line, and a single huge line whole', () => {
    expect(displayText('abcdefgh\nij\n', 3)).toEqual({ text: 'abcdefgh\n', cut: { shownLines: 1, totalLines: 2, totalChars: 12 } })
    expect(displayText('abcdefgh', 3)).toEqual({ text: 'abcdefgh', cut: null })
  })

  it('counts lines without a phantom last one', () => {
    expect([lineCount(''), lineCount('a'), lineCount('a\n'), lineCount('a\nb'), lineCount('a\n\n')]).toEqual([0, 1, 1, 2, 2])
  })
})
