/**
 * The catalog of edge trainers for cut training (trainer-types.ts has the cost model). The development machine's
 * figures are measured (scripts/calibrate-cut-train.ts: a training step of every layer and block of the
 * Fashion-MNIST MobileNet at widths 0.25–0.75, batch 64, PyTorch 1.13, one thread, least squares on the relative
 * error); the other devices' are that measurement scaled to their datasheet peaks — 'assumption's, with the
 * arithmetic in their source. Measure your own device with the same script and add it as a custom trainer file.
 */
import type { Trainer } from './trainer-types.ts'
import type { Figure } from './types.ts'

const fig = (value: number, kind: Figure['kind'], source: string): Figure => ({ value, kind, source })

function trainer(t: Omit<Trainer, 'gmacPerS' | 'depthwiseGmacPerS' | 'activationGBps' | 'updateMParamsPerS' | 'overheadUs' | 'memoryBytes' | 'link'>
  & { linkName: string }): Trainer {
  const { linkName, ...rest } = t
  const f = t.figures
  return { ...rest, gmacPerS: f.dense.value, depthwiseGmacPerS: f.depthwise.value, activationGBps: f.activation.value,
    updateMParamsPerS: f.update.value, overheadUs: f.overhead.value, memoryBytes: f.memory.value,
    link: { name: linkName, bandwidthBps: f.bandwidth.value, latencyMs: f.latency.value } }
}

const CALIBRATION = 'scripts/calibrate-cut-train.ts on the development machine (Xeon, Sapphire Rapids class, 2.6 GHz, ' +
  'KVM, 2 vCPUs, quiet: load average about 1; PyTorch 1.13.1 CPU, 1 thread, batch 64; 96 layers and blocks of the Fashion-MNIST ' +
  'MobileNet at widths 0.25/0.5/0.75; mean block error of the fit 9.9 %). The other trainers\' ratios below come from the first ' +
  'calibration, taken while the machine was shared (dense 3.82 GMAC/s, depthwise 0.232, 105 M parameters/s)'
/** Dense efficiency measured here: 3.8 GMAC/s of a 2.6 GHz × 32 FMA/cycle (2 AVX-512 FMA units) = 83 GMAC/s peak core. */
const EFFICIENCY = 3.8 / 83.2

const GIGABIT = {
  bandwidth: fig(940e6, 'assumption', 'Gigabit Ethernet (IEEE 802.3ab) carries about 940 Mbit/s of TCP payload (1460/1538 of the line rate, less ACKs)'),
  latency: fig(0.1, 'assumption', 'one switch hop on a LAN: about 0.1 ms per message; the asynchronous sends overlap it with compute'),
}

export const TRAINERS: readonly Trainer[] = [
  trainer({
    id: 'dev-1core', name: 'Development machine, one core', kind: 'cpu', runtime: 'PyTorch 1.13 CPU, 1 thread (gloo on 127.0.0.1)',
    linkName: 'loopback TCP (same machine)',
    figures: {
      dense: fig(11.1, 'measurement', CALIBRATION),
      depthwise: fig(0.425, 'measurement', CALIBRATION),
      activation: fig(3.39, 'measurement', CALIBRATION),
      update: fig(66.7, 'measurement', CALIBRATION),
      overhead: fig(53.9, 'measurement', CALIBRATION),
      memory: fig(4 * 2 ** 30, 'assumption', 'half of the machine\'s memory for each of two ranks, rounded down'),
      bandwidth: fig(13e9, 'measurement', 'gloo send/recv of 802,816-byte tensors between two local ranks: 0.49 ms each (13 Gbit/s), measured here'),
      latency: fig(0.05, 'assumption', 'loopback; blocking 4-byte send/recv pairs took 3 ms each under load here, but the asynchronous sends (4 batches in flight) overlap it with compute'),
    },
  }),
  trainer({
    id: 'rpi4', name: 'Raspberry Pi 4 Model B (4× Cortex-A72, 1.5 GHz, 4 GB)', kind: 'cpu', runtime: 'PyTorch CPU, 4 threads',
    linkName: 'Gigabit Ethernet',
    figures: {
      dense: fig(48 * EFFICIENCY * 0.6, 'assumption', 'peak 48 GMAC/s (4 cores × 1.5 GHz × 8 fp32 FMA/cycle: two 128-bit NEON pipes) × the dense ' +
        'efficiency measured on the development machine (4.6 %) × 0.6 for four threads on small layers'),
      depthwise: fig(48 * EFFICIENCY * 0.6 * (0.232 / 3.82), 'assumption', 'the dense figure × the depthwise/dense ratio measured on the development machine (0.061)'),
      activation: fig(1.5, 'assumption', 'LPDDR4-3200 on a 32-bit bus (12.8 GB/s peak; STREAM-like copies reach about 4 GB/s) × the ' +
        'share the development machine\'s fit reached of its own copy bandwidth (about a third)'),
      update: fig(30, 'assumption', 'the development machine\'s measured 105 M parameters/s scaled by memory bandwidth (about 3.5× lower)'),
      overhead: fig(140, 'assumption', 'the development machine\'s measured 46 µs per layer × 3 for a Cortex-A72 core\'s single-thread speed'),
      memory: fig(4 * 2 ** 30, 'datasheet', 'Raspberry Pi 4 Model B product brief: 1, 2, 4 or 8 GB LPDDR4-3200 (4 GB model)'),
      ...GIGABIT,
    },
  }),
  trainer({
    id: 'rpi5', name: 'Raspberry Pi 5 (4× Cortex-A76, 2.4 GHz, 8 GB)', kind: 'cpu', runtime: 'PyTorch CPU, 4 threads',
    linkName: 'Gigabit Ethernet',
    figures: {
      dense: fig(76.8 * EFFICIENCY * 0.6, 'assumption', 'peak 76.8 GMAC/s (4 cores × 2.4 GHz × 8 fp32 FMA/cycle) × the measured 4.6 % dense efficiency × 0.6 for four threads'),
      depthwise: fig(76.8 * EFFICIENCY * 0.6 * (0.232 / 3.82), 'assumption', 'the dense figure × the measured depthwise/dense ratio (0.061)'),
      activation: fig(3, 'assumption', 'LPDDR4X-4267 on a 32-bit bus (17 GB/s peak) × about a sixth, as on the Raspberry Pi 4'),
      update: fig(60, 'assumption', 'the development machine\'s 105 M parameters/s scaled by memory bandwidth'),
      overhead: fig(80, 'assumption', 'the development machine\'s 46 µs per layer × 1.7 for a Cortex-A76 core'),
      memory: fig(8 * 2 ** 30, 'datasheet', 'Raspberry Pi 5 product brief: 2, 4, 8 or 16 GB LPDDR4X-4267 (8 GB model)'),
      ...GIGABIT,
    },
  }),
  trainer({
    id: 'jetson-nano', name: 'Jetson Nano 4 GB (128-core Maxwell GPU)', kind: 'gpu', runtime: 'PyTorch CUDA (JetPack 4)',
    linkName: 'Gigabit Ethernet',
    figures: {
      dense: fig(18, 'assumption', 'NVIDIA Jetson Nano datasheet: 472 GFLOPS fp16 → 236 GFLOPS fp32 = 118 GMAC/s peak; about 15 % on batch-64 convolutions of small feature maps'),
      depthwise: fig(2, 'assumption', 'depthwise convolutions are memory-bound on GPUs: about a ninth of the dense figure'),
      activation: fig(10, 'assumption', 'LPDDR4 25.6 GB/s (datasheet) shared with the CPU; about 40 % in small kernels'),
      update: fig(500, 'assumption', 'fused-free Adam in PyTorch: a few element-wise kernels over the parameters at ~10 GB/s'),
      overhead: fig(250, 'assumption', 'about 10 CUDA kernel launches per layer for forward, backward and the optimizer, ~25 µs each from the Cortex-A57 host'),
      memory: fig(4 * 2 ** 30, 'datasheet', 'NVIDIA Jetson Nano datasheet: 4 GB 64-bit LPDDR4, shared by CPU and GPU'),
      ...GIGABIT,
    },
  }),
  trainer({
    id: 'jetson-orin-nano', name: 'Jetson Orin Nano 8 GB (1024-core Ampere GPU)', kind: 'gpu', runtime: 'PyTorch CUDA (JetPack 6)',
    linkName: 'Gigabit Ethernet',
    figures: {
      dense: fig(96, 'assumption', 'NVIDIA Jetson Orin Nano datasheet: 1024 CUDA cores at 625 MHz → 1.28 TFLOPS fp32 = 640 GMAC/s peak; about 15 % on small batch-64 convolutions'),
      depthwise: fig(10, 'assumption', 'memory-bound: about a tenth of the dense figure'),
      activation: fig(30, 'assumption', 'LPDDR5 68 GB/s (datasheet) shared with the CPU; about 45 % in small kernels'),
      update: fig(1500, 'assumption', 'element-wise Adam kernels at ~30 GB/s'),
      overhead: fig(100, 'assumption', 'about 10 CUDA kernel launches per layer, ~10 µs each from the Cortex-A78AE host'),
      memory: fig(8 * 2 ** 30, 'datasheet', 'NVIDIA Jetson Orin Nano 8GB datasheet: 8 GB 128-bit LPDDR5, shared by CPU and GPU'),
      ...GIGABIT,
    },
  }),
]

export function getTrainer(id: string): Trainer | undefined {
  return TRAINERS.find((t) => t.id === id)
}
