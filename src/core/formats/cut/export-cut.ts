/**
 * The cut-training project (docs/cut-training.md): the training-ready PyTorch project (formats/pytorch) of the
 * *combined* graph — the network plus one head per cut — with
 *   cut-plan.json     the blocks for train_cut.py (format below)
 *   CUT-TRAINING.md   the commands for this plan (torchrun on one machine and on one device per block)
 * train_cut.py is part of every PyTorch project; it reads cut-plan.json.
 *
 * cut-plan.json: { format: 'tinyforge-cut-plan', version: 1, fingerprint (graph.json's), classes,
 *   blocks: [ { index, nodes: [trunk node ids, execution order], entry: node id | null, cut: node id | null,
 *               cutShape: [1, H, W, C] | null, template: 'gap-fc' | 'conv-pool-fc' | null, head: [head node ids],
 *               output: node id } ],
 *   devices?: [ trainer id per block ] }
 * Pure and deterministic.
 */
import type { ProjectDoc } from '../../ir/project.ts'
import type { GraphJson } from '../pytorch/graph-json.ts'
import type { PytorchProject } from '../pytorch/export-pytorch.ts'
import { exportPytorchProject } from '../pytorch/export-pytorch.ts'
import type { CutBlock, CutLayout, CutPoint } from './cut-layout.ts'
import { buildCutLayout } from './cut-layout.ts'

export const CUT_PLAN_FORMAT = 'tinyforge-cut-plan'

export interface CutPlanJson {
  format: typeof CUT_PLAN_FORMAT
  version: 1
  fingerprint: string
  classes: number
  blocks: CutBlock[]
  devices?: string[]
}

export interface CutProject {
  layout: CutLayout
  plan: CutPlanJson
  project: PytorchProject
  /** The combined project (network + heads): what import-weights takes the trained weights file into. */
  doc: ProjectDoc
}

export function cutPlanJson(layout: CutLayout, graph: GraphJson, devices?: readonly string[]): CutPlanJson {
  return { format: CUT_PLAN_FORMAT, version: 1, fingerprint: graph.fingerprint, classes: layout.classes,
    blocks: layout.blocks, ...(devices ? { devices: [...devices] } : {}) }
}

/** The combined project of a plan: the document with the heads of `cuts` (any heads it had are replaced). */
export function combinedDoc(doc: ProjectDoc, layout: CutLayout): ProjectDoc {
  return { ...doc, graph: layout.combined }
}

function guide(doc: ProjectDoc, layout: CutLayout): string {
  const n = layout.blocks.length
  const blocks = layout.blocks.map((b) => `| ${b.index + 1} | ${b.nodes.length} | ${b.cut ?? '(network output)'} | ` +
    `${b.cutShape ? b.cutShape.slice(1).join('×') : '—'} | ${b.template ?? 'the network\'s own'} |`).join('\n')
  return `# Cut training of ${doc.name}

${n} blocks, one rank each. Rank k trains block k and head k on the activations rank k−1 streams to it
(torch.distributed point-to-point; gloo on CPUs, nccl on GPUs); no gradient crosses a cut.

| block | trunk nodes | cut after | cut tensor | head |
|---|---|---|---|---|
${blocks}

One machine, ${n} ranks (Debian 12's torchrun needs \`--redirects 1 --tee 1\`):

\`\`\`bash
torchrun --redirects 1 --tee 1 --nnodes 1 --nproc_per_node ${n} --rdzv_backend c10d --rdzv_endpoint 127.0.0.1:29400 \\
  train_cut.py --data DATA --epochs 2 --out trained.npz
\`\`\`

${n} devices, block k on the device started with \`--node_rank k-1\` (the static rendezvous keeps that order):

\`\`\`bash
torchrun --nnodes ${n} --nproc_per_node 1 --node_rank K --master_addr HOST0 --master_port 29400 \\
  train_cut.py --data DATA --epochs 2 --out trained.npz
\`\`\`

\`--finetune-epochs N\` then trains everything end to end (the sum of every block output's loss), \`--qat-epochs M\` on
the int8 grid; \`--resume\` continues every rank from the last epoch all of them finished (checkpoints per rank in
\`<out>.checkpoints/rank-<k>/\`). The weights file holds every block and head:
\`tinyforge import-weights <project> trained.npz -o <project>\` with this project's combined graph, or
\`tinyforge train-cut\`, which runs all of it locally.
`
}

/** The cut-training project of `doc` for `cuts` (throws CutPlanError / PytorchExportError with one line). */
export function exportCutProject(doc: ProjectDoc, cuts: readonly CutPoint[], devices?: readonly string[]): CutProject {
  const layout = buildCutLayout(doc, cuts)
  const combined = combinedDoc(doc, layout)
  const project = exportPytorchProject(combined)
  const plan = cutPlanJson(layout, project.graph, devices)
  project.files.set('cut-plan.json', `${JSON.stringify(plan, null, 1)}\n`)
  project.files.set('CUT-TRAINING.md', guide(doc, layout))
  return { layout, plan, project, doc: combined }
}
