/**
 * The parameter structs of the portable C runtime (codegen/c/runtime/*.h), as a typed table: one row per struct,
 * its fields in declaration order with their C types. From it come
 *   - the TypeScript type of each struct's value (what a binding's call plan fills in, checked by the compiler),
 *   - the C initializer (kernels/c-call.ts), which names fields, so it does not depend on the layout,
 *   - the byte layout on ILP32 targets (`structLayout`): wasm32 — what the WebAssembly engine writes into its
 *     memory — and 32-bit Arm alike. Every field is an int32_t, a 32-bit pointer or a nested struct of those, so
 *     each sits at the next multiple of 4 and no struct has padding. `runtime-structs.test.ts` compiles a C file
 *     with clang --target=wasm32 that reports sizeof/offsetof of every field and compares it with this table.
 * A new runtime struct is one row here; a field the C header changes must change here too (the test says which).
 */


export const RUNTIME_STRUCTS = {
  tf_dims: [['h', 'int32_t'], ['w', 'int32_t'], ['c', 'int32_t']],
  tf_window: [['kernel_h', 'int32_t'], ['kernel_w', 'int32_t'], ['stride_h', 'int32_t'], ['stride_w', 'int32_t'],
    ['dilation_h', 'int32_t'], ['dilation_w', 'int32_t'], ['pad_top', 'int32_t'], ['pad_left', 'int32_t']],
  tf_clamp: [['min', 'int32_t'], ['max', 'int32_t']],
  tf_conv_s8_params: [['input', 'tf_dims'], ['output', 'tf_dims'], ['window', 'tf_window'], ['input_offset', 'int32_t'],
    ['output_offset', 'int32_t'], ['depth_multiplier', 'int32_t'], ['act', 'tf_clamp']],
  tf_conv_q7_params: [['input', 'tf_dims'], ['output', 'tf_dims'], ['window', 'tf_window'], ['depth_multiplier', 'int32_t'],
    ['bias_shift', 'int32_t'], ['out_shift', 'int32_t'], ['act', 'tf_clamp']],
  tf_pool_params: [['input', 'tf_dims'], ['output', 'tf_dims'], ['window', 'tf_window'], ['act', 'tf_clamp']],
  tf_fc_s8_params: [['input_length', 'int32_t'], ['units', 'int32_t'], ['input_offset', 'int32_t'], ['output_offset', 'int32_t'],
    ['per_channel', 'int32_t'], ['act', 'tf_clamp']],
  tf_fc_q7_params: [['input_length', 'int32_t'], ['units', 'int32_t'], ['bias_shift', 'int32_t'], ['out_shift', 'int32_t'],
    ['act', 'tf_clamp']],
  tf_add_s8_params: [['size', 'int32_t'], ['left_shift', 'int32_t'], ['input1_offset', 'int32_t'], ['input1_multiplier', 'int32_t'],
    ['input1_shift', 'int32_t'], ['input2_offset', 'int32_t'], ['input2_multiplier', 'int32_t'], ['input2_shift', 'int32_t'],
    ['output_offset', 'int32_t'], ['output_multiplier', 'int32_t'], ['output_shift', 'int32_t'], ['act', 'tf_clamp']],
  tf_mean_s8_params: [['input', 'tf_dims'], ['input_offset', 'int32_t'], ['output_offset', 'int32_t'], ['multiplier', 'int32_t'],
    ['shift', 'int32_t']],
  tf_pad_params: [['input', 'tf_dims'], ['top', 'int32_t'], ['bottom', 'int32_t'], ['left', 'int32_t'], ['right', 'int32_t'],
    ['pad_value', 'int32_t']],
  tf_relu_s8_params: [['size', 'int32_t'], ['input_zero_point', 'int32_t'], ['output_zero_point', 'int32_t'], ['multiplier', 'int32_t'],
    ['shift', 'int32_t'], ['act', 'tf_clamp']],
  tf_softmax_s8_params: [['rows', 'int32_t'], ['row_size', 'int32_t'], ['multiplier', 'int32_t'], ['shift', 'int32_t'],
    ['diff_min', 'int32_t']],
  tf_preprocess_s8_params: [['size', 'int32_t'], ['channels', 'int32_t'], ['mean_count', 'int32_t'], ['mean', 'const int32_t *'],
    ['multiplier', 'int32_t'], ['shift', 'int32_t'], ['zero_point', 'int32_t']],
  tf_preprocess_q7_params: [['size', 'int32_t'], ['channels', 'int32_t'], ['mean_count', 'int32_t'], ['mean', 'const int32_t *'],
    ['left_shift', 'int32_t']],
} as const satisfies Record<string, readonly (readonly [string, string])[]>

export type StructName = keyof typeof RUNTIME_STRUCTS

/** A field's C type: a 32-bit integer, a pointer to one of the node's int32 constants, or a nested struct. */
type FieldType = 'int32_t' | 'const int32_t *' | StructName
type Field = readonly [string, FieldType]
// Every field type of the table is one of these (a typo fails here).
const FIELDS_ARE_TYPED: Record<StructName, readonly Field[]> = RUNTIME_STRUCTS
void FIELDS_ARE_TYPED

/** The node constants a call may point at: `<symbol>_<name>` in C, a copy in the WebAssembly engine's memory. */
export type ConstantName = 'weights' | 'bias' | 'multipliers' | 'shifts' | 'mean' | 'indices' | 'codebook' | 'bitmap' | 'values'

/** A pointer field's value: the node constant it points at. */
export interface ConstantRef {
  constant: ConstantName
}

type FieldValue<T> = T extends 'int32_t' ? number : T extends 'const int32_t *' ? ConstantRef : T extends StructName ? StructValue<T> : never

/** The value of struct T: an object with exactly its fields (numbers, nested structs, constant references). */
export type StructValue<T extends StructName> = { [F in (typeof RUNTIME_STRUCTS)[T][number] as F extends Field ? F[0] : never]:
  F extends Field ? FieldValue<F[1]> : never }

/** A struct name with its value: what a call plan passes by pointer (params) or by value. */
export type StructOf = { [T in StructName]: { type: T; value: StructValue<T> } }[StructName]

/** One scalar slot of a struct's ILP32 layout: its dotted field path, byte offset and kind. */
export interface LayoutSlot {
  path: string
  offset: number
  kind: 'int32_t' | 'const int32_t *'
}

export interface StructLayout {
  size: number
  slots: LayoutSlot[]
}

const LAYOUTS = new Map<StructName, StructLayout>()

/** The ILP32 layout of a struct: every scalar at the next multiple of 4, nested structs inline, no tail padding. */
export function structLayout(type: StructName): StructLayout {
  const cached = LAYOUTS.get(type)
  if (cached) return cached
  const slots: LayoutSlot[] = []
  let offset = 0
  for (const [name, fieldType] of RUNTIME_STRUCTS[type] as readonly Field[]) {
    if (fieldType === 'int32_t' || fieldType === 'const int32_t *') {
      slots.push({ path: name, offset, kind: fieldType })
      offset += 4
    } else {
      const inner = structLayout(fieldType)
      for (const s of inner.slots) slots.push({ path: `${name}.${s.path}`, offset: offset + s.offset, kind: s.kind })
      offset += inner.size
    }
  }
  const layout = { size: offset, slots }
  LAYOUTS.set(type, layout)
  return layout
}

/** The value at a dotted path of a struct value (a number or a constant reference); throws when it is missing. */
export function slotValue(value: object, path: string): number | ConstantRef {
  let v: unknown = value
  for (const key of path.split('.')) v = (v as Record<string, unknown> | undefined)?.[key]
  if (typeof v === 'number' || (v !== null && typeof v === 'object' && 'constant' in v)) return v as number | ConstantRef
  throw new Error(`struct value has no field ${path}`)
}
