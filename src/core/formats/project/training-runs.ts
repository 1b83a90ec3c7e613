/**
 * Validation of training-run records (ir/training-run.ts), for the project file reader and for import-weights.
 * `readTrainingRun` returns the record with exactly the known fields, or throws TrainingRunError naming the field.
 */
import type { TrainingEpoch, TrainingRun } from '../../ir/training-run.ts'

export class TrainingRunError extends Error {}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)

function field<T>(obj: Record<string, unknown>, key: string, ok: (v: unknown) => boolean, what: string, at: string): T {
  const v = obj[key]
  if (!ok(v)) throw new TrainingRunError(`${at}"${key}" must be ${what}`)
  return v as T
}

const isNum = (v: unknown): boolean => typeof v === 'number' && Number.isFinite(v)
const isStr = (v: unknown): boolean => typeof v === 'string'
const isCount = (v: unknown): boolean => Number.isSafeInteger(v) && (v as number) >= 0
const isNumOrNull = (v: unknown): boolean => v === null || isNum(v)

export function readTrainingRun(value: unknown, at = ''): TrainingRun {
  if (!isRecord(value)) throw new TrainingRunError(`${at}a training run must be an object`)
  const dataset = field<Record<string, unknown>>(value, 'dataset', isRecord, 'an object', at)
  const result = field<Record<string, unknown>>(value, 'result', isRecord, 'an object', at)
  const hyper = field<Record<string, unknown>>(value, 'hyperParameters', isRecord, 'an object', at)
  for (const [k, v] of Object.entries(hyper)) {
    if (!isNum(v) && !isStr(v) && typeof v !== 'boolean') throw new TrainingRunError(`${at}hyper-parameter "${k}" must be a number, string or true/false`)
  }
  const epochs = field<unknown[]>(value, 'epochs', Array.isArray, 'a list', at).map((e, i): TrainingEpoch => {
    const where = `${at}epoch ${i + 1}: `
    if (!isRecord(e)) throw new TrainingRunError(`${where}must be an object`)
    const epoch: TrainingEpoch = {
      epoch: field(e, 'epoch', isCount, 'a whole number', where),
      phase: field(e, 'phase', (v) => v === 'float' || v === 'qat', "'float' or 'qat'", where),
      loss: field(e, 'loss', isNum, 'a number', where),
      trainAccuracy: field(e, 'trainAccuracy', isNum, 'a number', where),
      validationAccuracy: field(e, 'validationAccuracy', isNumOrNull, 'a number or null', where),
    }
    if (e.seconds !== undefined) epoch.seconds = field(e, 'seconds', isNum, 'a number', where)
    return epoch
  })
  const evaluatedOn = field<'test' | 'validation'>(result, 'evaluatedOn', (v) => v === 'test' || v === 'validation', "'test' or 'validation'", `${at}result `)
  return {
    date: field(value, 'date', (v) => isStr(v) && !Number.isNaN(Date.parse(v as string)), 'an ISO date', at),
    backend: field(value, 'backend', isStr, 'a string', at),
    device: field(value, 'device', isStr, 'a string', at),
    ranks: field(value, 'ranks', (v) => isCount(v) && (v as number) >= 1, 'a whole number ≥ 1', at),
    distributed: field(value, 'distributed', isStr, 'a string', at),
    scheme: field(value, 'scheme', isStr, 'a string', at),
    rounding: field(value, 'rounding', isStr, 'a string', at),
    dataset: {
      source: field(dataset, 'source', isStr, 'a string', `${at}dataset `),
      fingerprint: field(dataset, 'fingerprint', isStr, 'a string', `${at}dataset `),
      train: field(dataset, 'train', isCount, 'a whole number', `${at}dataset `),
      validation: field(dataset, 'validation', isCount, 'a whole number', `${at}dataset `),
      test: field(dataset, 'test', isCount, 'a whole number', `${at}dataset `),
      classes: field(dataset, 'classes', isCount, 'a whole number', `${at}dataset `),
    },
    hyperParameters: { ...(hyper as Record<string, number | string | boolean>) },
    epochs,
    result: {
      floatAccuracy: field(result, 'floatAccuracy', isNumOrNull, 'a number or null', `${at}result `),
      qatAccuracy: field(result, 'qatAccuracy', isNumOrNull, 'a number or null', `${at}result `),
      int8Accuracy: field(result, 'int8Accuracy', isNum, 'a number', `${at}result `),
      evaluatedOn,
      samples: field(result, 'samples', isCount, 'a whole number', `${at}result `),
    },
  }
}
