/**
 * `tinyforge validate <project> [--data dir|file.npy|images-idx] [--labels labels.npy|labels-idx] [--engine wasm|ts]
 *   [--rounding double|single] [--json]`:
 * float vs int8 (pipelines/validation.ts) with the project library's scheme — per-layer SQNR, max error and cosine, and
 * for the output top-1 agreement (plus accuracy and a confusion matrix when --data has class folders or --labels gives
 * the labels). A quantized project is compared against the float engine run on its own (dequantized) weights; an
 * unquantized one is quantized here first (min/max, calibrated on the data or on
 * 16 seeded samples) and compared against its float weights. Without --data, 8 seeded synthetic samples (seed 2).
 * The int8 side runs on the WebAssembly engine (the C runtime's kernels) unless `--engine ts` picks the TypeScript
 * reference; both give the same bytes. The s8 requantization rounds as the project says (its `rounding`: double, the
 * TFLite reference, by default; single = CMSIS_NN_USE_SINGLE_ROUNDING), or as --rounding overrides it for this run.
 * JSON: `{ project, library, scheme, rounding, engine, quantized: 'file' | 'here', data: { source, samples }, layers: [{ node, name, op,
 * sqnrDb, maxAbsError, cosine }], outputs: [{ …layer, top1Agreement, floatAccuracy?, int8Accuracy?, confusion?,
 * classes? }], ort: { backend, rounding, samples, outputs: {count, exact, withinOne, maxDiff}, layers: {…}, top1 } | { error } }`;
 * sqnrDb is null when the int8 output equals the float one exactly (infinite SQNR). `ort` compares the int8 engine
 * with onnxruntime-web (wasm, in Node) running the exported QDQ model on the same samples (engine/ort-agreement.ts).
 */
import { analyzeGraph } from '../../core/analysis/analyze-graph.ts'
import { DEFAULT_INT8_ENGINE, createInt8Engine, isInt8EngineId } from '../../core/engine/create-int8-engine.ts'
import { loadWasmFloatKernels } from '../../core/engine/float-wasm/float-wasm-kernels.ts'
import type { IntAgreement, OrtAgreement } from '../../core/pipelines/ort-agreement.ts'
import { compareWithOrt } from '../../core/pipelines/ort-agreement.ts'
import { syntheticSamples } from '../../core/data/calibration-data.ts'
import { projectRounding } from '../../core/ir/project.ts'
import { isRounding } from '../../core/quant/fixed-point.ts'
import { QuantError } from '../../core/quant/kernel-params.ts'
import { quantizeGraph } from '../../core/pipelines/ptq.ts'
import type { LayerReport } from '../../core/pipelines/validation.ts'
import { validateQuantized } from '../../core/pipelines/validation.ts'
import { getLibrary } from '../../core/vendors/registry.ts'
import { UsageError } from '../args.ts'
import type { Command } from '../command.ts'
import { out, printJson } from '../command.ts'
import { formatTable } from '../table.ts'
import { CliFailure, readData, readProject } from './data-path.ts'
import { SYNTHETIC_CALIBRATION_SAMPLES } from './quantize.ts'

const USAGE = '<project> [--data dir|file.npy|file-idx] [--labels file.npy|file-idx] [--engine wasm|ts] [--rounding double|single] [--json]'
export const SYNTHETIC_VALIDATION_SAMPLES = 8

const db = (x: number): string => (x === Infinity ? 'exact' : x.toFixed(1))
const pct = (x: number): string => `${(100 * x).toFixed(1)}%`
const agreement = (a: IntAgreement): string =>
  `${a.count} values, ${(100 * a.withinOne / Math.max(1, a.count)).toFixed(2)}% within 1 LSB, ${(100 * a.exact / Math.max(1, a.count)).toFixed(2)}% exact, max diff ${a.maxDiff}`

export const validate: Command = {
  name: 'validate',
  usage: USAGE,
  summary: 'Compare the int8 engine with the float engine: per-layer SQNR and error, output agreement',
  flags: { data: { kind: 'string' }, labels: { kind: 'string' }, engine: { kind: 'string' }, rounding: { kind: 'string' }, json: { kind: 'boolean' } },
  maxPositional: 1,
  async run(args) {
    const file = args.positional[0]
    if (file === undefined) throw new UsageError(`missing project file (usage: tinyforge validate ${USAGE})`)
    const engineId = args.flags.engine ?? DEFAULT_INT8_ENGINE
    if (!isInt8EngineId(engineId)) throw new UsageError(`--engine must be wasm or ts, not '${String(engineId)}'`)
    if (args.flags.labels !== undefined && args.flags.data === undefined) throw new UsageError('--labels needs --data')
    if (args.flags.rounding !== undefined && !isRounding(args.flags.rounding)) {
      throw new UsageError(`--rounding must be double or single, not '${String(args.flags.rounding)}'`)
    }
    try {
      const doc = readProject(file)
      const library = getLibrary(doc.library)
      if (!library) throw new CliFailure(`${file} uses library '${doc.library}', which this TinyForge does not know`)
      const scheme = library.scheme
      const rounding = isRounding(args.flags.rounding) ? args.flags.rounding : projectRounding(doc)
      const dataPath = typeof args.flags.data === 'string' ? args.flags.data : undefined
      const labelsPath = typeof args.flags.labels === 'string' ? args.flags.labels : undefined
      const data = dataPath ? readData(doc.graph, dataPath, labelsPath) : undefined
      const samples = data ? { [data.inputId]: data.samples } : syntheticSamples(doc.graph, SYNTHETIC_VALIDATION_SAMPLES, 2)
      const problem = analyzeGraph(doc.graph).diagnostics.find((d) => d.severity === 'error')
      if (problem) throw new CliFailure(`cannot validate ${file}: the graph has errors (${problem.message})`)
      const inFile = doc.graph.nodes.length > 0 && doc.graph.nodes.every((n) => n.quant)
      const engine = await createInt8Engine(engineId)
      // With the wasm engine the float reference's hot ops run on the wasm float kernels too (the same bits).
      const floatKernels = engineId === 'wasm' ? await loadWasmFloatKernels() : undefined
      let report
      let int8
      try {
        int8 = inFile ? doc.graph : quantizeGraph(doc.graph, { scheme, method: 'minmax', floatKernels,
          samples: data ? samples : syntheticSamples(doc.graph, SYNTHETIC_CALIBRATION_SAMPLES, 1) })
        report = validateQuantized(doc.graph, int8, { scheme, rounding, samples, labels: data?.labels, engine, floatKernels })
      } catch (err) {
        if (err instanceof QuantError) throw new CliFailure(`cannot validate ${file}: ${err.message}`)
        throw err
      }
      let ort: OrtAgreement | { error: string }
      try {
        ort = await compareWithOrt(int8, samples, report.samples, { backend: 'wasm', scheme, rounding, name: doc.name, engine })
      } catch (err) {
        ort = { error: err instanceof Error ? err.message.split('\n')[0] : String(err) }
      }
      const source = dataPath ?? 'synthetic'
      if (args.flags.json) {
        const layer = (l: LayerReport) => ({ ...l, sqnrDb: Number.isFinite(l.sqnrDb) ? l.sqnrDb : null })
        printJson({ project: doc.name, library: library.id, scheme, rounding, engine: engine.id, quantized: inFile ? 'file' : 'here',
          data: { source, samples: report.samples }, layers: report.layers.map(layer),
          outputs: report.outputs.map((o) => ({ ...o, ...layer(o), ...(data?.classes ? { classes: data.classes } : {}) })),
          ort: 'error' in ort ? ort : { backend: ort.backend, rounding: ort.rounding, samples: ort.samples, outputs: ort.outputs, layers: ort.layers, top1: ort.top1 } })
        return 0
      }
      const how = inFile ? 'quantized in the file' : 'quantized here (minmax)'
      out(`validated ${file} (${library.id}, ${scheme}${scheme === 's8' ? `, ${rounding} rounding` : ''}, ${how}) on ${report.samples} ${dataPath ? `samples from ${dataPath}` : 'seeded synthetic samples'}` +
        `; int8 engine: ${engine.name}\n`)
      out(formatTable([['NODE', 'OP', 'SQNR dB', 'MAX ERROR', 'COSINE'],
        ...report.layers.map((l) => [l.name, l.op, db(l.sqnrDb), l.maxAbsError.toPrecision(3), l.cosine.toFixed(4)])], '  '))
      for (const o of report.outputs) {
        const accuracy = o.int8Accuracy !== undefined ? `; accuracy float ${pct(o.floatAccuracy!)}, int8 ${pct(o.int8Accuracy)}` : ''
        out(`output ${o.name}: top-1 agreement ${pct(o.top1Agreement)}, cosine ${o.cosine.toFixed(4)}, SQNR ${db(o.sqnrDb)} dB${accuracy}\n`)
      }
      if ('error' in ort) {
        out(`onnxruntime-web: could not compare (${ort.error})\n`)
      } else {
        out(`int8 engine vs onnxruntime-web (${ort.backend}, exported QDQ model, ${ort.samples} samples, top-1 ${ort.top1}/${ort.samples}):\n`)
        out(`  outputs: ${agreement(ort.outputs)}\n  all layers: ${agreement(ort.layers)}\n`)
      }
      return 0
    } catch (err) {
      if (err instanceof CliFailure) {
        process.stderr.write(`tinyforge: ${err.message}\n`)
        return 1
      }
      throw err
    }
  },
}
