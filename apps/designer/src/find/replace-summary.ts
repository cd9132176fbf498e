// pure: the line the Find panel says after a replacement: what changed, and each file left alone with why.
import type { ReplaceOutcome } from './workspace-find.ts'

const count = (n: number, word: string, plural: string) => `${n} ${n === 1 ? word : plural}`

export function replaceSummary(outcome: Omit<ReplaceOutcome, 'checks'>): string {
  const { replaced, files, stale, unchanged } = outcome
  const parts =
    files.length > 0
      ? [
          `Replaced ${count(replaced, 'match', 'matches')} in ${count(files.length, 'file', 'files')}: unsaved until you save ${files.length === 1 ? 'it' : 'them (Save all, Ctrl+Alt+S)'}.`,
        ]
      : ['Nothing was replaced.']
  if (stale.length > 0)
    parts.push(
      `${stale.join(', ')} changed since the search and ${stale.length === 1 ? 'was' : 'were'} left alone: the list is searched again, replace once it shows ${stale.length === 1 ? 'it' : 'them'} as ${stale.length === 1 ? 'it is' : 'they are'} now.`,
    )
  if (unchanged.length > 0)
    parts.push(`In ${unchanged.join(', ')} the replacement is the same text as the matches.`)
  return parts.join(' ')
}
