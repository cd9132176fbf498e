// RW213: a skill target's expression is its name (`skill:<expression>`) in statistics and history reports, which join
// several target names with U+001F; a C0 control character in it would split or garble that name.
import { findControlCharacter } from '../parse/limits.ts'
import type { RuleContext } from './context.ts'

/** Reports RW213 at the first control character of skill expression `source` at `path` of node `id`. */
export function checkSkillKey(
  rc: RuleContext,
  id: string,
  path: readonly (string | number)[],
  source: string,
): void {
  // tab, line feed and carriage return are white space (an expression over several lines) and pass
  const found = findControlCharacter(source)
  if (!found) return
  const { code } = found
  rc.reporter.reportInString(
    {
      code: 'RW213',
      severity: 'error',
      message: `This skill expression holds the control character U+${code} (character ${found.index + 1}): the expression is the target's name in statistics and reports, which join names with U+001F, so it would be split or garbled. Remove it (no agent, group or skill name holds one).`,
      path,
      node: id,
    },
    found.index,
    found.index + 1,
  )
}
