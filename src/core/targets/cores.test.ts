import { describe, expect, it } from 'vitest'
import { CORES, kernelIsaOf } from './cores.ts'
import { CORE_IDS } from './types.ts'

describe('core table', () => {
  it('maps cores to the CMSIS-NN code path they compile', () => {
    expect(['cortex-m0plus', 'cortex-m3', 'cortex-m4', 'cortex-m7', 'cortex-m33', 'cortex-m55', 'cortex-m85', 'esp32-s3', 'riscv32']
      .map((c) => kernelIsaOf(c as never))).toEqual(['c', 'c', 'dsp', 'dsp', 'dsp', 'mve', 'mve', 'c', 'c'])
  })

  it('names the measured CPU whose code sizes price each core, with stand-ins', () => {
    expect(CORES['cortex-m33'].codeSize).toEqual({ cpu: 'cortex-m33' })
    expect(CORES.riscv32.codeSize.standIn).toContain('portable C')
    expect(Object.keys(CORES).sort()).toEqual([...CORE_IDS].sort())
  })
})
