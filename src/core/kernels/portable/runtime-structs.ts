/**
 * The parameter structs of the portable C runtime (codegen/c/runtime/*.h), as a typed table: one row per struct,
 * its fields in declaration order with their C types. From it come
 *   - the TypeScript type of each struct's value (what a binding's call plan fills in, checked by the compiler),
 *   - the C initializer (kernels/c-call.ts), which names fields, so it does not depend on the layout,
 *   - the byte layout on ILP32 targets (`structLayout`): wasm32 — what the WebAssembly engine writes into its
 *     memory — and 32-bit Arm alike. Every field is an int32_t, a 32-bit pointer, a nested struct of those or a
 *     fixed-size array of either (a third tuple element: its length), so each sits at the next multiple of 4 and no
 *     struct has padding. `runtime-structs.test.ts` compiles a C file
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
  tf_conv_s16_params: [['input', 'tf_dims'], ['output', 'tf_dims'], ['window', 'tf_window'], ['depth_multiplier', 'int32_t'],
    ['act', 'tf_clamp']],
  tf_conv_q7_params: [['input', 'tf_dims'], ['output', 'tf_dims'], ['window', 'tf_window'], ['depth_multiplier', 'int32_t'],
    ['bias_shift', 'int32_t'], ['out_shift', 'int32_t'], ['act', 'tf_clamp']],
  tf_pool_params: [['input', 'tf_dims'], ['output', 'tf_dims'], ['window', 'tf_window'], ['act', 'tf_clamp']],
  tf_fc_s8_params: [['input_length', 'int32_t'], ['units', 'int32_t'], ['input_offset', 'int32_t'], ['output_offset', 'int32_t'],
    ['per_channel', 'int32_t'], ['act', 'tf_clamp']],
  tf_fc_s16_params: [['input_length', 'int32_t'], ['units', 'int32_t'], ['multiplier', 'int32_t'], ['shift', 'int32_t'], ['act', 'tf_clamp']],
  tf_activation_s16_params: [['size', 'int32_t'], ['input_multiplier', 'int32_t'], ['input_shift', 'int32_t'], ['type', 'int32_t']],
  tf_requantize_params: [['size', 'int32_t'], ['input_zero_point', 'int32_t'], ['output_zero_point', 'int32_t'], ['multiplier', 'int32_t'],
    ['shift', 'int32_t'], ['input_type', 'int32_t'], ['output_type', 'int32_t']],
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
  tf_softmax_s16_params: [['rows', 'int32_t'], ['row_size', 'int32_t'], ['multiplier', 'int32_t'], ['shift', 'int32_t']],
  tf_softmax_s8_params: [['rows', 'int32_t'], ['row_size', 'int32_t'], ['multiplier', 'int32_t'], ['shift', 'int32_t'],
    ['diff_min', 'int32_t']],
  tf_preprocess_s8_params: [['size', 'int32_t'], ['channels', 'int32_t'], ['mean_count', 'int32_t'], ['mean', 'const int32_t *'],
    ['multiplier', 'int32_t'], ['shift', 'int32_t'], ['zero_point', 'int32_t']],
  tf_preprocess_q7_params: [['size', 'int32_t'], ['channels', 'int32_t'], ['mean_count', 'int32_t'], ['mean', 'const int32_t *'],
    ['left_shift', 'int32_t']],
  tf_dims4: [['n', 'int32_t'], ['h', 'int32_t'], ['w', 'int32_t'], ['c', 'int32_t']],
  tf_binary_dims: [['input1', 'tf_dims4'], ['input2', 'tf_dims4'], ['output', 'tf_dims4']],
  tf_mul_s8_params: [['input1', 'tf_dims4'], ['input2', 'tf_dims4'], ['output', 'tf_dims4'], ['input1_offset', 'int32_t'],
    ['input2_offset', 'int32_t'], ['output_offset', 'int32_t'], ['multiplier', 'int32_t'], ['shift', 'int32_t'], ['act', 'tf_clamp']],
  tf_transpose_params: [['dims', 'int32_t', 4], ['perm', 'int32_t', 4]],
  tf_batch_matmul_s8_params: [['lhs_batches', 'int32_t'], ['rhs_batches', 'int32_t'], ['batches', 'int32_t'], ['rows', 'int32_t'],
    ['depth', 'int32_t'], ['cols', 'int32_t'], ['transpose_b', 'int32_t'], ['lhs_offset', 'int32_t'], ['rhs_offset', 'int32_t'],
    ['output_offset', 'int32_t'], ['multiplier', 'int32_t'], ['shift', 'int32_t'], ['act', 'tf_clamp']],
  tf_transpose_conv_s8_params: [['input', 'tf_dims'], ['output', 'tf_dims'], ['window', 'tf_window'], ['input_offset', 'int32_t'],
    ['output_offset', 'int32_t'], ['act', 'tf_clamp']],
  tf_svdf_s8_params: [['input_size', 'int32_t'], ['units', 'int32_t'], ['rank', 'int32_t'], ['memory', 'int32_t'],
    ['input_offset', 'int32_t'], ['output_offset', 'int32_t'], ['feature_multiplier', 'int32_t'], ['feature_shift', 'int32_t'],
    ['output_multiplier', 'int32_t'], ['output_shift', 'int32_t']],
  tf_lstm_gate: [['input_multiplier', 'int32_t'], ['input_shift', 'int32_t'], ['hidden_multiplier', 'int32_t'], ['hidden_shift', 'int32_t'],
    ['input_weights', 'const int8_t *'], ['hidden_weights', 'const int8_t *'], ['input_effective_bias', 'const int32_t *'],
    ['hidden_effective_bias', 'const int32_t *']],
  tf_lstm_s8_params: [['time_steps', 'int32_t'], ['input_size', 'int32_t'], ['units', 'int32_t'], ['return_sequences', 'int32_t'],
    ['stateful', 'int32_t'], ['cell_activation', 'int32_t'], ['forget_to_cell_multiplier', 'int32_t'], ['forget_to_cell_shift', 'int32_t'],
    ['input_to_cell_multiplier', 'int32_t'], ['input_to_cell_shift', 'int32_t'], ['cell_clip', 'int32_t'], ['cell_scale_power', 'int32_t'],
    ['hidden_multiplier', 'int32_t'], ['hidden_shift', 'int32_t'], ['hidden_zero_point', 'int32_t'], ['gates', 'tf_lstm_gate', 4]],
} as const satisfies Record<string, readonly (readonly [string, string] | readonly [string, string, number])[]>

export type StructName = keyof typeof RUNTIME_STRUCTS

/** A field's C type: a 32-bit integer, a pointer to one of the node's int32 / int8 constants, or a nested struct. */
type FieldType = 'int32_t' | PointerType | StructName
type PointerType = 'const int32_t *' | 'const int8_t *'
/** [name, type] or, for a fixed-size array, [name, element type, length]. */
type Field = readonly [string, FieldType] | readonly [string, FieldType, number]
// Every field type of the table is one of these (a typo fails here).
const FIELDS_ARE_TYPED: Record<StructName, readonly Field[]> = RUNTIME_STRUCTS
void FIELDS_ARE_TYPED

type LstmGate = 'input' | 'forget' | 'cell' | 'output'

/**
 * The node constants a call may point at: `<symbol>_<name>` in C, a copy in the WebAssembly engine's memory. SVDF has
 * its feature (int8) and time (int16) weights; LSTM per gate its input (`w_`) and recurrent (`r_`) weights and the
 * effective biases of both products (`bx_`, `bh_`); encoded weights their packed indices + codebook (palettized) or
 * bitmap + non-zero values (sparse).
 */
export type ConstantName = 'weights' | 'bias' | 'multipliers' | 'shifts' | 'mean' | 'weights_feature' | 'weights_time'
  | 'indices' | 'codebook' | 'bitmap' | 'values' | `${'w' | 'r' | 'bx' | 'bh'}_${LstmGate}`

/** A pointer field's value: the node constant it points at. */
export interface ConstantRef {
  constant: ConstantName
}

type FieldValue<T> = T extends 'int32_t' ? number : T extends PointerType ? ConstantRef : T extends StructName ? StructValue<T> : never
type FieldOf<F> = F extends readonly [string, infer T, number] ? readonly FieldValue<T>[] : F extends readonly [string, infer T] ? FieldValue<T> : never

/** The value of struct T: an object with exactly its fields (numbers, nested structs, constant references, arrays of those). */
export type StructValue<T extends StructName> = { [F in (typeof RUNTIME_STRUCTS)[T][number] as F extends Field ? F[0] : never]: FieldOf<F> }

/** A struct name with its value: what a call plan passes by pointer (params) or by value. */
export type StructOf = { [T in StructName]: { type: T; value: StructValue<T> } }[StructName]

/** One scalar slot of a struct's ILP32 layout: its dotted field path, byte offset and kind. */
export interface LayoutSlot {
  path: string
  offset: number
  kind: 'int32_t' | PointerType
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
  for (const [name, fieldType, length] of RUNTIME_STRUCTS[type] as readonly Field[]) {
    const paths = length === undefined ? [name] : Array.from({ length }, (_, i) => `${name}[${i}]`)
    for (const path of paths) {
      if (fieldType === 'int32_t' || fieldType === 'const int32_t *' || fieldType === 'const int8_t *') {
        slots.push({ path, offset, kind: fieldType })
        offset += 4
      } else {
        const inner = structLayout(fieldType)
        for (const s of inner.slots) slots.push({ path: `${path}.${s.path}`, offset: offset + s.offset, kind: s.kind })
        offset += inner.size
      }
    }
  }
  const layout = { size: offset, slots }
  LAYOUTS.set(type, layout)
  return layout
}

/** The value at a dotted path (`gates[1].input_weights`) of a struct value (a number or a constant reference); throws when it is missing. */
export function slotValue(value: object, path: string): number | ConstantRef {
  let v: unknown = value
  for (const key of path.split('.')) {
    const m = /^(\w+)\[(\d+)\]$/.exec(key)
    v = m ? ((v as Record<string, unknown[] | undefined> | undefined)?.[m[1]])?.[Number(m[2])] : (v as Record<string, unknown> | undefined)?.[key]
  }
  if (typeof v === 'number' || (v !== null && typeof v === 'object' && 'constant' in v)) return v as number | ConstantRef
  throw new Error(`struct value has no field ${path}`)
}
