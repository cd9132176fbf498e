// pure: the text "Restore this version" puts in the editor; another file's text keeps the open file's own id
import { safeParseStrategy, updateStrategyText } from '@routewright/strategy-dsl'

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
  const parsed = safeParseStrategy(text)
  if (!parsed.success || parsed.data.strategy === ownId) return { text }
  return {
    text: updateStrategyText(text, { ...parsed.data, strategy: ownId }),
    replacedId: parsed.data.strategy,
  }
}
