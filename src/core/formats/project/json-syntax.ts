/**
 * Finds where a text stops being valid JSON (RFC 8259), so a bad file is reported with the same position
 * on every JavaScript engine (engines word JSON.parse errors differently, some without a position).
 * Iterative, so deeply nested input cannot overflow the stack. Positions are UTF-16 code-unit offsets.
 */

export interface JsonSyntaxProblem {
  /** Offset of the first character that cannot continue valid JSON (the text length at end of input). */
  position: number
  /** True when the text ended before the JSON value was complete (typically a truncated file). */
  endOfInput: boolean
  line: number
  column: number
}

type Mode = 'value' | 'valueOrEnd' | 'key' | 'keyOrEnd' | 'colon' | 'afterValue' | 'done'

/** The first syntax problem of `text`, or undefined when it is valid JSON. */
export function findJsonSyntaxProblem(text: string): JsonSyntaxProblem | undefined {
  const stack: ('{' | '[')[] = []
  let mode: Mode = 'value'
  let pos = 0
  const at = (p: number): JsonSyntaxProblem => problemAt(text, p)
  const afterValue = (): Mode => (stack.length === 0 ? 'done' : 'afterValue')

  for (;;) {
    while (pos < text.length && isWhitespace(text.charCodeAt(pos))) pos++
    if (pos >= text.length) return mode === 'done' ? undefined : at(pos)
    const c = text[pos]
    switch (mode) {
      case 'done':
        return at(pos)
      case 'colon':
        if (c !== ':') return at(pos)
        pos++
        mode = 'value'
        break
      case 'keyOrEnd':
      case 'key':
        if (mode === 'keyOrEnd' && c === '}') { stack.pop(); pos++; mode = afterValue(); break }
        if (c !== '"') return at(pos)
        pos = scanString(text, pos)
        if (pos < 0) return at(-pos - 1)
        mode = 'colon'
        break
      case 'afterValue': {
        const close = stack[stack.length - 1] === '{' ? '}' : ']'
        if (c === ',') { pos++; mode = close === '}' ? 'key' : 'value'; break }
        if (c !== close) return at(pos)
        stack.pop()
        pos++
        mode = afterValue()
        break
      }
      case 'value':
      case 'valueOrEnd': {
        if (mode === 'valueOrEnd' && c === ']') { stack.pop(); pos++; mode = afterValue(); break }
        if (c === '{' || c === '[') { stack.push(c); pos++; mode = c === '{' ? 'keyOrEnd' : 'valueOrEnd'; break }
        let end: number
        if (c === '"') end = scanString(text, pos)
        else if (c === '-' || isDigit(c)) end = scanNumber(text, pos)
        else end = scanLiteral(text, pos)
        if (end < 0) return at(-end - 1)
        pos = end
        mode = afterValue()
        break
      }
    }
  }
}

function problemAt(text: string, position: number): JsonSyntaxProblem {
  let line = 1
  let lineStart = 0
  for (let i = 0; i < position && i < text.length; i++) {
    if (text[i] === '\n') { line++; lineStart = i + 1 }
  }
  return { position, endOfInput: position >= text.length, line, column: position - lineStart + 1 }
}

// Scanners return the offset just past the token, or -(offset of the bad character) - 1.

function scanString(text: string, start: number): number {
  let i = start + 1
  while (i < text.length) {
    const code = text.charCodeAt(i)
    if (code === 0x22) return i + 1
    if (code < 0x20) return -i - 1
    if (code === 0x5c) {
      const e = text[i + 1]
      if (e === undefined) return -(i + 1) - 1
      if (e === 'u') {
        for (let k = 2; k < 6; k++) {
          if (i + k >= text.length) return -(i + k) - 1
          if (!/[0-9a-fA-F]/.test(text[i + k])) return -(i + k) - 1
        }
        i += 6
        continue
      }
      if (!'"\\/bfnrt'.includes(e)) return -(i + 1) - 1
      i += 2
      continue
    }
    i++
  }
  return -i - 1
}

function scanNumber(text: string, start: number): number {
  let i = start
  if (text[i] === '-') i++
  if (text[i] === '0') i++
  else if (isDigit(text[i])) while (isDigit(text[i])) i++
  else return -i - 1
  if (text[i] === '.') {
    i++
    if (!isDigit(text[i])) return -i - 1
    while (isDigit(text[i])) i++
  }
  if (text[i] === 'e' || text[i] === 'E') {
    i++
    if (text[i] === '+' || text[i] === '-') i++
    if (!isDigit(text[i])) return -i - 1
    while (isDigit(text[i])) i++
  }
  return i
}

function scanLiteral(text: string, start: number): number {
  for (const word of ['true', 'false', 'null']) {
    if (text[start] !== word[0]) continue
    for (let k = 1; k < word.length; k++) if (text[start + k] !== word[k]) return -(start + k) - 1
    return start + word.length
  }
  return -start - 1
}

function isDigit(c: string | undefined): boolean {
  return c !== undefined && c >= '0' && c <= '9'
}

function isWhitespace(code: number): boolean {
  return code === 0x20 || code === 0x09 || code === 0x0a || code === 0x0d
}
