/**
 * One model on both engines: the TFLite interpreter (tflite-runner.ts, the oracle) and our int8 engine
 * (core/engine/int8-engine.ts `runInt8` on the graph from core/formats/import-model.ts `importModel`).
 *
 * `run(input)` returns the model output of each engine as raw int8 values (the test compares them itself),
 * optionally the output of our chain with some requantizations emulated (layer-compare.ts
 * runEmulatedChain), and — when opened with `layers` — the per-layer comparison (layer-compare.ts). The
 * intermediate tensors come from a second interpreter over the same model with those tensors added as
 * subgraph outputs (tflite-patches.ts withExtraOutputs); its model output must equal the plain one's
 * (`intermediatesConsistent`).
 */
import type { PreparedGraph } from '../core/plan/prepare-graph.ts'
import { runInt8 } from '../core/engine/int8-engine.ts'
import { prepareGraph } from '../core/plan/prepare-graph.ts'
import { int8 } from '../core/ops/op-def.ts'
import { importModel } from '../core/formats/import-model.ts'
import type { TflModel } from '../core/formats/tflite/tflite-reader.ts'
import { readTflite } from '../core/formats/tflite/tflite-reader.ts'
import type { Graph } from '../core/ir/types.ts'
import { shapeSize } from '../core/ir/types.ts'
import type { LayerComparison } from './layer-compare.ts'
import { compareLayers, diffStats, runEmulatedChain } from './layer-compare.ts'
import type { Rounding } from './requant-emulation.ts'
import type { NodeTensor } from './tensor-map.ts'
import { mapNodesToTensors } from './tensor-map.ts'
import { withExtraOutputs, withXnnpackDeclined } from './tflite-patches.ts'
import { TfliteOracle } from './tflite-runner.ts'

export interface OpenOptions {
  /** Also prepare the per-layer comparison. */
  layers?: boolean
  /**
   * 'xnnpack' (default): the interpreter as shipped, XNNPACK delegate on the ops it supports.
   * 'builtin': the delegate is declined for every CONV_2D, DEPTHWISE_CONV_2D and FULLY_CONNECTED with a bias
   * (tflite-patches.ts withXnnpackDeclined), so those run on TFLite's builtin kernels.
   */
  kernels?: 'xnnpack' | 'builtin'
}

export interface RunOptions {
  /** Also run our chain with these op types requantized by the given emulated rounding. */
  emulate?: Partial<Record<string, Rounding>>
}

export interface SessionRun {
  outputName: string
  outputShape: number[]
  oracle: number[]
  engine: number[]
  /** Our chain with `emulate` roundings (when asked). */
  emulated?: number[]
  /** The intermediate interpreter's model output equals the plain one's (with `layers`). */
  intermediatesConsistent?: boolean
  layers?: LayerComparison[]
}

const BIASED_OPS = new Set(['CONV_2D', 'DEPTHWISE_CONV_2D', 'FULLY_CONNECTED'])

function biasTensors(model: TflModel): number[] {
  return model.operators.flatMap((o) => (BIASED_OPS.has(o.opName) && o.inputs[2] !== undefined && o.inputs[2] >= 0 ? [o.inputs[2]] : []))
}

export class OracleSession {
  private constructor(
    private readonly graph: Graph,
    private readonly prepared: PreparedGraph,
    private readonly plain: TfliteOracle,
    private readonly detailed: TfliteOracle | undefined,
    private readonly pairs: NodeTensor[],
    private readonly outputTensorName: string,
  ) {}

  /** Imports the model for our engine and loads it (and, with `layers`, its intermediate twin) in TFLite. */
  static async open(bytes: Uint8Array, fileName: string, options: OpenOptions = {}): Promise<OracleSession> {
    const graph = importModel(bytes, fileName).doc.graph
    const prepared = prepareGraph(graph)
    if (prepared.inputIds.length !== 1 || prepared.outputIds.length !== 1) {
      throw new Error(`the oracle page compares single-input, single-output models; ${fileName} has ${prepared.inputIds.length} inputs and ${prepared.outputIds.length} outputs`)
    }
    const model = readTflite(bytes)
    if (model.outputs.length !== 1) throw new Error(`${fileName} has ${model.outputs.length} outputs`)
    const outputTensorName = model.tensors[model.outputs[0]].name
    const oracleBytes = options.kernels === 'builtin' ? withXnnpackDeclined(bytes, biasTensors(model)) : bytes
    const plain = await TfliteOracle.create(oracleBytes, { profile: true })
    if (!options.layers) return new OracleSession(graph, prepared, plain, undefined, [], outputTensorName)

    const pairs = mapNodesToTensors(graph, model)
      .filter((p) => shapeSize(prepared.nodes.get(p.nodeId)!.outputShape) === shapeSize(model.tensors[p.tensor].shape))
    const extra = [...new Set(pairs.map((p) => p.tensor))].filter((t) => !model.outputs.includes(t) && !model.inputs.includes(t))
    const detailed = await TfliteOracle.create(withExtraOutputs(oracleBytes, extra))
    const names = detailed.outputNames
    if (new Set(names).size !== names.length) {
      throw new Error(`${fileName}: tensor names are not unique, so the interpreter's named outputs cannot be told apart`)
    }
    return new OracleSession(graph, prepared, plain, detailed, pairs, outputTensorName)
  }

  get inputShape(): number[] {
    return [...this.prepared.nodes.get(this.prepared.inputIds[0])!.outputShape]
  }

  get mappedLayers(): number {
    return this.pairs.length
  }

  /** Kernels the plain interpreter ran in its last run, in order (e.g. 'TfLiteXNNPackDelegate', 'SOFTMAX'). */
  oracleKernels(): string[] {
    return this.plain.profiledOps()
  }

  run(input: Int8Array, options: RunOptions = {}): SessionRun {
    const inputId = this.prepared.inputIds[0]
    const outputId = this.prepared.outputIds[0]
    const ours = runInt8(this.graph, { [inputId]: input })
    const oracleOut = this.plain.run([input]).outputs[0].data
    const result: SessionRun = {
      outputName: this.outputTensorName,
      outputShape: [...this.prepared.nodes.get(outputId)!.outputShape],
      oracle: Array.from(oracleOut),
      engine: Array.from(ours.outputs.get(outputId)!),
    }
    if (options.emulate) {
      result.emulated = Array.from(runEmulatedChain(this.graph, this.prepared, input, options.emulate).get(outputId)!)
    }
    if (!this.detailed) return result
    const byName = new Map(this.detailed.run([input]).outputs.map((o) => [o.name, o.data]))
    result.intermediatesConsistent = diffStats(byName.get(this.outputTensorName)!, oracleOut).maxAbsDiff === 0
    const oracle = new Map(this.pairs.map((p) => [p.nodeId, p.op === 'Input' ? input : byName.get(p.tensorName)!]))
    result.layers = compareLayers(this.graph, this.prepared, this.pairs, oracle, new Map([...ours.outputs].map(([k, v]) => [k, int8(v)])))
    return result
  }
}
