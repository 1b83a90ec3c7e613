/**
 * Compute tiers that finish a split network (docs/split.md): an edge box on the device's network or a cloud server,
 * each running the tail as an ONNX QDQ model in onnxruntime. The tail's latency is modelled as
 *   tail MACs / gmacPerS + overheadMs + backhaulRttMs,
 * so gmacPerS is an EFFECTIVE batch-1 throughput on small int8 CNNs (far below the chip's peak), overheadMs the fixed
 * cost of one session run. Figures carry sources as the board catalog's do.
 */
import type { Tier } from './remote-types.ts'
import type { Figure } from './types.ts'

const fig = (value: number, kind: Figure['kind'], source: string): Figure => ({ value, kind, source })

function tier(t: Omit<Tier, 'gmacPerS' | 'overheadMs' | 'backhaulRttMs'>): Tier {
  return { ...t, gmacPerS: t.figures.throughput.value, overheadMs: t.figures.overhead.value, backhaulRttMs: t.figures.backhaul.value }
}

const LAN = fig(0, 'assumption', 'the edge box sits on the link\'s local network: the link round trip already covers it')

export const TIERS: readonly Tier[] = [
  tier({
    id: 'rpi4-cpu', name: 'Raspberry Pi 4 (4× Cortex-A72, 1.5 GHz)', kind: 'edge',
    runtime: 'onnxruntime CPU EP (MLAS), QDQ int8, 4 threads',
    figures: {
      throughput: fig(10, 'assumption', 'Cortex-A72 has no int8 dot-product instruction: NEON widening multiply-accumulates ' +
        'give at most 16 int8 MAC/cycle/core → 96 GMAC/s peak on 4 cores at 1.5 GHz; batch-1 convolutions of small ' +
        'feature maps reach about a tenth of peak'),
      overhead: fig(0.3, 'assumption', 'one onnxruntime session run of a small graph (thread-pool wake-up, per-node ' +
        'dispatch over ~30 nodes) on a 1.5 GHz in-order-ish core: a few hundred µs'),
      backhaul: LAN,
    },
  }),
  tier({
    id: 'rpi5-cpu', name: 'Raspberry Pi 5 (4× Cortex-A76, 2.4 GHz)', kind: 'edge',
    runtime: 'onnxruntime CPU EP (MLAS), QDQ int8, 4 threads',
    figures: {
      throughput: fig(30, 'assumption', 'Cortex-A76 has the Armv8.2 SDOT instruction (16 int8 MAC per instruction, two ' +
        'NEON pipes) → 307 GMAC/s peak on 4 cores at 2.4 GHz; about a tenth of peak on batch-1 small convolutions'),
      overhead: fig(0.15, 'assumption', 'as the Raspberry Pi 4, on a core about twice as fast'),
      backhaul: LAN,
    },
  }),
  tier({
    id: 'jetson-orin-nano-gpu', name: 'Jetson Orin Nano 8 GB (GPU)', kind: 'edge',
    runtime: 'onnxruntime CUDA / TensorRT EP, QDQ int8',
    figures: {
      throughput: fig(200, 'assumption', 'NVIDIA lists 40 sparse INT8 TOPS for the Orin Nano 8 GB module (20 dense TOPS = ' +
        '10 TMAC/s); batch-1 inference of a network with ~10 MMAC per layer keeps a small fraction of the GPU busy: 2 %'),
      overhead: fig(1, 'assumption', 'one kernel launch per node (~30 nodes, ~10–20 µs each on a Jetson) plus host↔device ' +
        'copies of the input and output tensors'),
      backhaul: LAN,
    },
  }),
  tier({
    id: 'cloud-cpu', name: 'Cloud server CPU (x86-64, 16 cores)', kind: 'cloud',
    runtime: 'onnxruntime 1.30 CPU EP (MLAS), QDQ int8, default threads',
    figures: {
      throughput: fig(40, 'assumption', 'a server core with AVX-512 VNNI or AVX-VNNI issues 64 int8 MAC/cycle; batch-1 ' +
        'small CNN layers parallelise poorly over 16 cores'),
      overhead: fig(0.1, 'assumption', 'one onnxruntime session run of a small graph on a server core'),
      backhaul: fig(30, 'assumption', 'from the link\'s gateway to a cloud region in the same continent and back: ' +
        'typically 10–50 ms over the internet'),
    },
  }),
  tier({
    id: 'cloud-gpu', name: 'Cloud server GPU (data-centre class)', kind: 'cloud',
    runtime: 'onnxruntime CUDA / TensorRT EP, QDQ int8',
    figures: {
      throughput: fig(1_000, 'assumption', 'data-centre GPUs peak at hundreds of dense INT8 TMAC/s, but a batch-1 network ' +
        'of ~10 MMAC layers is launch-bound: ~1 TMAC/s effective'),
      overhead: fig(0.5, 'assumption', 'one kernel launch per node (~30 nodes, ~5–10 µs each) plus PCIe copies of the ' +
        'input and output tensors'),
      backhaul: fig(30, 'assumption', 'from the link\'s gateway to a cloud region in the same continent and back: ' +
        'typically 10–50 ms over the internet'),
    },
  }),
]

export function getTier(id: string): Tier | undefined {
  return TIERS.find((t) => t.id === id)
}
