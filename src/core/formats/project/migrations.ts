/**
 * Project file versions and the migrations between them. `MIGRATIONS[v]` turns the JSON of a version-v
 * file into the JSON of version v + 1; files are upgraded step by step before validation, so the
 * validator only knows the current version. A migration receives unvalidated JSON: it must not throw on
 * unexpected shapes (leave them for the validator to report) and must not mutate its input.
 *
 * History:
 * - v1: edges were `{ id, from, to, port }` (port omitted meaning input 0); no `targets` field.
 * - v2: edges are `{ id, source, target, targetPort }`, named like the in-memory `Edge`; `targets` holds
 *   the catalog target ids selected for comparison.
 * - v3: optional `customTargets`, the user's own boards in the custom-target-file format
 *   `{ id, name, core, clockMHz, sramBytes, flashBytes, activePowerMw? }`; `targets` may name them. A version
 *   bump (not just a new optional field) so an older TinyForge refuses the file instead of dropping the boards.
 * - v4: optional `trainingRuns`, the provenance of each training run whose weights the project took (dataset
 *   fingerprint and sample counts, hyper-parameters, backend/device, metrics per epoch, date; see
 *   ir/training-run.ts). A version bump for the same reason as v3.
 * - v5: an int8 weight tensor may carry `encoding` (`{ kind: 'palette', clusters }` after weight clustering,
 *   `{ kind: 'sparse' }` after magnitude pruning with the sparse format): how the C package stores it. A version bump
 *   so an older TinyForge refuses the file instead of silently exporting the clustered layers dense.
 * - v6: a node may carry `precision: { weights: 'int4' }` (the per-layer weight format PTQ honours) and an int8 weight
 *   tensor `encoding: { kind: 'int4' }` (values in [−8, 7], packed two per byte in the C package). A version bump so an
 *   older TinyForge refuses the file instead of quantizing or exporting those layers at int8 without saying so. Also
 *   from v6: a node may carry `activations: 'int16'` (the layer kept at 16 bits, TFLite's 16x8 scheme).
 * - v6: optional `rounding`: "single" when the project requantizes with CMSIS-NN's single rounding
 *   (CMSIS_NN_USE_SINGLE_ROUNDING); absent means the TFLite reference's double rounding, as every older file. A version
 *   bump so an older TinyForge refuses the file instead of silently validating and exporting it with double rounding.
 */
import { isRecord } from './tensor-codec.ts'

export const PROJECT_FORMAT = 'tinyforge-project'
export const CURRENT_VERSION = 6

export type JsonObject = Record<string, unknown>

export const MIGRATIONS: Readonly<Record<number, (json: JsonObject) => JsonObject>> = {
  1: (json) => {
    const next: JsonObject = { ...json, version: 2 }
    if (!('targets' in json)) next.targets = []
    const graph = json.graph
    if (isRecord(graph) && Array.isArray(graph.edges)) {
      next.graph = { ...graph, edges: graph.edges.map(edgeV1toV2) }
    }
    return next
  },
  2: (json) => ({ ...json, version: 3 }),
  3: (json) => ({ ...json, version: 4 }),
  4: (json) => ({ ...json, version: 5 }),
  5: (json) => ({ ...json, version: 6 }),
}

function edgeV1toV2(edge: unknown): unknown {
  if (!isRecord(edge)) return edge
  const { from, to, port, ...rest } = edge
  return { ...rest, source: from, target: to, targetPort: port === undefined ? 0 : port }
}

/** Upgrades `json` (a file of version `version` ≤ CURRENT_VERSION) to CURRENT_VERSION. */
export function migrate(json: JsonObject, version: number): JsonObject {
  let current = json
  for (let v = version; v < CURRENT_VERSION; v++) {
    const step = MIGRATIONS[v]
    if (!step) throw new Error(`no migration from project file version ${v} to ${v + 1}`)
    current = step(current)
  }
  return current
}
