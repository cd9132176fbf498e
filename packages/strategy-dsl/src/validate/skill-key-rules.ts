// RW213: a skill target's expression is its name (`skill:<expression>`) in statistics and history reports, which join
// several target names with U+001F; a control character in it (C0, DEL or C1) would split or garble that name.
import { controlAt } from '../control-characters.ts'
import type { RuleContext } from './context.ts'

/** Tab, line feed and carriage return: white space in an expression written over several lines. */
const EXPRESSION_WHITE_SPACE: ReadonlySet<number> = new Set([0x09, 0x0a, 0x0d])

/** Reports RW213 at the first control character (isControlCode) of skill expression `source` at `path` of node `id`. */
export function checkSkillKey(
  rc: RuleContext,
  id: string,
  path: readonly (string | number)[],
  source: string,
): void {
  const at = controlAt(source, EXPRESSION_WHITE_SPACE)
  if (at < 0) return
  const code = source.charCodeAt(at).toString(16).toUpperCase().padStart(4, '0')
  rc.reporter.reportInString(
    {
      code: 'RW213',
      severity: 'error',
      message: `This skill expression holds the control character U+${code} (character ${at + 1}): the expression is the target's name in statistics and reports, which join names with U+001F, so it would be split or garbled. Remove it (no agent, group or skill name holds one).`,
      path,
      node: id,
    },
    at,
    at + 1,
  )
}
