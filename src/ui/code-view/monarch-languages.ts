/**
 * Monarch grammars for files Monaco's lean build does not highlight: GNU Make (rules, assignments, $(…) references
 * and automatic variables, conditionals, recipes), CMake (commands, ${…} variables, quoted arguments, upper-case
 * keywords) and JSON (keys, strings, numbers, literals). Highlighting only, no validation: monaco-editor's JSON
 * language service would pull the whole editor's contributions and a 430 kB worker into a read-only view.
 */
import type { languages } from 'monaco-editor/editor/editor.api'

export const MAKEFILE_LANGUAGE: languages.IMonarchLanguage = {
  defaultToken: '',
  directives: ['ifeq', 'ifneq', 'ifdef', 'ifndef', 'else', 'endif', 'include', '-include', 'sinclude', 'define', 'endef',
    'export', 'unexport', 'override', 'vpath'],
  functions: ['call', 'wildcard', 'patsubst', 'subst', 'filter', 'filter-out', 'sort', 'dir', 'notdir', 'basename',
    'addprefix', 'addsuffix', 'foreach', 'if', 'or', 'and', 'shell', 'strip', 'findstring', 'word', 'words', 'error', 'warning', 'info'],
  tokenizer: {
    root: [
      // A recipe line: its tab is consumed first, so none of the line-start rules below applies to it.
      [/^\t/, ''],
      [/#.*$/, 'comment'],
      [/^(\s*)(-?[a-z]+)(?=\s|$)/, ['', { cases: { '@directives': 'keyword', '@default': '' } }]],
      [/^(\s*)([A-Za-z_][\w.-]*)(\s*)(:=|::=|\?=|\+=|!=|=)/, ['', 'variable', '', 'operator']],
      [/^([^\s:=#][^:=#]*?)(::?)(?!=)/, ['type', 'delimiter']],
      [/\$[@<^?*%+|]/, 'variable.predefined'],
      [/\$\$/, 'variable'],
      [/\$\(/, { token: 'variable', next: '@reference' }],
      [/\$\{/, { token: 'variable', next: '@braceReference' }],
      [/"[^"]*"|'[^']*'/, 'string'],
      [/\\$/, 'delimiter'],
    ],
    reference: [
      [/\)/, { token: 'variable', next: '@pop' }],
      [/\$\(/, { token: 'variable', next: '@push' }],
      [/\$[@<^?*%+|]/, 'variable.predefined'],
      [/[a-z][a-z-]*(?=\s)/, { cases: { '@functions': 'keyword', '@default': 'variable' } }],
      [/[^()$\s]+/, 'variable'],
      [/\s+/, ''],
      [/[$(]/, 'variable'],
    ],
    braceReference: [
      [/\}/, { token: 'variable', next: '@pop' }],
      [/[^}]+/, 'variable'],
    ],
  },
}

export const CMAKE_LANGUAGE: languages.IMonarchLanguage = {
  defaultToken: '',
  tokenizer: {
    root: [
      [/#.*$/, 'comment'],
      [/([A-Za-z_]\w*)(\s*)(\()/, ['keyword', '', 'delimiter.parenthesis']],
      [/\$\{/, { token: 'variable', next: '@variable' }],
      [/"/, { token: 'string', next: '@string' }],
      [/\b[A-Z][A-Z0-9_]+\b/, 'type'],
      [/\b\d+(\.\d+)*\b/, 'number'],
      [/[()]/, 'delimiter.parenthesis'],
    ],
    variable: [
      [/\}/, { token: 'variable', next: '@pop' }],
      [/\$\{/, { token: 'variable', next: '@push' }],
      [/[^}$]+/, 'variable'],
    ],
    string: [
      [/\$\{/, { token: 'variable', next: '@variable' }],
      [/\\./, 'string.escape'],
      [/"/, { token: 'string', next: '@pop' }],
      [/[^"$\\]+/, 'string'],
      [/\$/, 'string'],
    ],
  },
}

export const JSON_LANGUAGE: languages.IMonarchLanguage = {
  defaultToken: '',
  tokenizer: {
    root: [
      [/"(?:[^"\\]|\\.)*"(?=\s*:)/, 'string.key'],
      [/"(?:[^"\\]|\\.)*"/, 'string.value'],
      [/-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/, 'number'],
      [/\b(?:true|false|null)\b/, 'keyword'],
      [/[{}[\]]/, 'delimiter.bracket'],
      [/[,:]/, 'delimiter'],
    ],
  },
}
