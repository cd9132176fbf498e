// One Tab stop for a group of buttons (WAI-ARIA roving tabindex): the item last focused keeps tabIndex 0, the others
// -1; the arrow keys of the group's orientation, Home and End move the focus among them (core/roving-keys.ts).
import { type FocusEvent, type KeyboardEvent, useCallback, useState } from 'react'
import { type RovingOrientation, rovingIndex } from '../core/roving-keys.ts'

/** The attribute naming an item of the group; an item's id is its value. */
export const ROVING_ATTRIBUTE = 'data-roving-id'

export interface RovingFocus {
  /** The id that takes the group's Tab stop: the last focused item while it is listed, else the first. */
  tabStop: string | undefined
  /** The props of item `id`: its tabIndex and the attribute that names it. */
  itemProps(id: string): { tabIndex: 0 | -1; [ROVING_ATTRIBUTE]: string }
  /** The group's own handlers (on the element holding the items): keys move, a focused item becomes the tab stop. */
  groupProps: {
    onKeyDown(event: KeyboardEvent<HTMLElement>): void
    onFocus(event: FocusEvent<HTMLElement>): void
  }
  /** Focuses item `id` (in the group whose element is `group`) and makes it the tab stop. */
  focusItem(group: HTMLElement, id: string): void
}

const itemOf = (target: EventTarget) =>
  target instanceof HTMLElement ? target.closest<HTMLElement>(`[${ROVING_ATTRIBUTE}]`) : null

/**
 * Roving focus over `ids`, the items that can take the focus now, in their order (leave disabled ones out). The
 * keys a group answers are marked handled, so the canvas's window shortcuts (arrows move the selected nodes) skip
 * them. Tabs are not its job: their Tab stop is the selected tab (layout/BottomPanel.tsx).
 */
export function useRovingFocus(ids: readonly string[], orientation: RovingOrientation): RovingFocus {
  const [focused, setFocused] = useState<string | undefined>(undefined)
  const tabStop = focused !== undefined && ids.includes(focused) ? focused : ids[0]
  const focusItem = useCallback((group: HTMLElement, id: string) => {
    setFocused(id)
    group.querySelector<HTMLElement>(`[${ROVING_ATTRIBUTE}="${CSS.escape(id)}"]`)?.focus()
  }, [])
  const onKeyDown = (event: KeyboardEvent<HTMLElement>) => {
    if (event.ctrlKey || event.metaKey || event.altKey) return
    const item = itemOf(event.target)
    if (item === null || !event.currentTarget.contains(item)) return
    const next = rovingIndex(
      event.key,
      ids.indexOf(item.getAttribute(ROVING_ATTRIBUTE) ?? ''),
      ids.length,
      orientation,
    )
    if (next === undefined) return
    event.preventDefault()
    const id = ids[next]!
    focusItem(event.currentTarget, id)
  }
  const onFocus = (event: FocusEvent<HTMLElement>) => {
    const id = itemOf(event.target)?.getAttribute(ROVING_ATTRIBUTE)
    if (id != null && ids.includes(id)) setFocused(id)
  }
  return {
    tabStop,
    itemProps: (id) => ({ tabIndex: id === tabStop ? 0 : -1, [ROVING_ATTRIBUTE]: id }),
    groupProps: { onKeyDown, onFocus },
    focusItem,
  }
}
