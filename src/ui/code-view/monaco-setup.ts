/**
 * Monaco from the app's own bundle, never a CDN: the lean editor API with the features a read-only viewer needs
 * (find, folding, bracket matching, word highlight, the read-only message, and the codicon font their widgets use), C/C++ and Markdown grammars from monaco-editor, Make, CMake and
 * JSON grammars of our own (monarch-languages.ts), and the editor worker built by Vite (`?worker`). monaco-editor
 * 0.57 exports its files without the `esm/vs/` prefix. Import this module only through a dynamic import: it is the
 * editor's own chunk.
 */
import * as monaco from 'monaco-editor/editor/editor.api'
import 'monaco-editor/features/codicon/register'
import 'monaco-editor/features/find/register'
import 'monaco-editor/features/folding/register'
import 'monaco-editor/features/bracketMatching/register'
import 'monaco-editor/features/wordHighlighter/register'
import 'monaco-editor/features/readOnlyMessage/register'
import 'monaco-editor/languages/definitions/cpp/register'
import 'monaco-editor/languages/definitions/markdown/register'
import EditorWorker from 'monaco-editor/editor/editor.worker?worker'
import { CMAKE_LANGUAGE, JSON_LANGUAGE, MAKEFILE_LANGUAGE } from './monarch-languages.ts'

self.MonacoEnvironment = { getWorker: () => new EditorWorker() }

const { languages } = monaco
languages.register({ id: 'makefile', filenames: ['Makefile', 'GNUmakefile'], extensions: ['.mk'], aliases: ['Makefile'] })
languages.setMonarchTokensProvider('makefile', MAKEFILE_LANGUAGE)
languages.setLanguageConfiguration('makefile', { comments: { lineComment: '#' }, brackets: [['(', ')'], ['{', '}']] })
languages.register({ id: 'cmake', filenames: ['CMakeLists.txt'], extensions: ['.cmake'], aliases: ['CMake'] })
languages.setMonarchTokensProvider('cmake', CMAKE_LANGUAGE)
languages.setLanguageConfiguration('cmake', { comments: { lineComment: '#' }, brackets: [['(', ')']] })
languages.register({ id: 'json', extensions: ['.json'], aliases: ['JSON'] })
languages.setMonarchTokensProvider('json', JSON_LANGUAGE)
languages.setLanguageConfiguration('json', { brackets: [['{', '}'], ['[', ']']] })

export { monaco }
