/**
 * Export commands through the store, as the Export dialog drives them: prefix rules, the generator's refusals per
 * library, the package with the dialog's options, the zip, and library switches only to a valid library.
 */
import { describe, expect, it } from 'vitest'
import { templateGraph } from '../core/testing/c-fixtures.ts'
import { unzipPackage } from '../core/codegen/c/zip-package.ts'
import { decodeOnnxModel } from '../core/formats/onnx/onnx-proto.ts'
import type { ProjectDoc } from '../core/ir/project.ts'
import { planGraphMemory } from '../core/plan/plan-graph.ts'
import { templateById } from '../core/templates/index.ts'
import { CMSIS_NN } from '../core/vendors/cmsis-nn/index.ts'
import { POW2_Q7 } from '../core/vendors/pow2-q7/index.ts'
import type { JobRunner } from '../workers/jobs.ts'
import { createInProcessRunner } from '../workers/in-process-runner.ts'
import { decodePngBlob } from '../workers/test-fixtures.ts'
import { createEditorStore } from './editor-store.ts'
import type { EditorStore } from './editor-store.ts'
import {
  buildCPackage, checkLibrary, chooseExportLibrary, cPackageZip, defaultPrefix, effectivePrefix, onnxExportFile, prefixProblem,
  requestCPackage,
} from './export-commands.ts'
import { selectCPackageJob } from './jobs-slice.ts'
import { DEFAULT_EXPORT_SETTINGS } from './export-slice.ts'

const FLOAT_DIGITS = templateById('digits-cnn')!.build().graph
const S8_DIGITS = templateGraph('digits-cnn', 's8')
const POW2_DIGITS = templateGraph('digits-cnn', 'pow2')
const doc = (graph = S8_DIGITS, library = 'cmsis-nn'): ProjectDoc => ({ name: 'Digits CNN', library, graph, targets: [] })

const UNQUANTIZED = ['image (Input)', 'conv1 (Conv2D)', 'pool1 (MaxPool2D)', 'conv2 (Conv2D)', 'pool2 (MaxPool2D)', 'flatten (Flatten)',
  'logits (FullyConnected)', 'probabilities (Softmax)'].map((n) => `${n}: is not quantized (no output quantization); quantize the graph first`)

describe('prefix', () => {
  it('defaults to the project name as a C identifier', () => {
    expect(defaultPrefix('Digits CNN')).toBe('digits_cnn')
    expect(defaultPrefix('  ')).toBe('model')
    expect(defaultPrefix('int')).toBe('int_model')
    expect(effectivePrefix(DEFAULT_EXPORT_SETTINGS, 'KWS v2')).toBe('kws_v2')
    expect(effectivePrefix({ ...DEFAULT_EXPORT_SETTINGS, prefix: 'mine' }, 'KWS v2')).toBe('mine')
  })

  it('accepts a C identifier as typed and explains anything else with a valid suggestion', () => {
    expect(prefixProblem('digits_cnn')).toBeNull()
    expect(prefixProblem('m4')).toBeNull()
    expect(prefixProblem('')).toBe('Enter a prefix: a C identifier such as model.')
    expect(prefixProblem('Digits CNN')).toBe('Use lower-case letters, digits and _, starting with a letter (e.g. digits_cnn).')
    expect(prefixProblem('9lives')).toBe('Use lower-case letters, digits and _, starting with a letter (e.g. n9lives).')
    expect(prefixProblem('*/ x')).toBe('Use lower-case letters, digits and _, starting with a letter (e.g. x).')
    expect(prefixProblem('int')).toBe('int is a C keyword or a name the runtime or C library owns (e.g. int_model).')
    expect(prefixProblem('tf_net')).toBe('tf_net is a C keyword or a name the runtime or C library owns (e.g. tf_net_model).')
    expect(prefixProblem('a__b')).toBe('Use single underscores between words and none at the end (e.g. a_b).')
    expect(prefixProblem('net_')).toBe('Use single underscores between words and none at the end (e.g. net).')
    expect(prefixProblem('x'.repeat(33))).toBe('At most 32 characters (this one has 33).')
    expect(prefixProblem('x'.repeat(32))).toBeNull()
  })
})

describe('checkLibrary', () => {
  it('lists every reason of the generator and passes a graph quantized for the library', () => {
    expect(checkLibrary(FLOAT_DIGITS, CMSIS_NN)).toEqual({ ok: false, reasons: UNQUANTIZED })
    expect(checkLibrary(S8_DIGITS, POW2_Q7)).toEqual({ ok: false, reasons: ['image (Input): Input tensor must have zero point 0 in the pow2 scheme'] })
    expect(checkLibrary(POW2_DIGITS, CMSIS_NN)).toEqual({ ok: false, reasons: ['conv1 (Conv2D): Conv2D bias is int8; this scheme needs an int32 bias'] })
    expect(checkLibrary(S8_DIGITS, CMSIS_NN).ok).toBe(true)
    expect(checkLibrary(POW2_DIGITS, POW2_Q7).ok).toBe(true)
  })
})

describe('buildCPackage', () => {
  it('generates the package with the prefix, test vectors and figures of the dialog', () => {
    const built = buildCPackage(doc(), 'digits_cnn', { vectors: 5, seed: 7 })
    if (built.kind !== 'ready') throw new Error(built.reasons.join('; '))
    const paths = [...built.files.keys()]
    expect(paths.filter((p) => !p.startsWith('runtime/') && !p.startsWith('board/')).sort()).toEqual([
      'CMakeLists.txt', 'Makefile', 'README.md', 'examples/main.c', 'examples/test_vectors.h', 'include/digits_cnn.h', 'src/digits_cnn.c',
    ])
    expect(built.files.get('include/digits_cnn.h')).toContain('int digits_cnn_invoke(const int8_t *in, int8_t *out);')
    expect(built.files.get('examples/test_vectors.h')).toContain('#define TEST_VECTOR_COUNT 5\n')
    const { figures } = built
    expect(figures.files).toBe(built.files.size)
    expect(figures.bytes).toBe([...built.files.values()].reduce((sum, c) => sum + new TextEncoder().encode(c as string).length, 0))
    expect(figures.arenaBytes).toBe(planGraphMemory(S8_DIGITS, CMSIS_NN).arenaBytes)
    expect(figures.inputBytes).toBe(784)
    expect(figures.outputBytes).toBe(10)
    // conv1 8·3·3·1 + 8 int32, conv2 16·3·3·8 + 16 int32, logits 10·784 + 10 int32; multiplier/shift pairs per
    // output channel of the convolutions and one for the per-tensor FullyConnected (TFLite's int8 spec).
    expect(figures.weightBytes).toBe(72 + 32 + 1152 + 64 + 7840 + 40 + (8 + 16 + 1) * 8)
    expect(built.files.get('examples/test_vectors.h')).not.toBe(
      (buildCPackage(doc(), 'digits_cnn', { vectors: 5, seed: 8 }) as { files: Map<string, string> }).files.get('examples/test_vectors.h'))
  })

  it('refuses an unquantized graph with the generator\'s reasons, and an unknown library', () => {
    expect(buildCPackage(doc(FLOAT_DIGITS), 'digits_cnn', DEFAULT_EXPORT_SETTINGS)).toEqual({ kind: 'refused', library: CMSIS_NN, reasons: UNQUANTIZED })
    expect(buildCPackage(doc(S8_DIGITS, 'ethos-u'), 'digits_cnn', DEFAULT_EXPORT_SETTINGS)).toEqual({
      kind: 'refused', library: undefined, reasons: ["the project uses library 'ethos-u', which this TinyForge does not know"],
    })
    expect(() => buildCPackage(doc(), 'Bad Prefix', DEFAULT_EXPORT_SETTINGS)).toThrow(RangeError)
  })

  it('zips the package under a <prefix>/ folder named <prefix>.zip', () => {
    const built = buildCPackage(doc(), 'net', DEFAULT_EXPORT_SETTINGS)
    if (built.kind !== 'ready') throw new Error('refused')
    const zip = cPackageZip('net', built.files)
    expect(zip.fileName).toBe('net.zip')
    const back = unzipPackage(zip.bytes)
    expect([...back.keys()].sort()).toEqual([...built.files.keys()].sort())
    expect(back.get('src/net.c')).toBe(built.files.get('src/net.c'))
  })
})

describe('chooseExportLibrary', () => {
  it('switches only to a library the graph exports with', () => {
    const store = createEditorStore()
    store.getState().loadDoc(doc(S8_DIGITS))
    const revision = store.getState().revision
    expect(chooseExportLibrary(store, 'pow2-q7')).toEqual(['image (Input): Input tensor must have zero point 0 in the pow2 scheme'])
    expect(chooseExportLibrary(store, 'nope')).toEqual(["unknown library 'nope'"])
    expect(store.getState().doc.library).toBe('cmsis-nn')
    expect(store.getState().revision).toBe(revision)
    expect(chooseExportLibrary(store, 'cmsis-nn')).toEqual([])

    store.getState().loadDoc(doc(POW2_DIGITS, 'cmsis-nn'))
    expect(chooseExportLibrary(store, 'pow2-q7')).toEqual([])
    expect(store.getState().doc.library).toBe('pow2-q7')
    expect(store.getState().past).toHaveLength(0)
  })
})

describe('onnxExportFile', () => {
  it('gives the QDQ and float models of a quantized project, and one sentence for a QDQ of a float graph', () => {
    const store = createEditorStore()
    store.getState().loadDoc(doc(S8_DIGITS))
    const qdq = onnxExportFile(store.getState(), 'qdq')
    if ('error' in qdq) throw new Error(qdq.error)
    expect(qdq.fileName).toBe('Digits CNN.int8.onnx')
    const qdqOps = (decodeOnnxModel(qdq.bytes).graph?.node ?? []).map((n) => n.op_type)
    expect(qdqOps).toContain('QuantizeLinear')
    expect(qdqOps).toContain('DequantizeLinear')
    const float = onnxExportFile(store.getState(), 'float')
    if ('error' in float) throw new Error(float.error)
    expect(float.fileName).toBe('Digits CNN.onnx')

    store.getState().loadDoc(doc(FLOAT_DIGITS))
    expect(onnxExportFile(store.getState(), 'qdq')).toEqual({ error: 'The QDQ ONNX needs a quantized graph; quantize it first.' })
    const plain = onnxExportFile(store.getState(), 'float')
    if ('error' in plain) throw new Error(plain.error)
    expect((decodeOnnxModel(plain.bytes).graph?.node ?? []).map((n) => n.op_type)).not.toContain('QuantizeLinear')
  })
})

describe('requestCPackage', () => {
  /** The in-process runner, counting the jobs it starts. */
  function countingRunner(): JobRunner & { started: number } {
    const inner = createInProcessRunner(decodePngBlob)
    const runner = { started: 0, start: ((kind, input, handlers) => { runner.started++; return inner.start(kind, input, handlers) }) as JobRunner['start'] }
    return runner
  }
  const generated = (store: EditorStore) => new Promise<void>((resolve) => {
    const check = () => { if (selectCPackageJob(store.getState()).status !== 'running') { unsubscribe(); resolve() } }
    const unsubscribe = store.subscribe(check)
    check()
  })

  it('generates the package of the document and settings in the job, once per change, as buildCPackage does', async () => {
    const store = createEditorStore()
    store.getState().loadDoc(doc())
    const runner = countingRunner()
    expect(requestCPackage(store, runner)).toBe(true)
    expect(selectCPackageJob(store.getState()).status).toBe('running')
    expect(requestCPackage(store, runner)).toBe(false)
    await generated(store)
    expect(selectCPackageJob(store.getState()).result).toEqual(buildCPackage(doc(), 'digits_cnn', DEFAULT_EXPORT_SETTINGS))
    expect(requestCPackage(store, runner)).toBe(false)
    expect(runner.started).toBe(1)

    store.getState().setExportSettings({ seed: 9 })
    expect(requestCPackage(store, runner)).toBe(true)
    await generated(store)
    expect(selectCPackageJob(store.getState()).result).toEqual(buildCPackage(doc(), 'digits_cnn', { vectors: 3, seed: 9 }))
    expect(runner.started).toBe(2)
  })

  it('starts no job for a graph the library refuses (the check says why at once), and remembers each check per graph', () => {
    const store = createEditorStore()
    store.getState().loadDoc(doc(FLOAT_DIGITS))
    const runner = countingRunner()
    expect(requestCPackage(store, runner)).toBe(false)
    expect(runner.started).toBe(0)
    expect(checkLibrary(FLOAT_DIGITS, CMSIS_NN)).toBe(checkLibrary(FLOAT_DIGITS, CMSIS_NN))
    expect(checkLibrary(S8_DIGITS, CMSIS_NN)).toBe(checkLibrary(S8_DIGITS, CMSIS_NN))
  })
})
