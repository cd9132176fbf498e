// pure: the text "Restore this version" puts in the editor; another file's text keeps the open file's own id
import { withStrategyId } from '../core/strategy-id.ts'

export interface RestoredText {
  text: string
  /** The other version's `strategy:` id when it was replaced by the open file's own (it would clash otherwise). */
  replacedId?: string
}

/**
 * `text` with its `strategy:` id set to `ownId` (through the DSL's formatter, comments kept), so restoring another
 * strategy's text never leaves two strategies with one id. Unchanged when the ids already match, when the open
 * file's id is unknown (it never parsed) or when `text` does not parse (nothing to rename: it restores as read).
 */
export function restoredText(text: string, ownId: string | undefined): RestoredText {
  if (ownId === undefined) return { text }
  return withStrategyId(text, ownId)
}
