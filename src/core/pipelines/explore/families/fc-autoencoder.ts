/**
 * fc-autoencoder — fully-connected autoencoder for anomaly detection on log-mel frames: `depth` FC layers of `hidden`
 * units (ReLU), a bottleneck FC (ReLU), `depth` FC layers of `hidden` units again, and an FC back to the input size.
 * Knobs: frames (input = 128 × frames), hidden width, bottleneck, depth. Reference point: MLPerf Tiny AD
 * (ad01_int8.tflite): 5 frames (640), 128 hidden, 8 bottleneck, 4 + 4 layers — 264,192 MACs.
 */
import type { Family } from '../family.ts'
import { chain, fc, input, knob } from './builder.ts'

export const FC_AUTOENCODER: Family = {
  format: 'tinyforge-family', version: 1, id: 'fc-autoencoder', name: 'FC autoencoder (anomaly detection)',
  description: 'Dense autoencoder over stacked log-mel frames; the reconstruction error is the anomaly score.',
  library: 'cmsis-nn', reference: 'MLPerf Tiny AD (ad01_int8.tflite): 640 inputs, 128 hidden, 8 bottleneck',
  knobs: [
    knob('res', 'Frames (×128 mel)', 'resolution', [3, 4, 5, 6], 5),
    knob('hidden', 'Hidden units', 'width', [64, 96, 128, 192, 256], 128),
    knob('bottleneck', 'Bottleneck units', 'width', [4, 8, 16], 8),
    knob('depth', 'Layers per side', 'depth', [1, 2, 3, 4], 4),
  ],
  nodes: chain([
    input('features', ['=128 * res'], [0], 1),
    fc('enc', '=hidden', 'relu'),
    fc('bottleneck', '=bottleneck', 'relu'),
    fc('dec', '=hidden', 'relu'),
    fc('reconstruction', '=128 * res', 'none'),
  ]),
  repeats: [{ nodes: ['enc'], count: '=depth' }, { nodes: ['dec'], count: '=depth' }],
}
