/**
 * Provenance of a training run (ProjectDoc.trainingRuns): what was trained on what, how, and how well. Written by
 * the exported project's train.py into the weights file and appended to the project by import-weights; the
 * project file stores it as is (formats/project/training-runs.ts validates it).
 */

export interface TrainingEpoch {
  /** 1-based over the whole run (float epochs first, then QAT). */
  epoch: number
  phase: 'float' | 'qat'
  /** Mean training loss. */
  loss: number
  trainAccuracy: number
  /** Accuracy of the model in its phase (float or fake-quantized) on the validation split; null without one. */
  validationAccuracy: number | null
  /** Wall time of the epoch; absent when the run was made reproducible with SOURCE_DATE_EPOCH. */
  seconds?: number
}

export interface TrainingRun {
  /** ISO 8601 date of the end of the run (SOURCE_DATE_EPOCH when set). */
  date: string
  /** E.g. 'pytorch 1.13.0a0 (python 3.11.2)'. */
  backend: string
  /** 'cpu', 'cuda', …; `ranks` processes (torchrun), `distributed` their backend ('gloo', 'nccl') or 'none'. */
  device: string
  ranks: number
  distributed: string
  scheme: string
  rounding: string
  dataset: {
    /** What --data named (a folder, files). */
    source: string
    /** sha256 of the decoded samples (float32 raw values) and labels (int64) of train, validation and test, in order. */
    fingerprint: string
    train: number
    validation: number
    test: number
    classes: number
  }
  /** epochs, qatEpochs, batchSize, lr, seed, valSplit, batchnorm, optimizer, … */
  hyperParameters: Record<string, number | string | boolean>
  epochs: TrainingEpoch[]
  result: {
    /** Accuracy of the float model and of the QAT (fake-quantized) model, when those phases ran. */
    floatAccuracy: number | null
    qatAccuracy: number | null
    /** The integer forward's accuracy — the device's arithmetic. */
    int8Accuracy: number
    evaluatedOn: 'test' | 'validation'
    samples: number
  }
}
