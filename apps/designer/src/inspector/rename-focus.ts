// A rename re-keys the form or row that held the focused field, so React builds a new one and the focus falls to the
// page; the new field of the renamed thing takes it back, and keyboard users tab on from where they were.
import { type RefObject, useEffect } from 'react'

/**
 * Focuses `target()` when it mounts (or `name` changes) as the name `renamedTo` holds and the focus was lost with the
 * old field; clears `renamedTo` once matched. Set `renamedTo.current` to the new name just before the rename is written.
 */
export function useFocusAfterRename(
  renamedTo: RefObject<string | undefined> | undefined,
  name: string,
  target: () => HTMLElement | null | undefined,
): void {
  // biome-ignore lint/correctness/useExhaustiveDependencies: target reads a ref, it is the same element each render
  useEffect(() => {
    if (renamedTo === undefined || renamedTo.current !== name) return
    renamedTo.current = undefined
    // only where the focus went with the old field: a user who clicked elsewhere meanwhile keeps their place
    const active = globalThis.document.activeElement
    if (active === null || active === globalThis.document.body || !active.isConnected) target()?.focus()
  }, [renamedTo, name])
}
