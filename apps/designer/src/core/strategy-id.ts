// pure: the one way the designer sets a strategy's `strategy:` id in a text (restore, duplicate)
import { safeParseStrategy, updateStrategyText } from '@routewright/strategy-dsl'

export interface IdSetText {
  text: string
  /** The id the text had when it was replaced. */
  replacedId?: string
}

/**
 * `text` with its `strategy:` id set to `id`, written by the DSL's formatter: comments kept, the key found however it
 * is quoted, `strategy:` in comments or strings left alone. Unchanged when the id already matches or when `text`
 * does not parse (no id to find: a text-level edit could hit a comment or a string).
 */
export function withStrategyId(text: string, id: string): IdSetText {
  const parsed = safeParseStrategy(text)
  if (!parsed.success || parsed.data.strategy === id) return { text }
  return {
    text: updateStrategyText(text, { ...parsed.data, strategy: id }),
    replacedId: parsed.data.strategy,
  }
}
