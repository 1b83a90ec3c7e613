/**
 * Graph problems shown on nodes and edges. Messages come from one table keyed by code, so the UI,
 * CLI and tests speak the same sentences.
 */

export type Severity = 'error' | 'warning' | 'info'

export interface Diagnostic {
  severity: Severity
  code: DiagnosticCode
  message: string
  nodeId?: string
  edgeId?: string
}

export const DIAGNOSTIC_TEXT = {
  'unknown-op': (op: string) => `unknown operator '${op}'; it cannot be estimated or exported`,
  'missing-input': (port: number) => `input ${port + 1} is not connected`,
  'extra-input': (port: number) => `input ${port + 1} is connected but the operator has no such input`,
  'duplicate-input': (port: number) => `input ${port + 1} has more than one connection`,
  'input-unknown': () => `input shape unknown (an upstream node has a problem)`,
  'bad-attr': (why: string) => why,
  'shape': (why: string) => why,
  'invalid': (why: string) => why,
  'cycle': () => `this node is part of a cycle; the graph must be acyclic`,
  'weights-shape': (name: string, have: string, need: string) =>
    `${name} has shape ${have} but the layer needs ${need}; re-import or re-initialise it`,
  'unsupported-op': (op: string, library: string) => `${library} has no kernel for ${op}`,
  'constraint': (why: string) => why,
  /** The node's activation element types (int8 / int16) have no kernel (ops/activation-dtype.ts). */
  'dtype': (why: string) => why,
  'no-input': () => `the graph has no Input node`,
  'no-output': () => `the graph has no output`,
  /** A note from a model importer (formats/): what was converted, approximated or left out. */
  'import': (why: string) => why,
} as const

export type DiagnosticCode = keyof typeof DIAGNOSTIC_TEXT

export function diagnostic<C extends DiagnosticCode>(
  severity: Severity,
  code: C,
  where: { nodeId?: string; edgeId?: string },
  ...args: Parameters<(typeof DIAGNOSTIC_TEXT)[C]>
): Diagnostic {
  const text = (DIAGNOSTIC_TEXT[code] as (...a: unknown[]) => string)(...args)
  return { severity, code, message: text, ...where }
}
