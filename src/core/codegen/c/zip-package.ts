/**
 * The package as one zip (fflate): every file under a root folder named after the prefix, Unix permissions 0644,
 * a fixed modification time, so the same package always gives the same bytes. `unzipPackage` is the inverse
 * (tests, and readers of a downloaded bundle).
 */
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate'
import type { Zippable } from 'fflate'
import type { CPackageFiles } from './generate-package.ts'

/** 2000-01-01 00:00 local time: a fixed, DOS-representable timestamp. */
const FIXED_MTIME = new Date(2000, 0, 1, 0, 0, 0)

export function zipPackage(files: CPackageFiles, root: string): Uint8Array {
  if (!/^[a-z0-9_]+$/.test(root)) throw new RangeError(`zip root folder must be a C identifier, got '${root}'`)
  const tree: Zippable = {}
  for (const path of [...files.keys()].sort()) {
    const content = files.get(path)!
    const bytes = typeof content === 'string' ? strToU8(content) : content
    tree[`${root}/${path}`] = [bytes, { mtime: FIXED_MTIME, os: 3, attrs: 0o644 << 16, level: 9 }]
  }
  return zipSync(tree)
}

/** Files of a package zip, paths relative to its root folder, text decoded as UTF-8. */
export function unzipPackage(zip: Uint8Array): Map<string, string> {
  const out = new Map<string, string>()
  for (const [path, bytes] of Object.entries(unzipSync(zip))) {
    if (path.endsWith('/')) continue
    out.set(path.slice(path.indexOf('/') + 1), strFromU8(bytes))
  }
  return out
}
