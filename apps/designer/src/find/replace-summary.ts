// pure: the line the Find panel says after a replacement: what changed, and each file left alone with why.
import type { ReplaceOutcome } from './workspace-find.ts'

const count = (n: number, word: string, plural: string) => `${n} ${n === 1 ? word : plural}`

/** `unsaved` says whether a changed file still has unsaved changes: after a save the line says so. */
export function replaceSummary(
  outcome: Omit<ReplaceOutcome, 'checks'>,
  unsaved: (path: string) => boolean = () => true,
): string {
  const { replaced, files, stale, unchanged } = outcome
  const waiting = files.filter(unsaved)
  const done = `Replaced ${count(replaced, 'match', 'matches')} in ${count(files.length, 'file', 'files')}`
  const parts =
    files.length === 0
      ? ['Nothing was replaced.']
      : waiting.length === files.length
        ? [`${done}: unsaved until you save ${files.length === 1 ? 'it' : 'them (Save all, Ctrl+Alt+S)'}.`]
        : waiting.length === 0
          ? [`${done}: saved.`]
          : [
              `${done}: ${waiting.join(', ')} unsaved until you save ${waiting.length === 1 ? 'it' : 'them (Save all, Ctrl+Alt+S)'}, the others saved.`,
            ]
  if (stale.length > 0)
    parts.push(
      `${stale.join(', ')} changed since the search and ${stale.length === 1 ? 'was' : 'were'} left alone: the list is searched again, replace once it shows ${stale.length === 1 ? 'it' : 'them'} as ${stale.length === 1 ? 'it is' : 'they are'} now.`,
    )
  if (unchanged.length > 0)
    parts.push(`In ${unchanged.join(', ')} the replacement is the same text as the matches.`)
  return parts.join(' ')
}
