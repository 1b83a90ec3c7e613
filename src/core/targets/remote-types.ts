/**
 * What split computing needs beyond the microcontroller: the link that carries the cut tensor off the device and the
 * compute tier (edge box or cloud) that runs the rest of the network. Like the board catalog, every figure carries its
 * value, the words it was read from (`source`) and its kind: 'datasheet' (vendor document or standard), 'measurement'
 * (measured on hardware, by us or a cited source) or 'assumption' (our stated default, with its reasoning).
 */
import type { Figure } from './types.ts'

export interface Link {
  id: string
  name: string
  /** Application payload throughput from the device, bits per second (what a large transfer achieves). */
  bandwidthBps: number
  /** One request/response round trip over the link (ms): paid once per inference on top of the payload time. */
  rttMs: number
  /** Device radio energy per payload byte sent (nJ/B): radio-on power × time per payload byte. */
  energyNjPerByte: number
  figures: { bandwidth: Figure; rtt: Figure; energy: Figure }
  custom?: boolean
  notes?: string
}

export interface Tier {
  id: string
  name: string
  /** 'edge': a box on the device's local network; 'cloud': a server behind a wide-area network. */
  kind: 'edge' | 'cloud'
  /** The runtime the throughput assumes, e.g. 'onnxruntime 1.30 CPU EP, QDQ int8'. */
  runtime: string
  /** Effective int8 multiply-accumulates per second on batch-1 inference of small CNNs (GMAC/s). */
  gmacPerS: number
  /** Fixed cost of one inference on the tier (ms): session run, kernel launches, request handling. */
  overheadMs: number
  /** Round trip from the link's far end to the tier (ms): 0 on the local network, the WAN for a cloud region. */
  backhaulRttMs: number
  figures: { throughput: Figure; overhead: Figure; backhaul: Figure }
  custom?: boolean
  notes?: string
}
