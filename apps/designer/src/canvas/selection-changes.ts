// pure: the selection a user's select changes on the canvas lead to. The canvas takes selection from these changes
// only (not from React Flow's onSelectionChange, which also echoes the selection the store pushed into the nodes, one
// commit late, and so flipped the store back and forth until React gave up: "Maximum update depth exceeded").
import type { NodeChange } from '@xyflow/react'

/** `selection` with each select change applied, in order; ids `keep` refuses (view-only nodes) never join. */
export function selectionAfter(
  selection: readonly string[],
  changes: readonly NodeChange[],
  keep: (id: string) => boolean,
): readonly string[] {
  let next: string[] | undefined
  for (const change of changes) {
    if (change.type !== 'select') continue
    next ??= [...selection]
    const at = next.indexOf(change.id)
    if (change.selected && at < 0 && keep(change.id)) next.push(change.id)
    if (!change.selected && at >= 0) next.splice(at, 1)
  }
  return next ?? selection
}
