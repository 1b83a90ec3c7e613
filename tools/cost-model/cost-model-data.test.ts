import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { peerRatio, readResults, selectCmsisNnRows } from './cost-model-data.ts'

const results = readResults(readFileSync(new URL('../../../shared/data/mlperf-tiny/results.csv', import.meta.url), 'utf8'))

describe('CMSIS-NN row selection', () => {
  const rows = selectCmsisNnRows(results)
  const systems = (status: string) => [...new Set(rows.filter((r) => r.status === status).map((r) => r.system))]

  it('fits the Cortex-M rows of runtimes built on CMSIS-NN', () => {
    expect(systems('fit')).toEqual(['microtvm_cmsis_nn/NUCLEO_L4R5ZI', 'NUCLEO_L4R5ZI-mbed_os', 'NUCLEO_L4R5ZI-zephyr', 'EK-RA8D1'])
    expect(rows.filter((r) => r.status === 'fit').length).toBe(16)
  })

  it('keeps re-runs, the 2020 reference build and non-Arm or accelerated builds out of the fit', () => {
    expect(systems('reproduction')).toEqual(['NUCLEO-L4R5ZI_MICROTVM-CMSIS-NN', 'NUCLEO-L4R5ZI_MicroTVM_CMSIS_NN'])
    expect(systems('older-kernels')).toEqual(['Nucleo-L4R5ZI'])
    expect(systems('excluded')).toEqual(['silicon_labs_xG24_DK2601B', 'TinkerV-linux-andes_nn'])
    expect(rows.some((r) => r.system === 'RX65N-Cloud-Kit')).toBe(false)
  })
})

describe('peer-runtime core ratios', () => {
  it('measures Cortex-M7, M33 and M0+ cycles relative to Cortex-M4', () => {
    const m7 = peerRatio(results, 'Cortex-M7')
    expect(m7.pairs.length).toBe(39)
    expect(m7.factor).toBeCloseTo(0.5476, 4)
    expect(peerRatio(results, 'Cortex-M33').factor).toBeCloseTo(0.8179, 4)
    const m0 = peerRatio(results, 'Cortex-M0+')
    expect(m0.pairs.map((p) => p.submitter)).toEqual(Array(8).fill('bosch'))
    expect(m0.factor).toBeCloseTo(4.4587, 4)
  })

  it('leaves out the unexplained VWW rows of ST and Plumerai from v1.1 on', () => {
    const m33 = peerRatio(results, 'Cortex-M33')
    expect(m33.pairs.filter((p) => p.benchmark === 'vww' && p.version >= 'v1.1' && p.submitter !== 'bosch')).toEqual([])
  })
})
