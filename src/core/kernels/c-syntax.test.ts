import { describe, expect, it } from 'vitest'
import { cArray, cCommentText, cFloat, cIdentifier, cInit, cInt, cPrefix, cStringText } from './c-syntax.ts'

describe('C syntax from untrusted names', () => {
  it('identifiers keep [a-z0-9_], never start with a digit and are never empty', () => {
    expect(cIdentifier('conv2d_1/Relu6;0')).toBe('conv2d_1_relu6_0')
    expect(cIdentifier('StatefulPartitionedCall:0', 32)).toBe('statefulpartitionedcall_0')
    expect(cIdentifier('StatefulPartitionedCall:0')).toBe('statefulpartitionedcall')
    expect(cIdentifier('*/ int x; /*')).toBe('int_x')
    expect(cIdentifier('"quoted"\nnewline')).toBe('quoted_newline')
    expect(cIdentifier('0conv')).toBe('n0conv')
    expect(cIdentifier('Ünïcødé ✓ 卷积')).toBe('unicde')
    expect(cIdentifier('卷积')).toBe('x')
    expect(cIdentifier('__reserved__')).toBe('reserved')
    expect(cIdentifier('a'.repeat(40), 24)).toBe('a'.repeat(24))
  })

  it('prefixes avoid C keywords and names the runtime or libc owns', () => {
    expect(cPrefix('My Model (v2)')).toBe('my_model_v2')
    expect(cPrefix('int')).toBe('int_model')
    expect(cPrefix('static')).toBe('static_model')
    expect(cPrefix('main')).toBe('main_model')
    expect(cPrefix('tf_net')).toBe('tf_net_model')
    expect(cPrefix('arm')).toBe('arm_model')
    expect(cPrefix('memcpy')).toBe('memcpy')
    expect(cPrefix('mem_net')).toBe('mem_net_model')
    expect(cPrefix('9lives')).toBe('n9lives')
    expect(cPrefix('')).toBe('x')
  })

  it('comment text cannot end the comment, splice lines or form trigraphs', () => {
    expect(cCommentText('a */ b /* c')).toBe('a __ b __ c')
    expect(cCommentText('line\nbreak\\')).toBe('line_break_')
    expect(cCommentText('??/ ??= what?')).toBe('___ __= what_')
    expect(cCommentText('x'.repeat(130), 20)).toBe(`${'x'.repeat(17)}...`)
    expect(cStringText('say "hi"\\n?')).toBe('say _hi__n_')
  })

  it('numbers are int32 literals; INT32_MIN cannot overflow', () => {
    expect(cInt(-2147483648)).toBe('(-2147483647 - 1)')
    expect(cInt(2147483647)).toBe('2147483647')
    expect(() => cInt(2147483648)).toThrow(RangeError)
    expect(() => cInt(0.5)).toThrow(RangeError)
    expect(cFloat(1 / 256)).toBe('0.00390625000f')
    expect(cFloat(2)).toBe('2.00000000f')
    expect(cInit({ input: { h: 1, w: 2 }, act: [-128, 127], p: 'NULL' })).toBe('{.input = {.h = 1, .w = 2}, .act = {-128, 127}, .p = NULL}')
  })

  it('arrays: values per line, one element for an empty array', () => {
    expect(cArray('int8_t', 'w', [1, -2, 3], { perLine: 2, attrs: 'TF_WEIGHTS_ATTR' }))
      .toBe('static const int8_t w[3] TF_WEIGHTS_ATTR = {\n    1, -2,\n    3,\n};')
    expect(cArray('int32_t', 'e', [])).toBe('static const int32_t e[1] = {\n    0,\n};')
  })
})
