import { describe, expect, it } from 'vitest'
import { formatAxisBytes, formatBytes, formatEnergy, formatError, formatMs, formatShare, runtimeLabel } from './estimate-format.ts'

describe('estimate formatting', () => {
  it('formats bytes in binary units', () => {
    expect([0, 512, 1023, 1024, 56320, 265994, 1048576, 2097152].map(formatBytes))
      .toEqual(['0 B', '512 B', '1023 B', '1.00 KiB', '55.0 KiB', '260 KiB', '1.00 MiB', '2.00 MiB'])
  })
  it('formats axis ticks without needless decimals', () => {
    expect([0, 500, 2048, 1536, 20_480, 5 * 1024 ** 2].map(formatAxisBytes)).toEqual(['0', '500 B', '2 KiB', '1.5 KiB', '20 KiB', '5 MiB'])
  })
  it('formats milliseconds and seconds with three significant digits', () => {
    expect([0, 0.0421, 4.213, 148.82, 999.4, 1234, 12_345].map(formatMs))
      .toEqual(['0 ms', '0.0421 ms', '4.21 ms', '149 ms', '999 ms', '1.23 s', '12.3 s'])
  })
  it('formats energy from microjoules', () => {
    expect([0.5, 932, 9341.06, 2.5e6].map(formatEnergy)).toEqual(['0.500 µJ', '932 µJ', '9.34 mJ', '2.50 J'])
  })
  it('formats shares and error bands', () => {
    expect([0, 0.004, 0.4297, 1.2].map(formatShare)).toEqual(['0%', '0.4%', '43%', '120%'])
    expect([0, 0.3, 4.7, 13].map(formatError)).toEqual(['', '±1%', '±5%', '±13%'])
  })
  it('names the kernel runtimes after the scheme', () => {
    expect([runtimeLabel('cmsis-nn', 's8'), runtimeLabel('portable', 's8'), runtimeLabel('cmsis-nn', 'pow2'), runtimeLabel('portable', 'pow2')])
      .toEqual(['CMSIS-NN', 'Portable C', 'CMSIS q7', 'Portable C'])
  })
})
