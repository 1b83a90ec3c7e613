/**
 * A flatbuffers ByteBuffer whose reads throw instead of returning garbage when an offset points outside
 * the file. The flatbuffers JS runtime has no verifier and reads past the end as 0, so a truncated or
 * corrupt .tflite would otherwise decode into nonsense (or loop over bogus vector lengths). Every scalar
 * read of the generated reader goes through these methods, so bounding them bounds the whole decode.
 */
import * as flatbuffers from 'flatbuffers'

export class OutOfBoundsError extends Error {
  constructor(readonly offset: number, readonly size: number, readonly capacity: number) {
    super(`read of ${size} bytes at offset ${offset} lies outside the ${capacity}-byte file`)
  }
}

export class CheckedByteBuffer extends flatbuffers.ByteBuffer {
  private check(offset: number, size: number): void {
    if (!Number.isInteger(offset) || offset < 0 || offset + size > this.capacity()) {
      throw new OutOfBoundsError(offset, size, this.capacity())
    }
  }
  override readInt8(offset: number): number { this.check(offset, 1); return super.readInt8(offset) }
  override readUint8(offset: number): number { this.check(offset, 1); return super.readUint8(offset) }
  override readInt16(offset: number): number { this.check(offset, 2); return super.readInt16(offset) }
  override readUint16(offset: number): number { this.check(offset, 2); return super.readUint16(offset) }
  override readInt32(offset: number): number { this.check(offset, 4); return super.readInt32(offset) }
  override readUint32(offset: number): number { this.check(offset, 4); return super.readUint32(offset) }
  override __string(offset: number, encoding?: flatbuffers.Encoding): string | Uint8Array {
    const start = offset + this.readInt32(offset)
    this.check(start + 4, this.readInt32(start))
    return super.__string(offset, encoding)
  }
}
