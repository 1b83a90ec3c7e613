import { describe, expect, it } from 'vitest'
import { LINKS, getLink } from './links.ts'
import { TIERS, getTier } from './tiers.ts'
import { parseLinkFile, parseTierFile } from './remote-file.ts'

describe('links and tiers as data', () => {
  it('every figure has a value equal to the field, a kind and a source sentence', () => {
    for (const l of LINKS) {
      expect([l.bandwidthBps, l.rttMs, l.energyNjPerByte]).toEqual([l.figures.bandwidth.value, l.figures.rtt.value, l.figures.energy.value])
      expect(l.bandwidthBps).toBeGreaterThan(0)
      for (const f of Object.values(l.figures)) {
        expect(['datasheet', 'measurement', 'assumption']).toContain(f.kind)
        expect(f.source.length).toBeGreaterThan(30)
      }
    }
    for (const t of TIERS) {
      expect([t.gmacPerS, t.overheadMs, t.backhaulRttMs]).toEqual([t.figures.throughput.value, t.figures.overhead.value, t.figures.backhaul.value])
      expect(t.runtime).toMatch(/onnxruntime/)
      for (const f of Object.values(t.figures)) expect(f.source.length).toBeGreaterThan(30)
    }
    expect(new Set(LINKS.map((l) => l.id)).size).toBe(LINKS.length)
    expect(new Set(TIERS.map((t) => t.id)).size).toBe(TIERS.length)
    expect(getLink('ble-2m')?.name).toMatch(/Bluetooth/)
    expect(getTier('rpi4-cpu')?.kind).toBe('edge')
  })
})

describe('custom link and tier files', () => {
  it('parses a link and a tier, marking user figures as assumptions', () => {
    const l = parseLinkFile(JSON.stringify({ id: 'my-radio', name: 'My radio', bandwidthBps: 250000, rttMs: 0, energyNjPerByte: 500 }), 'radio.json')
    expect(l).toMatchObject({ id: 'my-radio', bandwidthBps: 250000, rttMs: 0, energyNjPerByte: 500, custom: true })
    expect(l.figures.bandwidth).toEqual({ value: 250000, kind: 'assumption', source: 'custom radio.json (user-supplied)' })
    const t = parseTierFile({ id: 'nuc', name: 'NUC', gmacPerS: 50, overheadMs: 0.2 })
    expect(t).toMatchObject({ id: 'nuc', kind: 'edge', runtime: 'onnxruntime', gmacPerS: 50, overheadMs: 0.2, backhaulRttMs: 0 })
  })

  it.each([
    ['{', /^link file: not valid JSON/],
    ['[]', /^link file: expected a JSON object/],
    [JSON.stringify({ id: 'x', name: 'x', rttMs: 1, energyNjPerByte: 1 }), /^link file: bandwidthBps is missing$/],
    [JSON.stringify({ id: 'x', name: 'x', bandwidthBps: -5, rttMs: 1, energyNjPerByte: 1 }), /^link file: bandwidthBps must be a positive number, got -5$/],
    [JSON.stringify({ id: 'x', name: 'x', bandwidthBps: 5, rttMs: -1, energyNjPerByte: 1 }), /^link file: rttMs must be a non-negative number, got -1$/],
    [JSON.stringify({ id: 'x', name: 'x', bandwidthBps: 5, rttMs: 1, energyNjPerByte: '3' }), /^link file: energyNjPerByte must be a non-negative number, got "3"$/],
    [JSON.stringify({ id: 'a b', name: 'x', bandwidthBps: 5, rttMs: 1, energyNjPerByte: 1 }), /^link file: id 'a b' must be/],
    [JSON.stringify({ id: 'x', name: 'x', bandwidthBps: 5, rttMs: 1, energyNjPerByte: 1, mtu: 5 }), /^link file: unknown field 'mtu'/],
  ])('refuses the link %s with one line', (text, message) => {
    expect(() => parseLinkFile(text)).toThrow(message)
    try { parseLinkFile(text) } catch (e) { expect(String((e as Error).message)).not.toContain('\n') }
  })

  it.each([
    [{ id: 'x', name: 'x', overheadMs: 1 }, /^tier file: gmacPerS is missing$/],
    [{ id: 'x', name: 'x', gmacPerS: 0, overheadMs: 1 }, /^tier file: gmacPerS must be a positive number, got 0$/],
    [{ id: 'x', name: 'x', gmacPerS: 1, overheadMs: -2 }, /^tier file: overheadMs must be a non-negative number/],
    [{ id: 'x', name: 'x', gmacPerS: 1, overheadMs: 1, kind: 'fog' }, /^tier file: kind must be 'edge' or 'cloud'/],
    [{ name: 'x', gmacPerS: 1, overheadMs: 1 }, /^tier file: id is missing$/],
  ])('refuses the tier %j', (o, message) => {
    expect(() => parseTierFile(JSON.stringify(o))).toThrow(message)
  })
})
