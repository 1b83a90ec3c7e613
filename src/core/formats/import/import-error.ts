/**
 * A model file that cannot be imported. `message` is one human sentence (no file name, no stack) shown
 * as is by the UI and the CLI; `kind` lets callers react without parsing the text. Graph problems that
 * still give a usable graph are never ImportErrors: they become report entries and diagnostics.
 */
export type ImportErrorKind =
  | 'empty' // no bytes
  | 'too-large' // the file itself exceeds what the importer reads
  | 'unknown-format' // no registered format recognises the content
  | 'truncated' // the file ends before the data its own structure points at
  | 'corrupt' // structurally invalid (bad protobuf wire data, offsets, counts)
  | 'absurd-shape' // a tensor claims a shape no microcontroller model can have
  | 'missing-tensor' // an operator reads a value that nothing defines (e.g. a missing initializer)
  | 'cycle' // operators depend on each other in a loop
  | 'no-graph' // decodes, but holds no graph to import
  | 'unsupported-file' // a valid file using a container feature the importer does not read
  | 'unknown-library' // the requested vendor library id does not exist

export class ImportError extends Error {
  readonly kind: ImportErrorKind

  constructor(kind: ImportErrorKind, message: string) {
    super(message)
    this.name = 'ImportError'
    this.kind = kind
  }
}

/** Largest element count a single tensor may claim (2^28 ≈ 268 M, i.e. ≥ 256 MiB of int8). */
export const MAX_TENSOR_ELEMENTS = 2 ** 28

/** Largest model file the importer reads (512 MiB). */
export const MAX_MODEL_BYTES = 512 * 2 ** 20

/**
 * Checks that `shape` is a list of whole dimensions ≥ 0 whose product stays within MAX_TENSOR_ELEMENTS;
 * throws the 'absurd-shape' ImportError naming the tensor otherwise. Returns the element count.
 */
export function checkTensorShape(what: string, shape: readonly number[]): number {
  let n = 1
  for (const d of shape) {
    if (!Number.isSafeInteger(d) || d < 0) {
      throw new ImportError('absurd-shape', `${what} has an invalid dimension ${d} in shape [${shape.join(', ')}]`)
    }
    n *= d
  }
  if (n > MAX_TENSOR_ELEMENTS) {
    throw new ImportError('absurd-shape',
      `${what} claims ${n.toExponential(2)} elements (shape [${shape.join(', ')}]), more than the ${MAX_TENSOR_ELEMENTS} a model may hold`)
  }
  return n
}
