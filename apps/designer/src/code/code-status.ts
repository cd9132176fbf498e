// pure: what the code view's status line says about the open file: whether it parses, and its problem counts.
import { type Diagnostic, documentKindOf } from '@routewright/strategy-dsl'
import { describeCounts } from './markers.ts'

export interface CodeStatusText {
  /** The text does not parse (shown in red). */
  broken: boolean
  text: string
}

/**
 * A strategy that does not parse keeps the canvas at its last good version; a test or directory file has no canvas
 * (it is never in sync with one), so it is broken only when its YAML has a syntax error (RW001).
 * @example codeStatusText({ file: 'a.test.yaml', inSync: false, text: 'tests: a', diagnostics: [] }) // { broken: false, text: 'no problems' }
 */
export function codeStatusText(input: {
  file: string | undefined
  inSync: boolean
  text: string
  diagnostics: readonly Diagnostic[]
}): CodeStatusText {
  const counts = describeCounts(input.diagnostics)
  const kind = input.file === undefined ? 'strategy' : documentKindOf(input.file)
  if (kind === 'strategy') {
    const broken = !input.inSync && input.text.trim() !== ''
    return {
      broken,
      text: broken ? `Does not parse: the canvas shows the last good version. ${counts}` : counts,
    }
  }
  const broken = input.diagnostics.some((d) => d.code === 'RW001' && d.severity === 'error')
  return { broken, text: broken ? `Does not parse. ${counts}` : counts }
}
