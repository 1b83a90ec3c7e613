/**
 * The boards the open project compares, resolved to Target objects (catalog + custom). Derived, never
 * stored: recomputed only when the selection or the custom boards change, so the array keeps its identity
 * across graph edits and can key the estimate's memo.
 */
import type { CustomTargetSpec } from '../../core/ir/project.ts'
import { selectCustomTargets, selectTargetIds } from '../../store/document-slice.ts'
import type { ResolvedTargets } from '../../store/target-commands.ts'
import { resolveTargets } from '../../store/target-commands.ts'
import { useEditor } from './use-editor.ts'

let memo: { ids: readonly string[]; custom: readonly CustomTargetSpec[]; resolved: ResolvedTargets } | undefined

export function resolvedTargetsOf(ids: readonly string[], custom: readonly CustomTargetSpec[]): ResolvedTargets {
  if (memo && memo.ids === ids && memo.custom === custom) return memo.resolved
  const resolved = resolveTargets({ targets: [...ids], customTargets: [...custom] })
  memo = { ids, custom, resolved }
  return resolved
}

export function useTargets(): ResolvedTargets {
  return resolvedTargetsOf(useEditor(selectTargetIds), useEditor(selectCustomTargets))
}
