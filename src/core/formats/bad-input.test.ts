/**
 * The bad-input corpus (Netron style): each case breaks one thing in a shared model, or feeds something
 * that is not a model, and states the exact ImportError kind and sentence expected — one line, no stack,
 * well within a second or two.
 */
import { describe, expect, it } from 'vitest'
import { mulberry32 } from '../ir/seeded-init.ts'
import type { ImportErrorKind } from './import/import-error.ts'
import { sharedBytes } from '../testing/import-test-data.ts'
import { ImportError, importModel } from './import-model.ts'
import { mutateModel } from '../testing/onnx-test-utils.ts'
import { operatorInputOffset, tensorBufferOffset, tensorDimOffset, withInt32 } from '../testing/tflite-test-utils.ts'

const MNIST = 'onnx/mnist-8/mnist-8.onnx'
const KWS = 'mlperf-tiny/kws_ref_model.tflite'
const VWW = 'mlperf-tiny/vww_96_int8.tflite'

function randomBytes(n: number, seed: number, first?: number): Uint8Array {
  const next = mulberry32(seed)
  const bytes = Uint8Array.from({ length: n }, () => Math.floor(next() * 256))
  if (first !== undefined) bytes[0] = first
  return bytes
}

const cut = (path: string, fraction: number) => {
  const bytes = sharedBytes(path)
  return bytes.slice(0, Math.floor(bytes.length * fraction))
}

const PNG = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52])
const text = (s: string) => new TextEncoder().encode(s)

interface BadCase {
  name: string
  file: string
  bytes: () => Uint8Array
  kind: ImportErrorKind
  message: string
}

const CASES: BadCase[] = [
  { name: 'empty .onnx', file: 'model.onnx', bytes: () => new Uint8Array(0), kind: 'empty', message: 'the file is empty' },
  { name: 'empty .tflite', file: 'model.tflite', bytes: () => new Uint8Array(0), kind: 'empty', message: 'the file is empty' },
  {
    name: 'random bytes named .onnx', file: 'random.onnx', bytes: () => randomBytes(4096, 1), kind: 'unknown-format',
    message: 'the file is named .onnx but is not an ONNX model',
  },
  {
    name: 'random bytes named .tflite', file: 'random.tflite', bytes: () => randomBytes(4096, 2), kind: 'unknown-format',
    message: 'the file is named .tflite but is not a TFLite model',
  },
  {
    name: 'random bytes without extension', file: 'random.bin', bytes: () => randomBytes(4096, 3), kind: 'unknown-format',
    message: 'not a TFLite or ONNX model',
  },
  {
    name: 'random bytes that start like an ONNX graph field', file: 'random.onnx', bytes: () => randomBytes(4096, 4, 0x3a),
    kind: 'truncated', message: 'the ONNX model is truncated: its protobuf data runs past the end of the file (4096 bytes)',
  },
  {
    name: 'random bytes carrying the TFLite identifier', file: 'random.tflite', kind: 'truncated',
    bytes: () => { const b = randomBytes(4096, 5); b.set(text('TFL3'), 4); return b },
    message: 'the TFLite file is truncated or corrupt: an offset points to byte -1623669328, outside the 4096-byte file',
  },
  {
    name: 'a PNG image named .tflite', file: 'photo.tflite', bytes: () => PNG, kind: 'unknown-format',
    message: 'the file is named .tflite but is not a TFLite model; it is a PNG image',
  },
  {
    name: 'a project file named .onnx', file: 'design.onnx', bytes: () => text('{"format": "tinyforge-project", "version": 2}'),
    kind: 'unknown-format', message: 'the file is named .onnx but is not an ONNX model; it is a TinyForge project (open it with File › Open instead)',
  },
  {
    name: 'a text file named .onnx', file: 'notes.onnx', bytes: () => text('hello, this is not a network\n'), kind: 'unknown-format',
    message: 'the file is named .onnx but is not an ONNX model; it is a text file',
  },
  {
    name: 'mnist-8 cut in half', file: 'mnist-8.onnx', bytes: () => cut(MNIST, 0.5), kind: 'truncated',
    message: 'the ONNX model is truncated: its protobuf data runs past the end of the file (13227 bytes)',
  },
  {
    name: 'vww int8 cut in half', file: 'vww_96_int8.tflite', bytes: () => cut(VWW, 0.5), kind: 'truncated',
    message: 'the TFLite file is truncated or corrupt: an offset points to byte 220416, outside the 166644-byte file',
  },
  {
    name: 'kws cut to its first 64 bytes', file: 'kws.tflite', bytes: () => cut(KWS, 64 / 53936), kind: 'truncated',
    message: 'the TFLite file is truncated or corrupt: an offset points to byte 25280, outside the 64-byte file',
  },
  {
    name: 'an ONNX weight claiming 1e12 elements', file: 'mnist-8.onnx', kind: 'absurd-shape',
    bytes: () => mutateModel(sharedBytes(MNIST), (m) => {
      m.graph.initializer.find((t: { name: string }) => t.name === 'Parameter87').dims = [1000000, 1000000]
    }),
    message: "initializer 'Parameter87' claims 1.00e+12 elements (shape [1000000, 1000000]), more than the 268435456 a model may hold",
  },
  {
    name: 'an ONNX input of 1e5 × 1e5 pixels', file: 'mnist-8.onnx', kind: 'absurd-shape',
    bytes: () => mutateModel(sharedBytes(MNIST), (m) => {
      const dims = m.graph.input[0].type.tensor_type.shape.dim
      dims[2].dim_value = 100000
      dims[3].dim_value = 100000
    }),
    message: "input 'Input3' claims 1.00e+10 elements (shape [1, 1, 100000, 100000]), more than the 268435456 a model may hold",
  },
  {
    name: 'a TFLite tensor claiming 1e12 elements', file: 'kws.tflite', kind: 'absurd-shape',
    bytes: () => {
      const bytes = sharedBytes(KWS)
      return withInt32(withInt32(bytes, tensorDimOffset(bytes, 0, 1), 1000000), tensorDimOffset(bytes, 0, 2), 1000000)
    },
    message: "tensor 'input_1' claims 1.00e+12 elements (shape [1, 1000000, 1000000, 1]), more than the 268435456 a model may hold",
  },
  {
    name: 'an ONNX weight whose data does not match its shape', file: 'mnist-8.onnx', kind: 'corrupt',
    bytes: () => mutateModel(sharedBytes(MNIST), (m) => {
      m.graph.initializer.find((t: { name: string }) => t.name === 'Parameter5').dims = [8, 1, 5, 6]
    }),
    message: "initializer 'Parameter5' holds 200 values but its shape [8, 1, 5, 6] needs 240",
  },
  {
    name: 'a cycle in the ONNX graph', file: 'mnist-8.onnx', kind: 'cycle',
    bytes: () => mutateModel(sharedBytes(MNIST), (m) => {
      m.graph.node.find((n: { name: string }) => n.name === 'Convolution28').input[0] = 'ReLU114_Output_0'
    }),
    message: "the graph has a cycle through Conv 'Convolution28': it depends on its own output",
  },
  {
    name: 'a cycle in the TFLite graph', file: 'kws.tflite', kind: 'cycle',
    bytes: () => {
      const bytes = sharedBytes(KWS)
      return withInt32(bytes, operatorInputOffset(bytes, 0, 0), 24) // tensor 24 is the output of operator 2
    },
    message: 'the graph has a cycle through operator 0 (CONV_2D): it depends on its own output',
  },
  {
    name: 'a missing ONNX initializer', file: 'mnist-8.onnx', kind: 'missing-tensor',
    bytes: () => mutateModel(sharedBytes(MNIST), (m) => {
      m.graph.initializer = m.graph.initializer.filter((t: { name: string }) => t.name !== 'Parameter87')
      m.graph.input = m.graph.input.filter((v: { name: string }) => v.name !== 'Parameter87')
    }),
    message: "Conv 'Convolution110' reads 'Parameter87', which no initializer, graph input or node defines (a missing initializer?)",
  },
  {
    name: 'a TFLite weight tensor whose buffer was emptied', file: 'kws.tflite', kind: 'missing-tensor',
    bytes: () => {
      const bytes = sharedBytes(KWS)
      return withInt32(bytes, tensorBufferOffset(bytes, 17), 0)
    },
    message: "operator 0 (CONV_2D) reads tensor 'functional_1/conv2d/Conv2D', which no operator produces and which holds no data",
  },
  {
    name: 'a TFLite buffer index out of range', file: 'kws.tflite', kind: 'corrupt',
    bytes: () => {
      const bytes = sharedBytes(KWS)
      return withInt32(bytes, tensorBufferOffset(bytes, 17), 999)
    },
    message: "tensor 'functional_1/conv2d/Conv2D' refers to buffer 999, but the model has 37 buffers",
  },
  {
    name: 'an ONNX model without a graph', file: 'empty-graph.onnx', kind: 'no-graph',
    bytes: () => mutateModel(sharedBytes(MNIST), (m) => { delete m.graph }),
    message: 'the ONNX model has no graph nodes to import',
  },
]

describe('bad model files give one typed sentence each', () => {
  it.each(CASES)('$name', ({ file, bytes, kind, message }) => {
    const data = bytes()
    const start = performance.now()
    let error: unknown
    try {
      importModel(data, file)
    } catch (err) {
      error = err
    }
    const elapsed = performance.now() - start
    expect(error).toBeInstanceOf(ImportError)
    const e = error as ImportError
    expect({ kind: e.kind, message: e.message }).toEqual({ kind, message })
    expect(e.message).not.toMatch(/\n/)
    expect(elapsed).toBeLessThan(2000)
  })

  // Random corruption anywhere in a real model: the import either succeeds or throws ImportError, never
  // anything else, and always quickly.
  it.each([[KWS, 'kws.tflite'], [VWW, 'vww.tflite'], [MNIST, 'mnist-8.onnx'], ['onnx/mnist_pytorch/pytorch.onnx', 'mlp.onnx']])(
    '%s with random bytes overwritten never fails untyped', (path, file) => {
      const original = sharedBytes(path)
      for (let seed = 1; seed <= 40; seed++) {
        const next = mulberry32(seed)
        const bytes = original.slice()
        for (let k = 0; k < 8; k++) bytes[Math.floor(next() * bytes.length)] = Math.floor(next() * 256)
        const start = performance.now()
        try {
          importModel(bytes, file)
        } catch (err) {
          if (!(err instanceof ImportError)) throw new Error(`seed ${seed}: ${String(err)}`)
          expect(err.message).not.toMatch(/\n/)
        }
        expect(performance.now() - start).toBeLessThan(2000)
      }
    })

  it('an unknown library is a typed error too', () => {
    expect(() => importModel(sharedBytes(KWS), 'kws.tflite', { library: 'nope' }))
      .toThrow(new ImportError('unknown-library', "unknown library 'nope' (known: cmsis-nn, pow2-q7)"))
  })

  it('a model behind the wrong model extension imports by its content, with a warning', () => {
    const { report } = importModel(sharedBytes(MNIST), 'mnist-8.tflite')
    expect(report.format).toBe('onnx')
    expect(report.diagnostics[0]).toEqual({
      severity: 'warning', code: 'import', message: 'the file is named .tflite but holds an ONNX model; it was imported as such',
    })
  })
})
