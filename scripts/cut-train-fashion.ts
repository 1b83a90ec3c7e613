/**
 * The measurement of docs/cut-training.md (several minutes on 2 cores): the Fashion-MNIST MobileNet (mobilenet-v1
 * family, width WIDTH) trained for EPOCHS epochs
 *   (a) end to end in one process (train.py on the network alone, float epochs, 1 thread),
 *   (b) in 2 blocks cut by the balancer, 2 local ranks (train_cut.py under torchrun, gloo, 1 thread each),
 *   (c) as (b) followed by FINETUNE end-to-end epochs on the same 2 ranks (DistributedDataParallel),
 * on the 60k training images (6k held out for validation), evaluated on the 10k t10k images with the integer forward.
 * Prints wall times per epoch, the predicted per-rank compute time beside the measured one, and every int8 accuracy.
 * Run: npx tsx scripts/cut-train-fashion.ts [width=0.5] [epochs=2] [finetune=1]
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { exportCutProject } from '../src/core/formats/cut/export-cut.ts'
import { exportPytorchProject } from '../src/core/formats/pytorch/export-pytorch.ts'
import { proposeCuts } from '../src/core/pipelines/cut/balance.ts'
import { estimateCutTraining } from '../src/core/pipelines/cut/plan-estimate.ts'
import { getTrainer } from '../src/core/targets/trainers.ts'
import { run, tempDir, writeFiles } from '../src/core/testing/c-toolchain.ts'
import { fashionMobilenetDoc } from '../src/core/testing/cut-fixtures.ts'
import { FASHION_DIR } from '../src/core/testing/pytorch/fashion.ts'

const width = Number(process.argv[2] ?? 0.5)
const epochs = Number(process.argv[3] ?? 2)
const finetune = Number(process.argv[4] ?? 1)
const env = ['OMP_NUM_THREADS=1', 'OMP_WAIT_POLICY=PASSIVE']
const doc = fashionMobilenetDoc({ width })
const dev = getTrainer('dev-1core')!
const cuts = proposeCuts(doc, [dev, dev], { batch: 64 })
const cut = exportCutProject(doc, cuts, ['dev-1core', 'dev-1core'])
const estimate = estimateCutTraining(cut.layout, [dev, dev], { samples: 54_000, batch: 64 })
console.log(`width ${width}, cut after ${cuts.map((c) => c.after).join(', ')}; predicted per epoch: pipeline ${estimate.pipelineSeconds.toFixed(2)} s, ` +
  `one device ${estimate.singleDeviceSeconds.toFixed(2)} s, ranks compute ${estimate.devices.map((d) => d.computeSeconds.toFixed(2)).join(' / ')} s, ` +
  `transfer ${estimate.devices.map((d) => d.transferSeconds.toFixed(2)).join(' / ')} s`)

// (a) one process, end to end.
const single = tempDir('fashion-single')
writeFiles(single, exportPytorchProject(doc).files)
let t = Date.now()
const a = run('env', [...env, '/usr/bin/python3', 'train.py', '--data', FASHION_DIR, '--epochs', String(epochs), '--qat-epochs', '0',
  '--threads', '1', '--progress-every', '0', '--out', 'trained.npz'], single, 3_600_000)
console.log(`(a) one process: ${((Date.now() - t) / 1000).toFixed(1)} s in all, exit ${a.code}\n${a.output.split('\n').filter((l) => /epoch|accuracy/.test(l)).join('\n')}`)

// (b), (c) two ranks.
// (b) always; (c) only with finetune > 0.
for (const ft of finetune > 0 ? [0, finetune] : [0]) {
  const dir = tempDir(`fashion-cut-${ft}`)
  writeFiles(dir, cut.project.files)
  t = Date.now()
  const b = run('env', [...env, '/usr/bin/python3', '-m', 'torch.distributed.run', '--redirects', '1', '--tee', '1', '--nnodes', '1',
    '--nproc_per_node', '2', '--rdzv_backend', 'c10d', '--rdzv_endpoint', `127.0.0.1:${29700 + ft}`, 'train_cut.py', '--data', FASHION_DIR,
    '--epochs', String(epochs), '--finetune-epochs', String(ft), '--threads', '1', '--timing', join(dir, 'timing'), '--out', 'trained.npz'], dir, 3_600_000)
  console.log(`(${ft ? 'c' : 'b'}) 2 ranks${ft ? ` + ${ft} end-to-end epochs` : ''}: ${((Date.now() - t) / 1000).toFixed(1)} s in all, exit ${b.code}\n` +
    b.output.split('\n').filter((l) => /default0\]:(epoch|end-to-end|cut model)|error/.test(l)).join('\n'))
  if (ft === 0) {
    for (const r of [0, 1]) {
      const timing = JSON.parse(readFileSync(join(dir, `timing.${r}.json`), 'utf8')) as { epoch: number; wall: number; compute: number }[]
      console.log(`rank ${r}: measured compute ${timing.map((x) => x.compute.toFixed(2)).join(', ')} s, wall ${timing.map((x) => x.wall.toFixed(2)).join(', ')} s ` +
        `per epoch; predicted compute ${estimate.devices[r].computeSeconds.toFixed(2)} s, pipeline ${estimate.pipelineSeconds.toFixed(2)} s`)
    }
  }
}
writeFileSync('/dev/null', '')
