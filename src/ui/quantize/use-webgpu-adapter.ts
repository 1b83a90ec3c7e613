/**
 * Whether this page can get a WebGPU adapter (null while probing). The worker probes again itself (ort-runner's
 * pickOrtBackend); this only decides whether the WebGPU choice is offered. Probed once per page, without loading
 * onnxruntime-web on the main thread.
 */
import { useEffect, useState } from 'react'

let probe: Promise<boolean> | undefined

async function hasAdapter(): Promise<boolean> {
  const gpu = (navigator as { gpu?: { requestAdapter(): Promise<unknown> } }).gpu
  if (!gpu) return false
  try {
    return (await gpu.requestAdapter()) !== null
  } catch {
    return false
  }
}

export function useWebGpuAdapter(): boolean | null {
  const [available, setAvailable] = useState<boolean | null>(null)
  useEffect(() => {
    let live = true
    probe ??= hasAdapter()
    void probe.then((ok) => { if (live) setAvailable(ok) })
    return () => { live = false }
  }, [])
  return available
}
