// pure: the transfer box's suggestions: which one the arrow keys highlight, and what the box says under them.
import type { TargetSearch } from './types.ts'

/** The suggestion highlighted after `key` (-1: none, Enter then sends what is typed); undefined: not a list key. */
export function movedActive(active: number, count: number, key: string): number | undefined {
  if (count === 0) return key === 'ArrowDown' || key === 'ArrowUp' ? -1 : undefined
  if (key === 'ArrowDown') return active + 1 >= count ? 0 : active + 1
  if (key === 'ArrowUp') return active <= 0 ? count - 1 : active - 1
  return undefined
}

/** What the box says under its suggestions: nothing matching, more than listed, or a search of part of the list. */
export function searchNote(typed: string, found: TargetSearch): string | undefined {
  const q = typed.trim()
  if (found.targets.length === 0) {
    if (q === '') return undefined
    if (/^[0-9]{2,20}$/.test(q))
      return `No agent id holds "${q}": Transfer sends the call to routing point ${q}`
    // ids a transfer cannot reach matched: the agent is told they exist, not that nothing does
    if (found.more)
      return `Agent ids holding "${q}" were found, but none listed yet can take a transfer: type more of the id`
    if ((found.skipped ?? 0) > 0)
      return `Only ids a transfer cannot reach hold "${q}": type a routing point number or another agent id`
    return found.complete
      ? `No agent id holds "${q}": check the spelling, or type a routing point number such as 7000`
      : `No agent id among the first ones holds "${q}" (this serve cannot search all): type the whole id`
  }
  if (!found.complete)
    return 'Only the first agents were searched (this serve cannot search all): type the whole id of another'
  return found.more ? 'More agents match: type more of the id' : undefined
}

/** What a screen reader is told once a search is answered: how many suggestions, and the note if any. */
export function searchOutcome(typed: string, found: TargetSearch): string {
  const n = found.targets.length
  const note = searchNote(typed, found)
  if (n === 0) return note ?? 'No suggestions'
  const count = n === 1 ? '1 suggestion' : `${n} suggestions`
  return note === undefined ? count : `${count}. ${note}`
}

/** Whether a suggested agent can take a transfer now: only a ready one (the bridge refuses the others). */
export const takesTransfer = (target: { state: string }) => target.state === 'ready'

/** The suggestions in the order shown: those who can take the call first, each group in the bridge's order. */
export function rankedTargets<T extends { state: string }>(targets: readonly T[]): T[] {
  return [...targets.filter(takesTransfer), ...targets.filter((t) => !takesTransfer(t))]
}

/** Suggestions shown as text beside each id. */
export const STATE_LABELS: Record<string, string> = {
  ready: 'Ready',
  'not-ready': 'Not ready',
  'after-call-work': 'After-call work',
  'logged-out': 'Logged out',
  busy: 'Busy',
}
