/**
 * Standard base64 (RFC 4648 §4, with '=' padding) for weight data in project files. Framework-free: no
 * atob/btoa/Buffer. `decodeBase64` is strict and returns undefined for anything that is not canonical
 * base64 (bad characters, bad length, misplaced padding), so a corrupt file is reported, not guessed.
 */

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'
const LOOKUP = new Int16Array(128).fill(-1)
for (let i = 0; i < ALPHABET.length; i++) LOOKUP[ALPHABET.charCodeAt(i)] = i
/** Two base64 characters for each 12-bit value. */
const PAIRS: string[] = Array.from({ length: 4096 }, (_, n) => ALPHABET[n >> 6] + ALPHABET[n & 63])

export function encodeBase64(bytes: Uint8Array): string {
  const parts: string[] = []
  const whole = bytes.length - (bytes.length % 3)
  let chunk = ''
  for (let i = 0; i < whole; i += 3) {
    const n = (bytes[i] << 16) | (bytes[i + 1] << 8) | bytes[i + 2]
    chunk += PAIRS[n >> 12] + PAIRS[n & 4095]
    if (chunk.length >= 16384) { parts.push(chunk); chunk = '' }
  }
  if (whole < bytes.length) {
    const b0 = bytes[whole]
    const b1 = whole + 1 < bytes.length ? bytes[whole + 1] : 0
    chunk += ALPHABET[b0 >> 2] + ALPHABET[((b0 & 3) << 4) | (b1 >> 4)]
    chunk += whole + 1 < bytes.length ? `${ALPHABET[(b1 & 15) << 2]}=` : '=='
  }
  parts.push(chunk)
  return parts.join('')
}

export function decodeBase64(text: string): Uint8Array | undefined {
  if (text.length % 4 !== 0) return undefined
  let padding = 0
  if (text.endsWith('==')) padding = 2
  else if (text.endsWith('=')) padding = 1
  const out = new Uint8Array((text.length / 4) * 3 - padding)
  let o = 0
  for (let i = 0; i < text.length; i += 4) {
    const last = i + 4 === text.length
    const c0 = sextet(text, i)
    const c1 = sextet(text, i + 1)
    const c2 = last && padding === 2 ? 0 : sextet(text, i + 2)
    const c3 = last && padding >= 1 ? 0 : sextet(text, i + 3)
    if (c0 < 0 || c1 < 0 || c2 < 0 || c3 < 0) return undefined
    const n = (c0 << 18) | (c1 << 12) | (c2 << 6) | c3
    out[o++] = n >> 16
    if (o < out.length) out[o++] = (n >> 8) & 255
    if (o < out.length) out[o++] = n & 255
    // Canonical form: the bits dropped by padding must be zero.
    if (last && padding === 2 && (c1 & 15) !== 0) return undefined
    if (last && padding === 1 && (c2 & 3) !== 0) return undefined
  }
  return out
}

function sextet(text: string, i: number): number {
  const code = text.charCodeAt(i)
  return code < 128 ? LOOKUP[code] : -1
}
