import { describe, expect, it } from 'vitest'
import measured from './kernel-code-sizes.measured.json' with { type: 'json' }
import { HELIUM_STANDIN_ERROR_PCT, MIN_RATIO_ERROR_PCT, portableLatencyScale, portableStaticRam } from './kernel-runtime.ts'

describe('portable runtime RAM', () => {
  it('rounds scratch up to whole words and adds the arena guard word, as the package links them', () => {
    expect(portableStaticRam(0)).toEqual({ scratchBytes: 0, overheadBytes: 4 })
    expect(portableStaticRam(210)).toEqual({ scratchBytes: 212, overheadBytes: 4 })
    expect(portableStaticRam(144)).toEqual({ scratchBytes: 144, overheadBytes: 4 })
  })
})

describe('portable runtime latency scale', () => {
  const { c, dsp } = measured.ratios

  it('is the measured portable ÷ CMSIS-NN instruction ratio of the core’s CMSIS-NN code path', () => {
    expect(portableLatencyScale('cortex-m4', 'depthwise')).toEqual({ costCore: 'cortex-m4', ratio: dsp.depthwise.ratio, source: 'scaled',
      errorPct: Math.max(MIN_RATIO_ERROR_PCT, dsp.depthwise.errorPct) })
    expect(portableLatencyScale('cortex-m33', 'conv1x1')).toMatchObject({ costCore: 'cortex-m33', ratio: dsp.conv1x1.ratio, source: 'scaled' })
    expect(portableLatencyScale('cortex-m3', 'conv')).toMatchObject({ costCore: 'cortex-m3', ratio: c.conv.ratio, source: 'scaled' })
    expect(portableLatencyScale('cortex-m4', 'unknown')).toMatchObject({ ratio: dsp.elementwise.ratio, source: 'assumption' })
  })

  it('states the cores it was not measured on as assumptions, Helium through a scalar stand-in', () => {
    expect(portableLatencyScale('cortex-m0plus', 'fc')).toMatchObject({ costCore: 'cortex-m0plus', ratio: c.fc.ratio, source: 'assumption' })
    expect(portableLatencyScale('riscv32', 'fc')).toMatchObject({ costCore: 'riscv32', ratio: c.fc.ratio, source: 'assumption' })
    expect(portableLatencyScale('cortex-m55', 'conv')).toEqual({ costCore: 'cortex-m33', ratio: dsp.conv.ratio, source: 'assumption',
      errorPct: Math.max(MIN_RATIO_ERROR_PCT, dsp.conv.errorPct) + HELIUM_STANDIN_ERROR_PCT })
    expect(portableLatencyScale('cortex-m85', 'fc').costCore).toBe('cortex-m7')
  })

  it('was measured for every priced kind on both paths, from the instruction counts it summarises', () => {
    for (const path of [c, dsp]) {
      expect(Object.keys(path).sort()).toEqual(['conv', 'conv1x1', 'copy', 'depthwise', 'elementwise', 'fc', 'pool', 'softmax'])
      for (const r of Object.values(path)) expect(r.ratio).toBeCloseTo(r.portable / r.cmsisNn, 3)
    }
    // The portable kernels take their DSP paths (tf_nn_dsp.h) on these cores: the convolutions run within 1.3× of
    // CMSIS-NN's instructions there, and depthwise gains most against the plain C path.
    for (const kind of ['conv', 'conv1x1', 'depthwise'] as const) expect(dsp[kind].ratio).toBeLessThan(1.3)
    expect(dsp.depthwise.ratio).toBeLessThan(c.depthwise.ratio / 2)
  })
})
