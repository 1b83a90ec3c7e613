/**
 * Files dropped on the Train tab's data box: one folder (walked recursively; paths below it, as a folder picked
 * with the file dialog) or loose files (.npy, IDX). Read in the page; nothing is uploaded.
 */
import type { DataFileRef } from '../../workers/quantize-protocol.ts'

export interface DroppedData {
  kind: 'folder' | 'files'
  label: string
  files: DataFileRef[]
}

interface Entry {
  isFile: boolean
  isDirectory: boolean
  name: string
  file?(ok: (f: File) => void, fail: (e: unknown) => void): void
  createReader?(): { readEntries(ok: (entries: Entry[]) => void, fail: (e: unknown) => void): void }
}

export async function droppedData(dt: DataTransfer): Promise<DroppedData | null> {
  const entries = [...dt.items].map((i) => (i as DataTransferItem & { webkitGetAsEntry?(): Entry | null }).webkitGetAsEntry?.() ?? null)
  if (entries.length === 1 && entries[0]?.isDirectory) {
    const files: DataFileRef[] = []
    await walk(entries[0], '', files)
    return { kind: 'folder', label: entries[0].name, files }
  }
  const files = [...dt.files].map((f) => ({ path: f.name, blob: f }))
  return files.length > 0 ? { kind: 'files', label: files.map((f) => f.path).join(', '), files } : null
}

async function walk(dir: Entry, prefix: string, out: DataFileRef[]): Promise<void> {
  const reader = dir.createReader!()
  for (;;) {
    const batch = await new Promise<Entry[]>((ok, fail) => reader.readEntries(ok, fail))
    if (batch.length === 0) return
    for (const e of batch) {
      const path = prefix ? `${prefix}/${e.name}` : e.name
      if (e.isDirectory) await walk(e, path, out)
      else if (e.isFile) out.push({ path, blob: await new Promise<File>((ok, fail) => e.file!(ok, fail)) })
    }
  }
}
