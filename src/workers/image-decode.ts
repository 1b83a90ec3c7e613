/**
 * Decodes an image file in the browser (page or worker): createImageBitmap without colour-space conversion or alpha
 * premultiplication, drawn on an OffscreenCanvas, read back as RGBA. Any format the browser decodes works (PNG, JPEG,
 * GIF, BMP, WebP). A file the browser cannot decode raises CalibrationDataError naming it.
 */
import type { Pixels } from '../core/data/calibration-data.ts'
import { CalibrationDataError } from '../core/data/calibration-data.ts'

export async function decodeImageInBrowser(blob: Blob, path: string): Promise<Pixels> {
  let bitmap: ImageBitmap
  try {
    bitmap = await createImageBitmap(blob, { colorSpaceConversion: 'none', premultiplyAlpha: 'none' })
  } catch {
    throw new CalibrationDataError(`${path} could not be decoded as an image`)
  }
  try {
    const { width, height } = bitmap
    if (width < 1 || height < 1) throw new CalibrationDataError(`${path} is an empty image`)
    const canvas = new OffscreenCanvas(width, height)
    const ctx = canvas.getContext('2d', { willReadFrequently: true })
    if (!ctx) throw new CalibrationDataError('this browser cannot read image pixels (no OffscreenCanvas 2D context)')
    ctx.drawImage(bitmap, 0, 0)
    return { width, height, channels: 4, data: ctx.getImageData(0, 0, width, height).data }
  } finally {
    bitmap.close()
  }
}
