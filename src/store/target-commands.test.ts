import { describe, expect, it } from 'vitest'
import { emptyProject } from './document-slice.ts'
import { createEditorStore } from './editor-store.ts'
import type { CustomTargetFields } from './target-commands.ts'
import {
  DEFAULT_TARGET_IDS, customTargetFromFields, customTargetFromFile, resolveTargets, setCatalogSelection, setTargetCompared,
  withTargetsOf,
} from './target-commands.ts'

const FIELDS: CustomTargetFields = {
  id: 'my-board', name: 'My board', core: 'cortex-m4', clockMHz: '80', sramBytes: '65536', flashBytes: '262144', activePowerMw: '',
}

describe('target selection', () => {
  it('the default set names catalog boards', () => {
    const { targets, unknown } = resolveTargets({ targets: [...DEFAULT_TARGET_IDS] })
    expect(unknown).toEqual([])
    expect(targets.map((t) => t.core)).toEqual(['cortex-m0plus', 'cortex-m4', 'cortex-m4', 'cortex-m33', 'cortex-m7', 'esp32-s3'])
  })

  it('resolves catalog and custom ids in selection order, listing unknown ids and invalid custom boards', () => {
    const spec = { id: 'mine', name: 'Mine', core: 'cortex-m33', clockMHz: 100, sramBytes: 1024, flashBytes: 2048, activePowerMw: 9 }
    const broken = { ...spec, id: 'broken', clockMHz: -1 }
    const r = resolveTargets({ targets: ['mine', 'nucleo-f446re', 'nope', 'broken'], customTargets: [spec, broken] })
    expect(r.targets.map((t) => t.id)).toEqual(['mine', 'nucleo-f446re'])
    expect(r.targets[0]).toMatchObject({ custom: true, clockMHz: 100, activePowerMw: 9 })
    expect(r.unknown).toEqual(['nope'])
    expect(r.invalid).toEqual([{ id: 'broken', message: 'target file: clockMHz must be a positive number' }])
  })

  it('new documents keep the current boards, or get the defaults', () => {
    const base = emptyProject('x', 'cmsis-nn')
    expect(withTargetsOf(base, { targets: [] }).targets).toEqual(DEFAULT_TARGET_IDS)
    const spec = { id: 'mine', name: 'Mine', core: 'cortex-m4', clockMHz: 1, sramBytes: 1, flashBytes: 1 }
    const next = withTargetsOf(base, { targets: ['mine'], customTargets: [spec] })
    expect(next.targets).toEqual(['mine'])
    expect(next.customTargets).toEqual([spec])
  })

  it('toggles one board and sets the catalog selection, keeping custom boards and the order of those kept', () => {
    const store = createEditorStore()
    store.getState().addCustomTarget({ id: 'mine', name: 'Mine', core: 'cortex-m4', clockMHz: 1, sramBytes: 1, flashBytes: 1 })
    setTargetCompared(store, 'esp32-s3-devkitc', true)
    setTargetCompared(store, 'nucleo-f446re', true)
    expect(store.getState().doc.targets).toEqual(['mine', 'esp32-s3-devkitc', 'nucleo-f446re'])
    setTargetCompared(store, 'esp32-s3-devkitc', false)
    expect(store.getState().doc.targets).toEqual(['mine', 'nucleo-f446re'])
    setCatalogSelection(store, ['nrf52840-dk', 'nucleo-f446re', 'not-a-board', '32f746g-disco'])
    expect(store.getState().doc.targets).toEqual(['mine', 'nucleo-f446re', 'nrf52840-dk', '32f746g-disco'])
    setCatalogSelection(store, [])
    expect(store.getState().doc.targets).toEqual(['mine'])
  })
})

describe('custom target form', () => {
  it('accepts valid fields; power is kept only when given', () => {
    expect(customTargetFromFields(FIELDS)).toEqual({
      ok: true, spec: { id: 'my-board', name: 'My board', core: 'cortex-m4', clockMHz: 80, sramBytes: 65536, flashBytes: 262144 },
    })
    const withPower = customTargetFromFields({ ...FIELDS, activePowerMw: '12.5' })
    expect(withPower.ok && withPower.spec.activePowerMw).toBe(12.5)
  })

  it.each([
    [{ clockMHz: '' }, 'target file: clockMHz is missing', 'clockMHz'],
    [{ clockMHz: 'fast' }, 'target file: clockMHz must be a positive number', 'clockMHz'],
    [{ sramBytes: '1.5' }, 'target file: sramBytes must be a positive whole number', 'sramBytes'],
    [{ core: 'cortex-m9' }, "target file: unknown core 'cortex-m9'; expected one of cortex-m0plus, cortex-m3, cortex-m4, " +
      'cortex-m7, cortex-m33, cortex-m55, cortex-m85, esp32-s3, riscv32', 'core'],
    [{ id: 'a b' }, "target file: id 'a b' must be 1–64 letters, digits, '.', '_' or '-'", 'id'],
    [{ name: ' ' }, 'target file: name is missing', 'name'],
    [{ id: 'nucleo-f446re' }, "target file: id 'nucleo-f446re' is already a catalog board; choose another id", 'id'],
  ])('%j → %s', (change, message, field) => {
    expect(customTargetFromFields({ ...FIELDS, ...change })).toEqual({ ok: false, message, field })
  })

  it('reads a target file, with the parser messages for bad ones', () => {
    const r = customTargetFromFile('{"id":"b","name":"B","core":"riscv32","clockMHz":160,"sramBytes":4096,"flashBytes":8192,"activePowerMw":30}', 'b.json')
    expect(r).toEqual({ ok: true, spec: { id: 'b', name: 'B', core: 'riscv32', clockMHz: 160, sramBytes: 4096, flashBytes: 8192, activePowerMw: 30 } })
    const bad = customTargetFromFile('{"id":"b","colour":1}', 'b.json')
    expect(bad).toEqual({ ok: false, field: null,
      message: "target file: unknown field 'colour'; expected id, name, core, clockMHz, sramBytes, flashBytes, activePowerMw" })
  })
})
