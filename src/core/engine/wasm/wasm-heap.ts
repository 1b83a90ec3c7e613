/**
 * A bump allocator over one kernels instance's memory, from `__heap_base` up (the stack lies below the data:
 * --stack-first), growing the memory as needed, and the writers of what a call plan needs there: constant arrays
 * and runtime structs laid out by the struct table (kernels/portable/runtime-structs.ts). Nothing is ever freed:
 * an instance lives as long as its prepared model.
 */
import type { NodeConstant } from '../../kernels/call-plan.ts'
import type { ConstantName, StructOf } from '../../kernels/portable/runtime-structs.ts'
import { slotValue, structLayout } from '../../kernels/portable/runtime-structs.ts'

const PAGE = 65536

export class WasmHeap {
  private top: number
  private buffer: ArrayBuffer
  private i8: Int8Array
  private i16: Int16Array
  private i32: Int32Array

  constructor(private readonly memory: WebAssembly.Memory, heapBase: number) {
    this.top = heapBase
    this.buffer = memory.buffer
    this.i8 = new Int8Array(this.buffer)
    this.i16 = new Int16Array(this.buffer)
    this.i32 = new Int32Array(this.buffer)
  }

  /** `bytes` bytes at an `align`-aligned address (power of two); the memory grows to hold them. */
  alloc(bytes: number, align = 16): number {
    const address = Math.ceil(this.top / align) * align
    this.top = address + Math.max(0, bytes)
    const need = Math.ceil(this.top / PAGE) - this.memory.buffer.byteLength / PAGE
    if (need > 0) this.memory.grow(need)
    return address
  }

  /** Int8 view of the whole memory (renewed after growth). */
  get bytes(): Int8Array {
    this.refresh()
    return this.i8
  }

  /** Int16 view of the whole memory (renewed after growth). */
  get halves(): Int16Array {
    this.refresh()
    return this.i16
  }

  /** Int32 view of the whole memory (renewed after growth). */
  get words(): Int32Array {
    this.refresh()
    return this.i32
  }

  /** Copies a constant array in; returns its address. Every value must be a whole number of the C type. */
  writeConstant(c: NodeConstant): number {
    if (c.type === 'int64_t') return this.writeInt64(c)
    const bits = c.type === 'int8_t' || c.type === 'uint8_t' ? 8 : c.type === 'int16_t' ? 16 : 32
    const [lo, hi] = c.type === 'uint8_t' ? [0, 255] : [-(2 ** (bits - 1)), 2 ** (bits - 1) - 1]
    for (let i = 0; i < c.data.length; i++) {
      const v = c.data[i]
      if (!Number.isInteger(v) || v < lo || v > hi) throw new RangeError(`constant ${c.name}[${i}] = ${v} is not a ${c.type}`)
    }
    const address = this.alloc(c.data.length * (bits / 8), 16)
    if (bits === 32) this.words.set(Array.from(c.data), address >> 2)
    else if (bits === 16) this.halves.set(Array.from(c.data), address >> 1)
    else this.bytes.set(c.data instanceof Int8Array || c.data instanceof Uint8Array ? new Uint8Array(c.data.buffer, c.data.byteOffset, c.data.length) : Array.from(c.data, (v) => v & 255), address)
    return address
  }

  /** An int64_t array of int32-range values: each as its low word and its sign word (little-endian). */
  private writeInt64(c: NodeConstant): number {
    const address = this.alloc(c.data.length * 8, 16)
    const words = this.words
    for (let i = 0; i < c.data.length; i++) {
      const v = c.data[i]
      if (!Number.isInteger(v) || v < -(2 ** 31) || v > 2 ** 31 - 1) throw new RangeError(`constant ${c.name}[${i}] = ${v} is not an int32-range int64_t`)
      words[(address >> 2) + 2 * i] = v
      words[(address >> 2) + 2 * i + 1] = v < 0 ? -1 : 0
    }
    return address
  }

  /** Writes a struct at `address` (4-aligned); pointer fields take the address of the named constant. */
  writeStruct(address: number, struct: StructOf, constants: ReadonlyMap<ConstantName, number>): void {
    const words = this.words
    for (const slot of structLayout(struct.type).slots) {
      const v = slotValue(struct.value, slot.path)
      let word: number
      if (typeof v === 'number') word = v
      else {
        const target = constants.get(v.constant)
        if (target === undefined) throw new Error(`${struct.type}.${slot.path} points at constant '${v.constant}', which the node lacks`)
        word = target
      }
      words[(address + slot.offset) >> 2] = word
    }
  }

  /** Allocates and writes a struct; returns its address. */
  struct(struct: StructOf, constants: ReadonlyMap<ConstantName, number>): number {
    const address = this.alloc(structLayout(struct.type).size, 4)
    this.writeStruct(address, struct, constants)
    return address
  }

  private refresh(): void {
    if (this.memory.buffer !== this.buffer) {
      this.buffer = this.memory.buffer
      this.i8 = new Int8Array(this.buffer)
      this.i16 = new Int16Array(this.buffer)
      this.i32 = new Int32Array(this.buffer)
    }
  }
}
