import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import type { ProjectDoc } from '../../ir/project.ts'
import type { TensorData } from '../../ir/types.ts'
import {
  CURRENT_VERSION, MIGRATIONS, matchProject, openProject, parseProject, projectFormat, serializeProject,
} from './index.ts'

const asIs = (d: ProjectDoc): ProjectDoc => d
const bytesOf = (data: TensorData): number[] => [...new Uint8Array(data.buffer, data.byteOffset, data.byteLength)]

/** Float32 values that only survive if the bytes are copied: NaN with a payload, −0, a denormal, extremes. */
function trickyFloats(): Float32Array {
  const bits = new Uint32Array([0x7fc12345, 0x80000000, 0x00000001, 0x7f7fffff, 0xff800000, 0x3dcccccd])
  return new Float32Array(bits.buffer)
}

function sampleDoc(): ProjectDoc {
  return {
    name: 'round trip ✓',
    library: 'pow2-q7',
    targets: ['nucleo-f746zg', 'custom-board'],
    graph: {
      seed: 4242,
      nodes: [
        { id: 'a', op: 'Input', name: 'in', attrs: { shape: [8, 8, 2], mean: [3, -4], scale: 0.1 }, position: { x: -12.5, y: 0 } },
        {
          id: 'b', op: 'VendorMagicOp', name: 'imported thing', attrs: { mode: 'fast', gain: 1.5, on: false, taps: [1, -2, 3] },
          position: { x: 100, y: 220.25 },
          weights: {
            weights: { dtype: 'float32', shape: [2, 3], data: trickyFloats(), origin: 'imported' },
            bias: { dtype: 'int32', shape: [2], data: new Int32Array([-2147483648, 2147483647]), origin: 'imported',
              quant: { scale: [0.001, 0.002], zeroPoint: [0, 0], axis: 0 } },
            lut: { dtype: 'int16', shape: [4], data: new Int16Array([-32768, -1, 0, 32767]), origin: 'trained' },
            q: { dtype: 'int8', shape: [1, 1, 1, 3], data: new Int8Array([-128, 0, 127]), origin: 'seeded' },
            u: { dtype: 'uint8', shape: [0], data: new Uint8Array(0), origin: 'seeded' },
          },
          quant: { output: { scale: [0.0625], zeroPoint: [-3] } },
          source: { format: 'onnx', op: 'com.vendor.Magic', name: 'magic_1' },
        },
        { id: 'c', op: 'Add', name: 'sum', attrs: { activation: 'relu' }, position: { x: 0, y: 400 }, source: { format: 'tflite', op: 'ADD' } },
      ],
      edges: [
        { id: 'x1', source: 'a', target: 'b', targetPort: 0 },
        { id: 'x2', source: 'b', target: 'c', targetPort: 0 },
        { id: 'x3', source: 'a', target: 'c', targetPort: 1 },
      ],
    },
  }
}

describe('project file round trip', () => {
  it('serialize → parse deep-equals the document', () => {
    const doc = sampleDoc()
    const text = serializeProject(doc, { materializeWeights: asIs })
    expect(parseProject(text)).toEqual(doc)
  })

  it('keeps every weight byte, float32 NaN payloads and −0 included', () => {
    const doc = sampleDoc()
    const back = parseProject(serializeProject(doc, { materializeWeights: asIs }))
    const before = doc.graph.nodes[1].weights!
    const after = back.graph.nodes[1].weights!
    for (const name of Object.keys(before)) {
      expect(after[name].data.constructor).toBe(before[name].data.constructor)
      expect(bytesOf(after[name].data)).toEqual(bytesOf(before[name].data))
    }
    expect(bytesOf(after.weights.data)).toEqual([
      0x45, 0x23, 0xc1, 0x7f, 0, 0, 0, 0x80, 1, 0, 0, 0, 0xff, 0xff, 0x7f, 0x7f, 0, 0, 0x80, 0xff, 0xcd, 0xcc, 0xcc, 0x3d,
    ])
  })

  it('keeps unknown operator types and their attributes', () => {
    const back = parseProject(serializeProject(sampleDoc()))
    expect(back.graph.nodes[1].op).toBe('VendorMagicOp')
    expect(back.graph.nodes[1].attrs).toEqual({ mode: 'fast', gain: 1.5, on: false, taps: [1, -2, 3] })
  })

  it('writes the documented layout: format tag, version, little-endian base64 data, one-line number lists', () => {
    const text = serializeProject(sampleDoc(), { materializeWeights: asIs })
    const json = JSON.parse(text)
    expect(Object.keys(json)).toEqual(['format', 'version', 'name', 'library', 'targets', 'graph'])
    expect(json.format).toBe('tinyforge-project')
    expect(json.version).toBe(CURRENT_VERSION)
    expect(json.graph.nodes[1].weights.lut).toEqual({ dtype: 'int16', shape: [4], origin: 'trained', data: 'AID//wAA/38=' })
    expect(json.graph.nodes[1].weights.bias.quant).toEqual({ scale: [0.001, 0.002], zeroPoint: [0, 0], axis: 0 })
    expect(text).toContain('"shape": [8, 8, 2]')
    expect(text.endsWith('}\n')).toBe(true)
  })

  it('is deterministic and stable under re-serialization', () => {
    const text = serializeProject(sampleDoc())
    expect(serializeProject(sampleDoc())).toBe(text)
    expect(serializeProject(parseProject(text))).toBe(text)
  })

  it('accepts a UTF-8 byte-order mark', () => {
    const text = serializeProject(sampleDoc())
    expect(parseProject(`\ufeff${text}`)).toEqual(parseProject(text))
  })
})

describe('custom targets', () => {
  const board = { id: 'my-board', name: 'My board', core: 'cortex-m33', clockMHz: 160, sramBytes: 786432, flashBytes: 2097152 }

  it('round-trip with the project, with and without a stated power', () => {
    const doc: ProjectDoc = { ...sampleDoc(), targets: ['my-board'], customTargets: [board, { ...board, id: 'b2', activePowerMw: 12.5 }] }
    const text = serializeProject(doc, { materializeWeights: asIs })
    expect(JSON.parse(text).customTargets).toEqual([board, { ...board, id: 'b2', activePowerMw: 12.5 }])
    expect(parseProject(text)).toEqual(doc)
  })

  it('are omitted from the file when there are none, and a v2 file reads as having none', () => {
    const text = serializeProject(sampleDoc(), { materializeWeights: asIs })
    expect('customTargets' in JSON.parse(text)).toBe(false)
    const v2 = { ...JSON.parse(text), version: 2 }
    expect(parseProject(JSON.stringify(v2))).toEqual(parseProject(text))
    expect(parseProject(JSON.stringify(v2)).customTargets).toBeUndefined()
  })
})

describe('migrations', () => {
  const fixture = new URL('./fixtures/sensor-mlp-v1.tinyforge.json', import.meta.url)

  it('has one step per older version', () => {
    expect(CURRENT_VERSION).toBe(6)
    expect(Object.keys(MIGRATIONS).map(Number)).toEqual([1, 2, 3, 4, 5])
  })

  it('loads the committed v1 fixture: edges renamed, port defaulted, targets added, weights exact', () => {
    const doc = openProject(new Uint8Array(readFileSync(fixture)), 'sensor-mlp-v1.tinyforge.json')
    expect(doc.name).toBe('Sensor MLP (saved by TinyForge file format v1)')
    expect(doc.library).toBe('cmsis-nn')
    expect(doc.targets).toEqual([])
    expect(doc.graph.seed).toBe(7)
    expect(doc.graph.edges).toEqual([
      { id: 'e1', source: 'n1', target: 'n2', targetPort: 0 },
      { id: 'e2', source: 'n2', target: 'n3', targetPort: 0 },
    ])
    expect(doc.graph.nodes.map((n) => [n.id, n.op, n.name])).toEqual([
      ['n1', 'Input', 'features'], ['n2', 'FullyConnected', 'dense'], ['n3', 'Softmax', 'probabilities'],
    ])
    const w = doc.graph.nodes[1].weights!
    expect(w.weights.shape).toEqual([3, 4])
    expect(w.weights.origin).toBe('trained')
    expect(w.weights.data).toEqual(new Float32Array([0.5, -1.25, 0.1, 0.003, 2, -0.75, 1e-7, -3.5, 0.25, 0.125, -0.0625, 1.5]))
    expect(w.bias.data).toEqual(new Float32Array([0.01, -0.02, 0.03]))
  })

  it('saves a migrated v1 project as the current version that reads back equal', () => {
    const doc = parseProject(readFileSync(fixture, 'utf8'))
    const text = serializeProject(doc, { materializeWeights: asIs })
    expect(JSON.parse(text).version).toBe(6)
    expect(JSON.parse(text).graph.edges[0]).toEqual({ id: 'e1', source: 'n1', target: 'n2', targetPort: 0 })
    expect(parseProject(text)).toEqual(doc)
  })

  it('v1 → v2 does not mutate its input and keeps a v1 file that already has targets', () => {
    const v1 = { format: 'tinyforge-project', version: 1, targets: ['a'], graph: { edges: [{ id: 'e', from: 'x', to: 'y', port: 1 }] } }
    const copy = structuredClone(v1)
    expect(MIGRATIONS[1](v1)).toEqual({
      format: 'tinyforge-project', version: 2, targets: ['a'], graph: { edges: [{ id: 'e', source: 'x', target: 'y', targetPort: 1 }] },
    })
    expect(v1).toEqual(copy)
  })
})

describe('weight encodings (v5)', () => {
  const withEncoding = (encoding: unknown): ProjectDoc => {
    const doc = sampleDoc()
    const nodes = doc.graph.nodes.map((n) => (n.weights?.q ? { ...n, weights: { ...n.weights, q: { ...n.weights.q, encoding } } } : n))
    return { ...doc, graph: { ...doc.graph, nodes } } as ProjectDoc
  }

  it('round-trips a palettized and a sparse int8 tensor; a v4 file reads as dense', () => {
    for (const encoding of [{ kind: 'palette', clusters: 16 }, { kind: 'sparse' }]) {
      const doc = withEncoding(encoding)
      const text = serializeProject(doc, { materializeWeights: asIs })
      expect(JSON.parse(text).graph.nodes[1].weights.q.encoding).toEqual(encoding)
      expect(parseProject(text)).toEqual(doc)
    }
    const v4 = { ...JSON.parse(serializeProject(sampleDoc(), { materializeWeights: asIs })), version: 4 }
    expect(parseProject(JSON.stringify(v4))).toEqual(sampleDoc())
  })

  it('refuses an unknown cluster count or an encoding on a float tensor with one sentence', () => {
    const bad = JSON.parse(serializeProject(withEncoding({ kind: 'palette', clusters: 16 }), { materializeWeights: asIs }))
    bad.graph.nodes[1].weights.q.encoding.clusters = 5
    expect(() => parseProject(JSON.stringify(bad))).toThrow(/"clusters" must be one of 4, 8, 16, 64, 256, found the number 5/)
    bad.graph.nodes[1].weights.weights.encoding = { kind: 'sparse' }
    expect(() => parseProject(JSON.stringify(bad))).toThrow(/only allowed on int8 tensors, found on float32/)
  })
})

describe('int4 weights and per-layer precision (v6)', () => {
  const withInt4 = (): ProjectDoc => {
    const doc = sampleDoc()
    const nodes = doc.graph.nodes.map((n) => (n.weights?.q
      ? { ...n, precision: { weights: 'int4' }, weights: { ...n.weights, q: { ...n.weights.q, data: Int8Array.from(n.weights.q.data, (v) => Math.max(-8, Math.min(7, v))), encoding: { kind: 'int4' } } } }
      : n))
    return { ...doc, graph: { ...doc.graph, nodes } } as ProjectDoc
  }

  it('round-trips a node set to int4 with its int4-encoded weights; a v5 file reads unchanged', () => {
    const doc = withInt4()
    const text = serializeProject(doc, { materializeWeights: asIs })
    const json = JSON.parse(text)
    expect(json.version).toBe(6)
    expect(json.graph.nodes[1].precision).toEqual({ weights: 'int4' })
    expect(json.graph.nodes[1].weights.q.encoding).toEqual({ kind: 'int4' })
    expect(parseProject(text)).toEqual(doc)
    const v5 = { ...JSON.parse(serializeProject(sampleDoc(), { materializeWeights: asIs })), version: 5 }
    expect(parseProject(JSON.stringify(v5))).toEqual(sampleDoc())
  })

  it('refuses an unknown weight precision with one sentence', () => {
    const bad = JSON.parse(serializeProject(withInt4(), { materializeWeights: asIs }))
    bad.graph.nodes[1].precision = { weights: 'int2' }
    expect(() => parseProject(JSON.stringify(bad))).toThrow(/"precision.weights" must be int8 or int4, found the string "int2"/)
  })
})

describe('requantization rounding (v6)', () => {
  it("round-trips rounding 'single'; 'double' is the default and is not written; a v5 file reads as double", () => {
    const single: ProjectDoc = { ...sampleDoc(), rounding: 'single' }
    const text = serializeProject(single, { materializeWeights: asIs })
    expect(JSON.parse(text).rounding).toBe('single')
    expect(parseProject(text)).toEqual(single)
    const plain = serializeProject(sampleDoc(), { materializeWeights: asIs })
    expect('rounding' in JSON.parse(plain)).toBe(false)
    const v5 = { ...JSON.parse(plain), version: 5 }
    expect(MIGRATIONS[5](v5)).toEqual({ ...v5, version: 6 })
    expect(parseProject(JSON.stringify(v5))).toEqual(sampleDoc())
    expect(parseProject(JSON.stringify({ ...JSON.parse(plain), rounding: 'double' }))).toEqual(sampleDoc())
  })

  it('refuses another rounding with one sentence, and a v6 file in a v5 TinyForge is too new', () => {
    const bad = { ...JSON.parse(serializeProject(sampleDoc(), { materializeWeights: asIs })), rounding: 'half-even' }
    expect(() => parseProject(JSON.stringify(bad))).toThrow(/"rounding" must be "double" or "single" \(requantization rounding\), found the string "half-even"/)
    expect(JSON.parse(serializeProject(sampleDoc(), { materializeWeights: asIs })).version).toBe(6)
  })
})

describe('loader contract', () => {
  const encode = (s: string): Uint8Array => new TextEncoder().encode(s)

  it('matches by extension or by content', () => {
    expect(matchProject(new Uint8Array(0), 'My Net.TinyForge.json')).toBe(true)
    expect(matchProject(encode(serializeProject(sampleDoc())), 'download.json')).toBe(true)
    expect(matchProject(encode('\ufeff  {"format":"tinyforge-project"}'), 'x.txt')).toBe(true)
    expect(matchProject(encode('{"name":"pkg","version":"1.0.0"}'), 'package.json')).toBe(false)
    expect(matchProject(new Uint8Array([0x08, 0x08, 0x12, 0x07]), 'mnist.onnx')).toBe(false)
    expect(projectFormat.match).toBe(matchProject)
  })

  it('opens UTF-8 bytes', () => {
    const doc = sampleDoc()
    expect(openProject(encode(serializeProject(doc, { materializeWeights: asIs })), 'a.tinyforge.json')).toEqual(doc)
  })
})
