/** The content-box size of an element, kept current with a ResizeObserver (0 × 0 until measured). */
import type { RefObject } from 'react'
import { useEffect, useState } from 'react'

export function useElementSize(ref: RefObject<HTMLElement | null>): { width: number; height: number } {
  const [size, setSize] = useState({ width: 0, height: 0 })
  useEffect(() => {
    const el = ref.current
    if (!el) return
    const observer = new ResizeObserver(([entry]) => {
      const { width, height } = entry.contentRect
      setSize((s) => (s.width === Math.round(width) && s.height === Math.round(height) ? s : { width: Math.round(width), height: Math.round(height) }))
    })
    observer.observe(el)
    return () => observer.disconnect()
  }, [ref])
  return size
}
