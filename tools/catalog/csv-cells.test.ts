import { describe, expect, it } from 'vitest'
import { parseCsv, parseCsvRecords } from './csv.ts'
import {
  parseClockMHz, parseCore, parsePowerMw, parseRunCurrentMa, parseSizeBytes, parseSupplyV, slugOf,
} from './csv-cells.ts'

describe('CSV records', () => {
  it('handles quotes, doubled quotes, commas and CRLF', () => {
    expect(parseCsvRecords('a,b\r\n"x, ""y""",2\n')).toEqual([['a', 'b'], ['x, "y"', '2']])
    expect(parseCsv('a,b\n1,\n')).toEqual([{ a: '1', b: '' }])
  })

  it('rejects ragged records and unterminated quotes', () => {
    expect(() => parseCsv('a,b\n1\n')).toThrow('CSV: record 2 has 1 fields, the header has 2')
    expect(() => parseCsvRecords('a,"b\n')).toThrow('CSV: unterminated quoted field')
  })
})

describe('targets.csv cell readers', () => {
  it('takes the primary clock', () => {
    expect(parseClockMHz('480 (Linux kernel doc says 400 for early revision)')).toBe(480)
    expect(parseClockMHz('128 (app) / 64 (net)')).toBe(128)
    expect(parseClockMHz('not retrieved')).toBeUndefined()
  })

  it('reads sizes in KB unless MB is written', () => {
    expect(parseSizeBytes('1.19MB (as stated)')).toBe(1247805)
    expect(parseSizeBytes('320 (MLPerf JSON); Zephyr doc says both "340 Kbytes of RAM"')).toBe(327680)
    expect(parseSizeBytes('external QSPI or in-package 4 MB (ESP32-C3FH4); 384 KB ROM')).toBe(4194304)
    expect(parseSizeBytes('0 on-chip; QSPI XIP up to 16 MB; Pico board has 2 MB')).toBeUndefined()
    expect(parseSizeBytes('not retrieved')).toBeUndefined()
  })

  it('reads measured power, ranges as midpoints', () => {
    expect(parsePowerMw('121.8-166.4 mW avg during MLPerf energy windows; Krai 129.4-157.9 mW'))
      .toEqual({ value: 144.1, note: 'midpoint of 121.8–166.4 mW' })
    expect(parsePowerMw('derived from results.csv: e.g. KWS 245.341 uJ / 48.3 ms = ~5.1 mW (inferred)'))
      .toEqual({ value: 5.1, note: '5.1 mW' })
    expect(parsePowerMw('(latency only)')).toBeUndefined()
  })

  it('reads run currents, skipping "down to" best cases and scaling to the clock', () => {
    expect(parseRunCurrentMa('"down to 300 nA Standby mode and 19.5 uA/MHz run mode"', 160)).toBeUndefined()
    expect(parseRunCurrentMa('App CPU CoreMark @64 MHz from flash: 2.7 mA (91 CoreMark/mA)', 128))
      .toEqual({ value: 5.4, note: '2.7 mA at 64 MHz scaled linearly to 128 MHz' })
    expect(parseRunCurrentMa('typical 120 uA/MHz in run mode', 80)).toEqual({ value: 9.6, note: '120 µA/MHz × 80 MHz' })
    expect(parseRunCurrentMa('5 V bench supply: CPU @160MHz busy loop 40.7 mA (DevKitM-1)', 160))
      .toEqual({ value: 40.7, note: '40.7 mA' })
  })

  it('reads a single supply voltage but not a range', () => {
    expect(parseSupplyV('3.3 V typical')).toBe(3.3)
    expect(parseSupplyV('3 V on VDD/VDDH in Nordic current scenarios')).toBe(3)
    expect(parseSupplyV('board input 1.8-5.5 V')).toBeUndefined()
    expect(parseSupplyV('1.7-3.6 (VDD)')).toBeUndefined()
  })

  it('maps the first named core and slugs the first board name', () => {
    expect(parseCore('Cortex-M4 (+M0+)')).toBe('cortex-m4')
    expect(parseCore('2x Cortex-M0+')).toBe('cortex-m0plus')
    expect(parseCore('App: Cortex-M33 (FPU, DSP); Net: Cortex-M33')).toBe('cortex-m33')
    expect(parseCore('2x Xtensa LX7')).toBe('esp32-s3')
    expect(parseCore('RISC-V (single)')).toBe('riscv32')
    expect(parseCore('Renesas RXv2')).toBeUndefined()
    expect(slugOf('nRF52840 DK / Arduino Nano 33 BLE (Sense)')).toBe('nrf52840-dk')
    expect(slugOf('NUCLEO-L4R5ZI (MLPerf reference platform)')).toBe('nucleo-l4r5zi')
  })
})
