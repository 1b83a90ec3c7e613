/** Figures of the split analysis as people read them (CLI table and Split panel). */

export function formatMs(ms: number): string {
  return ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : ms >= 10 ? `${ms.toFixed(1)} ms` : `${ms.toFixed(2)} ms`
}

export function formatUj(uj: number): string {
  return uj >= 1e6 ? `${(uj / 1e6).toFixed(2)} J` : uj >= 1000 ? `${(uj / 1000).toFixed(2)} mJ` : `${uj.toFixed(1)} µJ`
}

export function formatBandwidth(bps: number): string {
  return bps >= 1e6 ? `${(bps / 1e6).toFixed(2)} Mbit/s` : bps >= 1e3 ? `${(bps / 1e3).toFixed(1)} kbit/s` : `${bps.toFixed(0)} bit/s`
}
