/**
 * Both trainers take SVDF and LSTM graphs (their twins: ops/svdf.*, ops/lstm.*) — the browser trainer (TF.js) builds
 * the model, the PyTorch export writes the graph — and int16 layers; s8-only ops (and int4 weights) are refused in pow2
 * training, by name.
 */
import * as tf from '@tensorflow/tfjs'
import { describe, expect, it } from 'vitest'
import { buildGraphJson } from '../../formats/pytorch/graph-json.ts'
import { TWIN_GAPS } from '../../ops/twin-gaps.ts'
import { LSTM_STREAM_NET, LSTM_WINDOW_NET, SECOND_SET_NET, SVDF_STREAM_NET } from '../../testing/fixture-graphs-seq.ts'
import { INT16_CONV_NET, INT16_NET } from '../../testing/fixture-graphs-int16.ts'
import { buildTemplate, withInt4Weights } from '../../testing/pytorch/templates.ts'
import { TfGraphModel, TrainError } from './tf-graph-model.ts'

describe('trainers and the ops with their own constant rule', () => {
  it('SVDF and LSTM have twins (not in twin-gaps.ts)', () => {
    expect('SVDF' in TWIN_GAPS || 'LSTM' in TWIN_GAPS).toBe(false)
  })

  it('the browser trainer builds SVDF and LSTM graphs, with their inner ranges as tracked groups', () => {
    const svdf = new TfGraphModel(tf, SVDF_STREAM_NET, 's8')
    expect(svdf.groups.filter((g) => g.includes('/'))).toEqual(['svdf1/state', 'svdf2/state'])
    svdf.dispose()
    const lstm = new TfGraphModel(tf, LSTM_WINDOW_NET, 's8')
    expect(lstm.groups.filter((g) => g.includes('/'))).toEqual(['lstm1/cell', 'lstm2/cell'])
    lstm.dispose()
    expect(() => new TfGraphModel(tf, SVDF_STREAM_NET, 'pow2')).toThrow('svdf1 (SVDF) has s8 kernels only; train with that scheme')
    expect(() => new TfGraphModel(tf, SECOND_SET_NET, 'pow2')).toThrow('up (TransposeConv2D) has s8 kernels only; train with that scheme')
    // int16 layers (Quantize, Sigmoid, Tanh included) train; int4 weights train in s8 and are refused in pow2.
    new TfGraphModel(tf, INT16_NET, 's8').dispose()
    new TfGraphModel(tf, INT16_CONV_NET, 's8').dispose()
    const int4 = withInt4Weights(buildTemplate('digits-cnn')).graph
    new TfGraphModel(tf, int4, 's8').dispose()
    expect(() => new TfGraphModel(tf, int4, 'pow2')).toThrow(new TrainError(
      "conv1 is set to int4 weights, which need the s8 scheme (CMSIS-NN's _s4 kernels); pow2-q7 has no s4 kernels — set it to int8"))
  })

  it('the PyTorch export writes SVDF and LSTM graphs with all their constants', () => {
    for (const graph of [SVDF_STREAM_NET, LSTM_WINDOW_NET, LSTM_STREAM_NET]) {
      const g = buildGraphJson({ name: 'rnn', library: 'cmsis-nn', targets: [], graph })
      expect(g.nodes.length).toBe(graph.nodes.length)
    }
    // int16 convolutions, Add and pools export (their twins compute the int16 integer forward), marked int16.
    const conv16 = buildGraphJson({ name: 'int16conv', library: 'cmsis-nn', targets: [], graph: INT16_CONV_NET })
    expect(conv16.nodes.filter((n) => n.outputDType === 'int16').map((n) => n.op))
      .toEqual(['Quantize', 'Conv2D', 'DepthwiseConv2D', 'Add', 'MaxPool2D', 'AvgPool2D'])
    const g = buildGraphJson({ name: 'lstm', library: 'cmsis-nn', targets: [], graph: LSTM_WINDOW_NET })
    expect(g.nodes.find((n) => n.id === 'lstm1')!.weights.map((w) => `${w.name} ${w.shape.join('x')}`)).toEqual([
      'weightsInput 12x6', 'weightsForget 12x6', 'weightsCell 12x6', 'weightsOutput 12x6',
      'recurrentInput 12x12', 'recurrentForget 12x12', 'recurrentCell 12x12', 'recurrentOutput 12x12',
      'biasInput 12', 'biasForget 12', 'biasCell 12', 'biasOutput 12'])
  })
})
