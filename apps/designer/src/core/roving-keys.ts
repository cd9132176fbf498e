// pure: where a key moves the focus in a group with one Tab stop (WAI-ARIA roving tabindex: toolbars, tab lists,
// menus, listboxes), wrapping at the ends

/** The arrow keys a group answers: a vertical list's Up/Down, a horizontal strip's Left/Right. */
export type RovingOrientation = 'vertical' | 'horizontal'

const STEPS: Record<RovingOrientation, Record<string, number>> = {
  vertical: { ArrowDown: 1, ArrowUp: -1 },
  horizontal: { ArrowRight: 1, ArrowLeft: -1 },
}

/** The index `key` moves the focus to from `index` among `count` items; undefined when the key is not the group's. */
export function rovingIndex(
  key: string,
  index: number,
  count: number,
  orientation: RovingOrientation,
): number | undefined {
  if (count === 0) return undefined
  if (key === 'Home') return 0
  if (key === 'End') return count - 1
  const step = STEPS[orientation][key]
  if (step === undefined) return undefined
  // from no item (-1) the first step lands on the first item, or the last going back
  if (index < 0) return step > 0 ? 0 : count - 1
  return (index + step + count) % count
}
