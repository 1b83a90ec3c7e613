/**
 * The MobileNet-family network of the cut-training tests and docs: an instance of the mobilenet-v1 family
 * (pipelines/explore/families/mobilenet-v1.ts) adapted to Fashion-MNIST — a 28×28×1 input (raw 0..255 pixels,
 * scale 1/255) and 10 classes — with the family's depthwise-separable blocks, channel schedule × width and strides.
 */
import type { ProjectDoc } from '../ir/project.ts'
import type { Graph } from '../ir/types.ts'
import { instantiate, referenceValues } from '../pipelines/explore/family.ts'
import { MOBILENET_V1 } from '../pipelines/explore/families/mobilenet-v1.ts'

export interface FashionMobilenetOptions {
  width?: number
  /** The family's 512-channel run (d4) and the extra 128/256-channel blocks (d2, d3). */
  d2?: number
  d3?: number
  d4?: number
}

export function fashionMobilenetGraph(options: FashionMobilenetOptions = {}): Graph {
  const values = { ...referenceValues(MOBILENET_V1), res: 48, width: options.width ?? 0.25, d2: options.d2 ?? 0,
    d3: options.d3 ?? 0, d4: options.d4 ?? 1 }
  const g = instantiate(MOBILENET_V1, values)
  const nodes = g.nodes.map((n, i) => {
    const position = { x: 0, y: i * 90 }
    if (n.op === 'Input') return { ...n, position, attrs: { ...n.attrs, shape: [28, 28, 1], mean: [0], scale: 1 / 255 } }
    if (n.op === 'FullyConnected') return { ...n, position, attrs: { ...n.attrs, units: 10 } }
    return { ...n, position }
  })
  return { ...g, nodes }
}

export function fashionMobilenetDoc(options: FashionMobilenetOptions = {}): ProjectDoc {
  return { name: 'Fashion MobileNet', library: 'cmsis-nn', graph: fashionMobilenetGraph(options), targets: [] }
}
