import { describe, expect, it } from 'vitest'
import { mulberry32 } from '../../ir/seeded-init.ts'
import { decodeBase64, encodeBase64 } from './base64.ts'
import { findJsonSyntaxProblem } from './json-syntax.ts'

describe('base64', () => {
  it('matches RFC 4648 test vectors', () => {
    const vectors: [string, string][] = [['', ''], ['f', 'Zg=='], ['fo', 'Zm8='], ['foo', 'Zm9v'], ['foob', 'Zm9vYg=='],
      ['fooba', 'Zm9vYmE='], ['foobar', 'Zm9vYmFy']]
    for (const [plain, encoded] of vectors) {
      const bytes = new TextEncoder().encode(plain)
      expect(encodeBase64(bytes)).toBe(encoded)
      expect(decodeBase64(encoded)).toEqual(bytes)
    }
  })

  it('round-trips every byte value and long inputs', () => {
    const all = new Uint8Array(256 * 3 + 1).map((_, i) => i & 255)
    expect(encodeBase64(all)).toBe(Buffer.from(all).toString('base64'))
    expect(decodeBase64(encodeBase64(all))).toEqual(all)
  })

  it('rejects non-canonical text', () => {
    for (const bad of ['Zg', 'Zg=', 'Z===', 'Zh==', 'Zm9=', 'Zm9v\n', 'Zm 9', '====', 'Zg==Zg==', 'Zm9vY*==', 'Zé==']) {
      expect(decodeBase64(bad), bad).toBeUndefined()
    }
  })
})

describe('JSON syntax locator', () => {
  it('accepts what JSON.parse accepts and rejects what it rejects (mutation fuzz)', () => {
    const base = '{"a": [1, -2.5e+3, 0.25, true, false, null, "x\\u00e9\\n\\"y"], "b": {"c": [], "d": {}}, "e": -0}'
    expect(findJsonSyntaxProblem(base)).toBeUndefined()
    const alphabet = '{}[]:,"\\ 0123456789-+.eEtrufalsn\n'
    const next = mulberry32(5)
    for (let trial = 0; trial < 3000; trial++) {
      const chars = base.split('')
      const edits = 1 + Math.floor(next() * 3)
      for (let k = 0; k < edits; k++) {
        const at = Math.floor(next() * chars.length)
        const c = alphabet[Math.floor(next() * alphabet.length)]
        const kind = next()
        if (kind < 0.4) chars[at] = c
        else if (kind < 0.7) chars.splice(at, 1)
        else chars.splice(at, 0, c)
      }
      const text = chars.join('')
      let valid = true
      try { JSON.parse(text) } catch { valid = false }
      expect(findJsonSyntaxProblem(text) === undefined, text).toBe(valid)
    }
  })

  it('reports line, column and end of input', () => {
    expect(findJsonSyntaxProblem('{\n "a": tru }')).toEqual({ position: 11, endOfInput: false, line: 2, column: 10 })
    expect(findJsonSyntaxProblem('{"a": [1, 2')).toEqual({ position: 11, endOfInput: true, line: 1, column: 12 })
    expect(findJsonSyntaxProblem('[01]')).toEqual({ position: 2, endOfInput: false, line: 1, column: 3 })
  })
})
