/**
 * Project file v4: training runs. The committed v3 fixture (custom targets, no runs) still loads; the v4 fixture's
 * run loads field for field and round-trips byte for byte; v3 → v4 does not mutate its input; a malformed run is a
 * corrupt file naming the run and the field.
 */
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { MIGRATIONS, parseProject, serializeProject } from './index.ts'

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8')
const asIs = <T>(d: T): T => d

describe('project file v4: training runs', () => {
  it('loads the committed v3 fixture (custom targets, no training runs) and saves it as v4', () => {
    const doc = parseProject(fixture('sensor-mlp-v3.tinyforge.json'))
    expect(doc.name).toBe('Sensor MLP (saved by TinyForge file format v3)')
    expect(doc.customTargets?.map((t) => t.id)).toEqual(['my-board'])
    expect(doc.trainingRuns).toBeUndefined()
    const text = serializeProject(doc, { materializeWeights: asIs })
    expect(JSON.parse(text).version).toBe(6)
    expect(parseProject(text)).toEqual(doc)
  })

  it('loads the committed v4 fixture with its training run, which round-trips byte for byte', () => {
    const text = fixture('sensor-mlp-v4-trained.tinyforge.json')
    const doc = parseProject(text)
    const run = doc.trainingRuns![0]
    expect(doc.trainingRuns).toHaveLength(1)
    expect(run.dataset).toEqual({ source: 'sensor-log.npy + sensor-labels.npy',
      fingerprint: '3f2a9c0d5e7b41a6c8d9e0f1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5', train: 900, validation: 100, test: 0, classes: 3 })
    expect(run.epochs.map((e) => [e.epoch, e.phase, e.seconds])).toEqual([[1, 'float', 6.2], [2, 'qat', undefined]])
    expect(run.result).toEqual({ floatAccuracy: 0.93, qatAccuracy: 0.92, int8Accuracy: 0.92, evaluatedOn: 'validation', samples: 100 })
    expect(serializeProject(doc, { materializeWeights: asIs })).toBe(text.replace('"version": 4', '"version": 6'))
  })

  it('v3 → v4 only bumps the version and does not mutate its input', () => {
    const v3 = JSON.parse(fixture('sensor-mlp-v3.tinyforge.json'))
    const copy = structuredClone(v3)
    expect(MIGRATIONS[3](v3)).toEqual({ ...copy, version: 4 })
    expect(v3).toEqual(copy)
  })

  it('refuses a malformed training run, naming it and the field', () => {
    const json = JSON.parse(fixture('sensor-mlp-v4-trained.tinyforge.json'))
    const bad = (edit: (run: Record<string, unknown>) => void) => {
      const j = structuredClone(json)
      edit(j.trainingRuns[0])
      return () => parseProject(JSON.stringify(j))
    }
    expect(bad((r) => { r.ranks = 0 })).toThrow('corrupt project file: training run 1: "ranks" must be a whole number ≥ 1')
    expect(bad((r) => { r.date = 'yesterday' })).toThrow('corrupt project file: training run 1: "date" must be an ISO date')
    expect(bad((r) => { (r.epochs as Record<string, unknown>[])[1].phase = 'warmup' }))
      .toThrow("corrupt project file: training run 1: epoch 2: \"phase\" must be 'float' or 'qat'")
    expect(bad((r) => { (r.result as Record<string, unknown>).int8Accuracy = 'high' }))
      .toThrow('corrupt project file: training run 1: result "int8Accuracy" must be a number')
    const notList = structuredClone(json)
    notList.trainingRuns = {}
    expect(() => parseProject(JSON.stringify(notList))).toThrow('corrupt project file: "trainingRuns" must be a list, found an object')
  })
})
