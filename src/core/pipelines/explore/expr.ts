/**
 * Knob expressions of a family file: arithmetic over knob names, written as a string that starts with '='
 * (e.g. "=make_divisible(64 * width, 8)"); any other value of an attribute is taken literally.
 *
 * Grammar: expr := term (('+' | '-') term)*; term := unary (('*' | '/' | '%') unary)*; unary := '-' unary | atom;
 * atom := number | name | name '(' expr (',' expr)* ')' | '(' expr ')'.
 * Functions: round (half away from zero), floor, ceil, min, max, abs, and make_divisible(v, d) — MobileNet's channel
 * rounding: max(d, ⌊v + d/2⌋ rounded down to a multiple of d), raised by d when that loses more than 10 % of v.
 * A parse error or an unknown name throws ExprError with a sentence naming the expression.
 */

export class ExprError extends Error {}

type Node =
  | { kind: 'num'; value: number }
  | { kind: 'name'; name: string }
  | { kind: 'neg'; arg: Node }
  | { kind: 'bin'; op: string; left: Node; right: Node }
  | { kind: 'call'; fn: string; args: Node[] }

const FUNCTIONS: Readonly<Record<string, { arity: number | [number, number]; fn: (...a: number[]) => number }>> = {
  round: { arity: 1, fn: (x) => Math.sign(x) * Math.round(Math.abs(x)) },
  floor: { arity: 1, fn: Math.floor },
  ceil: { arity: 1, fn: Math.ceil },
  abs: { arity: 1, fn: Math.abs },
  min: { arity: [2, 8], fn: Math.min },
  max: { arity: [2, 8], fn: Math.max },
  make_divisible: { arity: 2, fn: makeDivisible },
}

export function makeDivisible(v: number, d: number): number {
  const rounded = Math.max(d, Math.floor(v + d / 2) - (Math.floor(v + d / 2) % d))
  return rounded < 0.9 * v ? rounded + d : rounded
}

const TOKEN = /\s*(?:(\d+(?:\.\d*)?(?:e[+-]?\d+)?|\.\d+)|([A-Za-z_][A-Za-z0-9_]*)|(.))/y

function tokenize(text: string): string[] {
  const tokens: string[] = []
  TOKEN.lastIndex = 0
  while (TOKEN.lastIndex < text.length) {
    const m = TOKEN.exec(text)
    if (!m) break
    const t = m[1] ?? m[2] ?? m[3]
    if (t !== undefined && t.trim() !== '') tokens.push(t)
  }
  return tokens
}

/** Parses an expression (without its leading '='). */
export function parseExpr(text: string): Node {
  const tokens = tokenize(text)
  let i = 0
  const fail = (why: string): never => { throw new ExprError(`expression '${text}': ${why}`) }
  const peek = () => tokens[i]
  const take = (t?: string) => {
    const tok = tokens[i++]
    if (t !== undefined && tok !== t) fail(`expected '${t}'${tok ? ` but found '${tok}'` : ' at the end'}`)
    return tok
  }
  function expr(): Node {
    let left = term()
    while (peek() === '+' || peek() === '-') left = { kind: 'bin', op: take(), left, right: term() }
    return left
  }
  function term(): Node {
    let left = unary()
    while (peek() === '*' || peek() === '/' || peek() === '%') left = { kind: 'bin', op: take(), left, right: unary() }
    return left
  }
  function unary(): Node {
    if (peek() === '-') { take(); return { kind: 'neg', arg: unary() } }
    return atom()
  }
  function atom(): Node {
    const t = take()
    if (t === undefined) return fail('it ends too early')
    if (t === '(') { const e = expr(); take(')'); return e }
    if (/^[\d.]/.test(t)) return { kind: 'num', value: Number(t) }
    if (/^[A-Za-z_]/.test(t)) {
      if (peek() !== '(') return { kind: 'name', name: t }
      take('(')
      const args = [expr()]
      while (peek() === ',') { take(); args.push(expr()) }
      take(')')
      const f = FUNCTIONS[t]
      if (!f) fail(`unknown function '${t}' (known: ${Object.keys(FUNCTIONS).join(', ')})`)
      const [lo, hi] = typeof f.arity === 'number' ? [f.arity, f.arity] : f.arity
      if (args.length < lo || args.length > hi) fail(`${t} takes ${lo === hi ? lo : `${lo}..${hi}`} arguments, got ${args.length}`)
      return { kind: 'call', fn: t, args }
    }
    return fail(`unexpected '${t}'`)
  }
  const node = expr()
  if (i < tokens.length) fail(`unexpected '${tokens[i]}'`)
  return node
}

/** The knob names an expression reads. */
export function exprNames(node: Node, out = new Set<string>()): Set<string> {
  switch (node.kind) {
    case 'name': out.add(node.name); break
    case 'neg': exprNames(node.arg, out); break
    case 'bin': exprNames(node.left, out); exprNames(node.right, out); break
    case 'call': node.args.forEach((a) => exprNames(a, out)); break
  }
  return out
}

export function evalExpr(node: Node, values: Readonly<Record<string, number>>, text = ''): number {
  switch (node.kind) {
    case 'num': return node.value
    case 'name': {
      const v = values[node.name]
      if (v === undefined) throw new ExprError(`expression '${text}': unknown knob '${node.name}'`)
      return v
    }
    case 'neg': return -evalExpr(node.arg, values, text)
    case 'bin': {
      const a = evalExpr(node.left, values, text)
      const b = evalExpr(node.right, values, text)
      if ((node.op === '/' || node.op === '%') && b === 0) throw new ExprError(`expression '${text}': division by zero`)
      return node.op === '+' ? a + b : node.op === '-' ? a - b : node.op === '*' ? a * b : node.op === '/' ? a / b : a % b
    }
    case 'call': return FUNCTIONS[node.fn].fn(...node.args.map((a) => evalExpr(a, values, text)))
  }
}

/** Whether an attribute value is an expression ('=…'). */
export const isExpr = (v: unknown): v is string => typeof v === 'string' && v.startsWith('=')

const CACHE = new Map<string, Node>()

/** Evaluates an '=…' expression with the knob values (parsed once per text). */
export function evaluate(text: string, values: Readonly<Record<string, number>>): number {
  let node = CACHE.get(text)
  if (!node) {
    node = parseExpr(text.slice(1))
    CACHE.set(text, node)
  }
  return evalExpr(node, values, text.slice(1))
}
