/**
 * `tinyforge cluster <project> --clusters K [--layers a,b,…] [--per-layer file.json] -o <project>`: weight clustering
 * (core/pipelines/compress/cluster.ts): per layer, k-means of the int8 weight codes into K ∈ {4, 8, 16, 64, 256}
 * centroids (one codebook per layer, per-channel scales kept), the layer marked palettized so the C package stores
 * packed log2(K)-bit indices + the codebook. Needs a quantized (int8) project. --layers names the layers (default:
 * every layer with weights); --per-layer reads `{ "<layer name or id>": K, … }`. Prints each layer's bytes before →
 * after. Nothing is written unless clustering succeeds. Exit 0 written, 1 bad project, 2 bad arguments.
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { serializeProject } from '../../core/formats/project/index.ts'
import { ClusterError, clusterWeights } from '../../core/pipelines/compress/cluster.ts'
import { isPaletteClusters } from '../../core/quant/weight-encoding.ts'
import { getLibrary } from '../../core/vendors/registry.ts'
import { UsageError } from '../args.ts'
import type { Command } from '../command.ts'
import { out } from '../command.ts'
import { CliFailure, readProject, systemReason } from './data-path.ts'

const USAGE = '<project> --clusters 4|8|16|64|256 [--layers name,name…] [--per-layer file.json] -o <project>'

function perLayerFile(path: string): Record<string, number> {
  let json: unknown
  try {
    json = JSON.parse(readFileSync(path, 'utf8'))
  } catch (err) {
    throw new CliFailure(`cannot read ${path}: ${systemReason(err)}`)
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json) || Object.values(json).some((v) => typeof v !== 'number')) {
    throw new CliFailure(`${path}: a per-layer file is a JSON object of layer name → cluster count`)
  }
  return json as Record<string, number>
}

export const cluster: Command = {
  name: 'cluster',
  usage: USAGE,
  summary: 'Cluster int8 weights per layer (k-means, one codebook per layer): the C package stores packed indices + codebooks',
  flags: { clusters: { kind: 'string' }, layers: { kind: 'string' }, 'per-layer': { kind: 'string' }, output: { kind: 'string', short: 'o' } },
  maxPositional: 1,
  run(args) {
    const file = args.positional[0]
    if (file === undefined) throw new UsageError(`missing project file (usage: tinyforge cluster ${USAGE})`)
    const output = args.flags.output
    if (typeof output !== 'string') throw new UsageError('missing -o <project>')
    const k = Number(args.flags.clusters)
    if (typeof args.flags.clusters !== 'string' || !isPaletteClusters(k)) {
      throw new UsageError(`--clusters takes 4, 8, 16, 64 or 256, got '${String(args.flags.clusters ?? '')}'`)
    }
    const layersFlag = args.flags.layers
    const layers = typeof layersFlag === 'string' ? layersFlag.split(',').map((s) => s.trim()).filter((s) => s !== '') : undefined
    if (layers && layers.length === 0) throw new UsageError('--layers takes a comma-separated list of layer names')
    const doc = readProject(file)
    const library = getLibrary(doc.library)
    if (!library) throw new CliFailure(`the project uses library '${doc.library}', which this TinyForge does not know`)
    const perLayer = typeof args.flags['per-layer'] === 'string' ? perLayerFile(args.flags['per-layer']) : undefined
    let result
    try {
      result = clusterWeights(doc.graph, library, { clusters: k, layers, perLayer })
    } catch (err) {
      if (err instanceof ClusterError) throw new CliFailure(`cannot cluster ${file}: ${err.message}`)
      throw err
    }
    try {
      writeFileSync(output, serializeProject({ ...doc, graph: result.graph }))
    } catch (err) {
      throw new CliFailure(`cannot write ${output}: ${systemReason(err)}`)
    }
    for (const l of result.layers) {
      out(`${l.name}: ${l.distinctBefore} → ${l.distinctAfter} values, ${l.bits}-bit indices, ${l.denseBytes} → ${l.packedBytes} B\n`)
    }
    const dense = result.layers.reduce((s, l) => s + l.denseBytes, 0)
    const packed = result.layers.reduce((s, l) => s + l.packedBytes, 0)
    out(`weights ${dense} → ${packed} B (${dense > 0 ? ((100 * packed) / dense).toFixed(1) : '0'} %)\nwrote ${output}\n`)
    return 0
  },
}
