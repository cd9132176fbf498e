// pure: which strategy ids a strategy file that does not parse may hold, the one rule the CLI and the designer share
// (a test naming one of them hears the file has errors, not that no strategy declares it).

/**
 * The `strategy:` id of a strategy's text found by its line, even in a file that does not parse, with its offsets
 * (quotes included); undefined when not written plainly.
 */
export function declaredStrategyId(
  text: string,
): { id: string; offset: number; endOffset: number } | undefined {
  const match = /^strategy:[ \t]*(["']?)([^\s#"']+)/m.exec(text)
  if (!match) return undefined
  const offset = match.index + match[0].length - match[2]!.length - match[1]!.length
  return { id: match[2]!, offset, endOffset: match.index + match[0].length + match[1]!.length }
}

/**
 * The ids a strategy file that does not parse may hold: the part of its file name before the first dot, and the id
 * its `strategy:` line declares (`routing.strategy.yaml` with `strategy: claims` holds both), each once.
 */
export function idsOfBrokenStrategy(path: string, text: string): string[] {
  const named = path.split(/[/\\]/).pop()!.split('.')[0]!
  const declared = declaredStrategyId(text)?.id
  return declared === undefined || declared === named ? [named] : [named, declared]
}
