// pure: what a key pressed on the file list's focused row does (roving focus, as in a listbox)
import { rovingIndex } from '../core/roving-keys.ts'

export type FileListKeyAction =
  | { kind: 'focus'; index: number }
  | { kind: 'rename' }
  | { kind: 'delete' }
  | { kind: 'menu' }

export interface FileListKey {
  key: string
  shiftKey?: boolean
  ctrlKey?: boolean
  metaKey?: boolean
  altKey?: boolean
}

/** The action of `event` on row `index` of `count` rows; undefined when the key is not the list's (it goes on). */
export function fileListKeyAction(
  event: FileListKey,
  index: number,
  count: number,
): FileListKeyAction | undefined {
  if (event.ctrlKey || event.metaKey || event.altKey || count === 0) return undefined
  const last = count - 1
  switch (event.key) {
    case 'ArrowDown':
      return { kind: 'focus', index: Math.min(last, index + 1) }
    case 'ArrowUp':
      return { kind: 'focus', index: Math.max(0, index - 1) }
    case 'Home':
      return { kind: 'focus', index: 0 }
    case 'End':
      return { kind: 'focus', index: last }
    case 'F2':
      return { kind: 'rename' }
    case 'Delete':
      return { kind: 'delete' }
    case 'ContextMenu':
      return { kind: 'menu' }
    case 'F10':
      return event.shiftKey ? { kind: 'menu' } : undefined
    default:
      return undefined
  }
}

/** The next menu item for ArrowUp/ArrowDown/Home/End in a menu of `count` items, wrapping; undefined for others. */
export function menuKeyIndex(key: string, index: number, count: number): number | undefined {
  return rovingIndex(key, index, count, 'vertical')
}
