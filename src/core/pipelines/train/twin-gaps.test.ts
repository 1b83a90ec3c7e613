/**
 * The ops without training twins (ops/twin-gaps.ts: SVDF, LSTM) are refused by both trainers with one sentence naming
 * the layer and the reason — the browser trainer (TF.js) when it builds the model, the PyTorch export before writing
 * anything — and s8-only ops (and int4 weights) are refused in pow2 training; int16 layers train.
 */
import * as tf from '@tensorflow/tfjs'
import { describe, expect, it } from 'vitest'
import { buildGraphJson, PytorchExportError } from '../../formats/pytorch/graph-json.ts'
import { TWIN_GAPS } from '../../ops/twin-gaps.ts'
import { LSTM_WINDOW_NET, SECOND_SET_NET, SVDF_STREAM_NET } from '../../testing/fixture-graphs-seq.ts'
import { INT16_NET } from '../../testing/fixture-graphs-int16.ts'
import { buildTemplate, withInt4Weights } from '../../testing/pytorch/templates.ts'
import { TfGraphModel, TrainError } from './tf-graph-model.ts'

describe('trainers refuse the ops without twins, by name', () => {
  it('the browser trainer', () => {
    expect(() => new TfGraphModel(tf, SVDF_STREAM_NET, 's8')).toThrow(new TrainError(`svdf1 (SVDF) cannot be trained yet: ${TWIN_GAPS.SVDF}`))
    expect(() => new TfGraphModel(tf, LSTM_WINDOW_NET, 's8')).toThrow(`lstm1 (LSTM) cannot be trained yet: ${TWIN_GAPS.LSTM}`)
    expect(() => new TfGraphModel(tf, SECOND_SET_NET, 'pow2')).toThrow('up (TransposeConv2D) has s8 kernels only; train with that scheme')
    // int16 layers (Quantize, Sigmoid, Tanh included) train; int4 weights train in s8 and are refused in pow2.
    new TfGraphModel(tf, INT16_NET, 's8').dispose()
    const int4 = withInt4Weights(buildTemplate('digits-cnn')).graph
    new TfGraphModel(tf, int4, 's8').dispose()
    expect(() => new TfGraphModel(tf, int4, 'pow2')).toThrow(new TrainError(
      "conv1 is set to int4 weights, which need the s8 scheme (CMSIS-NN's _s4 kernels); pow2-q7 has no s4 kernels — set it to int8"))
  })

  it('the PyTorch export', () => {
    const doc = { name: 'svdf', library: 'cmsis-nn', targets: [], graph: SVDF_STREAM_NET }
    expect(() => buildGraphJson(doc)).toThrow(PytorchExportError)
    expect(() => buildGraphJson(doc)).toThrow(`svdf1 (SVDF) cannot be trained yet: ${TWIN_GAPS.SVDF}; svdf2 (SVDF) cannot be trained yet: ${TWIN_GAPS.SVDF}`)
    expect(buildGraphJson({ ...doc, graph: SECOND_SET_NET }).nodes.length).toBe(SECOND_SET_NET.nodes.length)
  })
})
