/**
 * Safe C text from untrusted names and numbers. Everything that reaches generated C from a model (node names,
 * project names, a user's prefix) goes through these functions, so quotes, `*` `/`, newlines, trigraphs, unicode,
 * C keywords and duplicates can neither break the build nor inject code:
 * - identifiers keep [a-z0-9_] only, never start with a digit or an underscore + capital / double underscore
 *   (reserved), never equal a C keyword, and are made unique by the caller's index prefix;
 * - comment text keeps a conservative printable-ASCII set without `*`, `/`, `\` and `?` (no comment terminator,
 *   no line splice, no trigraph);
 * - numbers are emitted as decimal integer literals, INT32_MIN as `(-2147483647 - 1)`.
 */

const C_KEYWORDS = new Set([
  'auto', 'break', 'case', 'char', 'const', 'continue', 'default', 'do', 'double', 'else', 'enum', 'extern', 'float',
  'for', 'goto', 'if', 'inline', 'int', 'long', 'register', 'restrict', 'return', 'short', 'signed', 'sizeof', 'static',
  'struct', 'switch', 'typedef', 'union', 'unsigned', 'void', 'volatile', 'while', '_bool', '_complex', '_imaginary',
  'bool', 'true', 'false', 'main', 'asm', 'fortran', 'errno', 'assert', 'null', 'nullptr', 'class', 'new', 'delete',
  'this', 'template', 'typename', 'namespace', 'operator', 'private', 'public', 'protected', 'virtual', 'friend',
])

/** A lower-case C identifier fragment from any text: [a-z0-9_], at most `max` characters, never empty. */
export function cIdentifier(text: string, max = 24): string {
  const ascii = text.normalize('NFKD').replace(/[^\x00-\x7f]/g, '')
  let id = ascii.toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_+|_+$/g, '')
  if (id.length > max) id = id.slice(0, max).replace(/_+$/, '')
  if (id === '') id = 'x'
  if (/^[0-9]/.test(id)) id = `n${id}`
  return id
}

/**
 * The package prefix: a C identifier used for file names, functions and (upper-cased) macros. Keywords, names
 * the runtime or libc owns (tf_*, arm_*, std*, mem*) and reserved shapes are made safe by a `_model` suffix.
 */
export function cPrefix(text: string): string {
  const id = cIdentifier(text, 32)
  if (C_KEYWORDS.has(id) || /^(tf|arm|cmsis|board|std|mem|str|is|to|e|int|uint)(_|$)/.test(id)) return `${id}_model`
  return id
}

/** Text safe inside a C block comment and on one line: printable ASCII without * / \ ? (others become '_'). */
export function cCommentText(text: string, max = 120): string {
  const safe = text.normalize('NFKD').replace(/[^A-Za-z0-9 _.,:;()[\]{}+=#<>|&%$@!'"~^-]/g, '_')
  return safe.length > max ? `${safe.slice(0, max - 3)}...` : safe
}

/** A C string literal body safe for board_write(): printable ASCII without quotes, backslash and '?'. */
export function cStringText(text: string, max = 60): string {
  const safe = text.normalize('NFKD').replace(/[^A-Za-z0-9 _.,:;()[\]{}+=#<>|&%$@!~^-]/g, '_')
  return safe.length > max ? safe.slice(0, max) : safe
}

/** A decimal int32 literal (INT32_MIN spelled so that no constant overflows). */
export function cInt(value: number): string {
  if (!Number.isInteger(value) || value < -2147483648 || value > 2147483647) {
    throw new RangeError(`cInt: ${value} is not an int32`)
  }
  return value === -2147483648 ? '(-2147483647 - 1)' : String(value)
}

/** A float literal of a float32 value (9 significant digits round-trip), for documentation macros only. */
export function cFloat(value: number): string {
  const f = Math.fround(value)
  if (!Number.isFinite(f)) throw new RangeError(`cFloat: ${value} is not finite`)
  let text = f.toPrecision(9)
  if (!/[.e]/.test(text)) text += '.0'
  return `${text}f`
}

/** C element types of constant arrays; int64_t holds int32-range values (the 16x8 kernels' 64-bit bias). */
export type CElementType = 'int8_t' | 'uint8_t' | 'int16_t' | 'int32_t' | 'int64_t'

/**
 * `static const <type> <name>[n] <attrs> = { ... };` with `perLine` values per line. An empty array gets one
 * element (C forbids zero-length arrays); its length macro stays the caller's business.
 */
export function cArray(type: CElementType, name: string, values: ArrayLike<number>, options: { attrs?: string; perLine?: number;
  isConst?: boolean } = {}): string {
  const perLine = options.perLine ?? (type === 'int8_t' || type === 'uint8_t' ? 24 : 10)
  const n = values.length
  const lines: string[] = []
  for (let i = 0; i < n; i += perLine) {
    const row: string[] = []
    for (let j = i; j < Math.min(n, i + perLine); j++) row.push(cInt(values[j]))
    lines.push(`    ${row.join(', ')},`)
  }
  if (n === 0) lines.push('    0,')
  const attrs = options.attrs ? ` ${options.attrs}` : ''
  const qualifier = options.isConst === false ? 'static' : 'static const'
  return `${qualifier} ${type} ${name}[${Math.max(1, n)}]${attrs} = {\n${lines.join('\n')}\n};`
}

/**
 * A C99 initializer: numbers as int32 literals, strings as C expressions (trusted, generator-made), arrays
 * positionally, objects as designated initializers (`{.field = value}`; keys are the C field names).
 */
export function cInit(value: unknown): string {
  if (typeof value === 'number') return cInt(value)
  if (typeof value === 'string') return value
  if (Array.isArray(value)) return `{${value.map(cInit).join(', ')}}`
  if (value && typeof value === 'object') {
    return `{${Object.entries(value).map(([k, v]) => `.${k} = ${cInit(v)}`).join(', ')}}`
  }
  throw new TypeError(`cInit: cannot emit ${String(value)}`)
}
