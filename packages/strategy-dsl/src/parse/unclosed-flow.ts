// pure: where a flow collection the yaml package reports unclosed was opened, so the diagnostic points at the line
// to fix (the `{` or `[` missing its end), not at the next key, where the parser noticed.
import { skipQuoted } from './depth-scan.ts'

const isSpace = (ch: string | undefined) =>
  ch === undefined || ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r'

/**
 * The offset of the last `opener` (`{` or `[`) before `before` that no bracket closes, skipping quoted scalars and
 * comments; undefined when every one is closed. Only asked after the parser failed, so a plain scalar holding a
 * bracket (`title: a { b`) may mislead it: the parser's own position stays in the message.
 */
export function unclosedFlowOpener(text: string, before: number, opener: '{' | '['): number | undefined {
  const open: number[] = []
  let previous = '\n'
  for (let i = 0; i < before && i < text.length; i++) {
    const ch = text[i]!
    const tokenStart = isSpace(previous) || previous === '[' || previous === '{' || previous === ','
    if (ch === '#' && isSpace(previous)) {
      const end = text.indexOf('\n', i)
      i = end === -1 ? text.length : end - 1
      previous = ' '
      continue
    }
    if ((ch === '"' || ch === "'") && tokenStart) {
      i = skipQuoted(text, i, ch)
      previous = ch
      continue
    }
    if (ch === '{' || ch === '[') open.push(i)
    else if ((ch === '}' || ch === ']') && open.length > 0) open.pop()
    previous = ch
  }
  for (let k = open.length - 1; k >= 0; k--) if (text[open[k]!] === opener) return open[k]
  return undefined
}
