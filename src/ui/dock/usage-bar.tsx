/** A requirement drawn against a device's capacity: a thin bar (amber above 85 %, red when it does not fit) and the figures. */
import { formatBytes, formatShare } from './estimate-format.ts'

interface UsageBarProps {
  used: number
  capacity: number
  fits: boolean
  /** Accessible name, e.g. "Flash on NUCLEO-F446RE". */
  label: string
}

/** Above this share of the capacity the bar turns amber. */
const TIGHT = 0.85

export function UsageBar({ used, capacity, fits, label }: UsageBarProps) {
  const share = capacity > 0 ? used / capacity : 0
  const level = !fits ? 'over' : share > TIGHT ? 'tight' : 'ok'
  return (
    <div className={`tf-usage tf-usage--${level}`} data-level={level}>
      <div className="tf-usage__track" role="meter" aria-label={label} aria-valuemin={0} aria-valuemax={capacity}
        aria-valuenow={Math.min(used, capacity)} aria-valuetext={`${formatBytes(used)} of ${formatBytes(capacity)}`}>
        <div className="tf-usage__fill" style={{ width: `${Math.min(100, share * 100)}%` }} />
      </div>
      <div className="tf-usage__text">
        <span className="tf-usage__used" data-testid="usage-used">{formatBytes(used)}</span>
        <span className="tf-usage__of">/ {formatBytes(capacity)}</span>
        <span className="tf-usage__share" title="share of the device's capacity">{formatShare(share)}</span>
      </div>
    </div>
  )
}
