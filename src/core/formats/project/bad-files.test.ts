/**
 * Bad project files and the exact sentence each must produce. Text cases are parsed as they are; JSON
 * cases start from a small valid v2 file and break one thing.
 */
import { describe, expect, it } from 'vitest'
import { mulberry32 } from '../../ir/seeded-init.ts'
import { ProjectFileError, openProject, parseProject } from './index.ts'

type Json = Record<string, any> // test fixtures are broken on purpose, so untyped

function validFile(): Json {
  return {
    format: 'tinyforge-project',
    version: 2,
    name: 'ok',
    library: 'cmsis-nn',
    targets: [],
    graph: {
      seed: 1,
      nodes: [
        { id: 'n1', op: 'Input', name: 'in', attrs: { shape: [3] }, position: { x: 0, y: 0 } },
        { id: 'n2', op: 'FullyConnected', name: 'fc', attrs: { units: 3 }, position: { x: 0, y: 100 } },
        {
          id: 'n3', op: 'Conv2D', name: 'conv', attrs: { filters: 3 }, position: { x: 0, y: 200 },
          // 9 float32 zeros
          weights: { weights: { dtype: 'float32', shape: [3, 3], origin: 'imported', data: 'A'.repeat(48) } },
        },
      ],
      edges: [
        { id: 'e1', source: 'n1', target: 'n2', targetPort: 0 },
        { id: 'e2', source: 'n2', target: 'n3', targetPort: 0 },
      ],
    },
  }
}

function errorOf(run: () => unknown): ProjectFileError {
  try {
    run()
  } catch (err) {
    if (err instanceof ProjectFileError) return err
    throw err
  }
  throw new Error('expected a ProjectFileError, but the file was accepted')
}

const TEXT_CASES: [name: string, text: string, kind: string, message: string][] = [
  ['empty string', '', 'empty', 'the file is empty, not a TinyForge project'],
  ['only whitespace', ' \n\t ', 'empty', 'the file is empty, not a TinyForge project'],
  ['plain text', 'hello', 'not-json', 'not valid JSON at position 0 (line 1, column 1)'],
  ['syntax error on line 3', '{\n  "format": "tinyforge-project",\n  "version": 2,,\n}', 'not-json',
    'not valid JSON at position 50 (line 3, column 16)'],
  ['trailing garbage', '{"format": "tinyforge-project"} x', 'not-json', 'not valid JSON at position 32 (line 1, column 33)'],
  ['unterminated string', '{"format": "tinyforge-', 'not-json',
    'not valid JSON: the text ends unexpectedly at position 22 (is the file truncated?)'],
  ['JSON array', '[1, 2, 3]', 'not-project', 'not a TinyForge project file (expected a JSON object, found a list)'],
  ['JSON string', '"tinyforge-project"', 'not-project',
    'not a TinyForge project file (expected a JSON object, found the string "tinyforge-project")'],
  ['package.json of another tool', '{"name": "my-app", "version": "1.0.0", "dependencies": {"react": "19"}}', 'not-project',
    'not a TinyForge project file (missing "format": "tinyforge-project")'],
  ['ONNX model as JSON', '{"irVersion": "8", "producerName": "pytorch", "graph": {"node": []}, "opsetImport": [{"version": "17"}]}',
    'not-project', 'not a TinyForge project file (missing "format": "tinyforge-project")'],
  ['another tool with a format tag', '{"format": "graph-model", "modelTopology": {}}', 'not-project',
    'not a TinyForge project file ("format" is "graph-model", expected "tinyforge-project")'],
]

const JSON_CASES: [name: string, breakIt: (f: Json) => void, kind: string, message: string][] = [
  ['newer version', (f) => { f.version = 9 }, 'too-new', 'project file is version 9, newer than this TinyForge (6)'],
  ['version as a string', (f) => { f.version = '2' }, 'corrupt',
    'corrupt project file: "version" must be a whole number ≥ 1, found the string "2"'],
  ['version 0', (f) => { f.version = 0 }, 'corrupt', 'corrupt project file: "version" must be a whole number ≥ 1, found the number 0'],
  ['missing version', (f) => { delete f.version }, 'corrupt', 'corrupt project file: "version" must be a whole number ≥ 1, found nothing'],
  ['custom targets not a list', (f) => { f.customTargets = { id: 'x' } }, 'corrupt',
    'corrupt project file: "customTargets" must be a list of boards, found an object'],
  ['custom target with an unknown core', (f) => {
    f.customTargets = [{ id: 'b1', name: 'Board', core: 'cortex-m9', clockMHz: 64, sramBytes: 65536, flashBytes: 262144 }]
  }, 'corrupt', "corrupt project file: custom target 1: unknown core 'cortex-m9'; expected one of cortex-m0plus, cortex-m3, cortex-m4, cortex-m7, cortex-m33, cortex-m55, cortex-m85, esp32-s3, riscv32"],
  ['custom target id used twice', (f) => {
    const b = { id: 'b1', name: 'Board', core: 'cortex-m4', clockMHz: 64, sramBytes: 65536, flashBytes: 262144 }
    f.customTargets = [b, { ...b, name: 'Other' }]
  }, 'corrupt', "corrupt project file: custom target id 'b1' is used twice"],
  ['name is a number', (f) => { f.name = 42 }, 'corrupt', 'corrupt project file: "name" must be a string, found the number 42'],
  ['empty library', (f) => { f.library = '' }, 'corrupt',
    'corrupt project file: "library" must be a library id such as "cmsis-nn", found the string ""'],
  ['targets of numbers', (f) => { f.targets = [1, 2] }, 'corrupt', 'corrupt project file: "targets" must be a list of target ids, found a list'],
  ['graph missing', (f) => { delete f.graph }, 'corrupt', 'corrupt project file: "graph" must be an object, found nothing'],
  ['fractional seed', (f) => { f.graph.seed = 1.5 }, 'corrupt', 'corrupt project file: "graph.seed" must be a whole number, found the number 1.5'],
  ['nodes is an object', (f) => { f.graph.nodes = {} }, 'corrupt', 'corrupt project file: "graph.nodes" must be a list, found an object'],
  ['node is null', (f) => { f.graph.nodes[1] = null }, 'corrupt', 'corrupt project file: graph.nodes[1] must be an object, found null'],
  ['node id is a number', (f) => { f.graph.nodes[2].id = 3 }, 'corrupt',
    'corrupt project file: graph.nodes[2] "id" must be a non-empty string, found the number 3'],
  ['op missing', (f) => { delete f.graph.nodes[1].op }, 'corrupt',
    'corrupt project file: node \'n2\' "op" must be an operator type such as "Conv2D", found nothing'],
  ['position.x is a string', (f) => { f.graph.nodes[0].position.x = '10' }, 'corrupt',
    'corrupt project file: node \'n1\' "position.x" must be a number, found the string "10"'],
  ['attribute is null', (f) => { f.graph.nodes[1].attrs.units = null }, 'corrupt',
    'corrupt project file: node \'n2\' attribute "units" must be a number, string, true/false or a list of numbers, found null'],
  ['attribute list of strings', (f) => { f.graph.nodes[0].attrs.shape = ['3'] }, 'corrupt',
    'corrupt project file: node \'n1\' attribute "shape" must be a number, string, true/false or a list of numbers, found a list'],
  ['duplicate node id', (f) => { f.graph.nodes[2].id = 'n2' }, 'corrupt', 'corrupt project file: node id \'n2\' is used twice'],
  ['duplicate edge id', (f) => { f.graph.edges[1].id = 'e1' }, 'corrupt', 'corrupt project file: edge id \'e1\' is used twice'],
  ['edge to a missing node', (f) => { f.graph.edges[1].target = 'n9' }, 'corrupt',
    'corrupt project file: edge \'e2\' goes to node \'n9\', which does not exist'],
  ['edge from a missing node', (f) => { f.graph.edges[0].source = 'ghost' }, 'corrupt',
    'corrupt project file: edge \'e1\' comes from node \'ghost\', which does not exist'],
  ['negative port', (f) => { f.graph.edges[0].targetPort = -1 }, 'corrupt',
    'corrupt project file: edge \'e1\' "targetPort" must be a whole number ≥ 0, found the number -1'],
  ['v1 edge fields in a v2 file', (f) => { f.graph.edges[0] = { id: 'e1', from: 'n1', to: 'n2', port: 0 } }, 'corrupt',
    'corrupt project file: edge \'e1\' "source" must be a node id, found nothing'],
  ['weights data one value too long', (f) => { f.graph.nodes[2].weights.weights.data = 'A'.repeat(52) + 'AA==' }, 'corrupt',
    'corrupt project file: node \'n3\' weights data length 10 does not match shape 3×3'],
  ['weights data not a whole float count', (f) => { f.graph.nodes[2].weights.weights.data = 'AAAA' }, 'corrupt',
    'corrupt project file: node \'n3\' weights data is 3 bytes, not a whole number of 4-byte float32 values'],
  ['weights data not base64', (f) => { f.graph.nodes[2].weights.weights.data = 'AAA*' }, 'corrupt',
    'corrupt project file: node \'n3\' weights data is not valid base64'],
  ['weights dtype float64', (f) => { f.graph.nodes[2].weights.weights.dtype = 'float64' }, 'corrupt',
    'corrupt project file: node \'n3\' weights "dtype" must be one of float32, int8, uint8, int16, int32, found the string "float64"'],
  ['weights shape negative', (f) => { f.graph.nodes[2].weights.weights.shape = [3, -3] }, 'corrupt',
    'corrupt project file: node \'n3\' weights "shape" must be a list of whole numbers ≥ 0, found a list'],
  ['weights origin unknown', (f) => { f.graph.nodes[2].weights.weights.origin = 'magic' }, 'corrupt',
    'corrupt project file: node \'n3\' weights "origin" must be one of seeded, imported, trained, found the string "magic"'],
  ['weights quant lengths differ', (f) => { f.graph.nodes[2].weights.weights.quant = { scale: [1, 2, 3], zeroPoint: [0] } }, 'corrupt',
    'corrupt project file: node \'n3\' weights "quant" has 3 scales but 1 zero points'],
  ['weights quant axis out of range', (f) => { f.graph.nodes[2].weights.weights.quant = { scale: [1], zeroPoint: [0], axis: 2 } }, 'corrupt',
    'corrupt project file: node \'n3\' weights "quant" "axis" must be a whole number from 0 to 1, found the number 2'],
  ['node quant without output', (f) => { f.graph.nodes[1].quant = {} }, 'corrupt',
    'corrupt project file: node \'n2\' "quant.output" must be an object, found nothing'],
  ['source without op', (f) => { f.graph.nodes[1].source = { format: 'onnx' } }, 'corrupt',
    'corrupt project file: node \'n2\' "source.op" must be a string, found nothing'],
]

describe('bad project files', () => {
  it('the base file is valid', () => {
    expect(parseProject(JSON.stringify(validFile())).graph.nodes).toHaveLength(3)
  })

  it.each(TEXT_CASES)('%s', (_name, text, kind, message) => {
    const err = errorOf(() => parseProject(text))
    expect(err.message).toBe(message)
    expect(err.kind).toBe(kind)
  })

  it.each(JSON_CASES)('%s', (_name, breakIt, kind, message) => {
    const file = validFile()
    breakIt(file)
    const err = errorOf(() => parseProject(JSON.stringify(file, null, 2)))
    expect(err.message).toBe(message)
    expect(err.kind).toBe(kind)
  })

  it('truncated file', () => {
    const text = JSON.stringify(validFile(), null, 2)
    const cut = text.slice(0, 301)
    expect(errorOf(() => parseProject(cut)).message)
      .toBe('not valid JSON: the text ends unexpectedly at position 301 (is the file truncated?)')
  })

  it('random bytes', () => {
    const next = mulberry32(99)
    const bytes = new Uint8Array(512).map(() => Math.floor(next() * 256))
    const err = errorOf(() => openProject(bytes, 'noise.bin'))
    expect(err.message).toBe('noise.bin is not a TinyForge project file (binary data, not UTF-8 text)')
    expect(err.kind).toBe('not-text')
    expect(errorOf(() => openProject(new Uint8Array(0), 'zero.tinyforge.json')).message)
      .toBe('zero.tinyforge.json is empty, not a TinyForge project')
  })

  it('deeply nested JSON is reported, not a stack overflow', () => {
    const text = '['.repeat(200000)
    expect(errorOf(() => parseProject(text)).message)
      .toBe('not valid JSON: the text ends unexpectedly at position 200000 (is the file truncated?)')
  })
})
