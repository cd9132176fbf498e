// pure: which files "Save all" writes and the summary the user reads afterwards; nothing here does I/O.

/** What happened to one file in a Save all. */
export type SaveAllOutcome =
  /** `errors`: the open file's count as Save reports it; a closed draft is checked by Find when it is staged */
  | { path: string; status: 'saved'; errors?: number }
  /** changed on disk since its unsaved edits were based on it: left as it was, the edits kept as a draft */
  | { path: string; status: 'conflict' }
  | { path: string; status: 'failed'; message: string }

export interface SaveAllSummary {
  outcomes: readonly SaveAllOutcome[]
  /** One line for the save bar. */
  text: string
}

/** The files with unsaved changes: the open file first when it is edited, then every draft, each once, sorted. */
export function filesToSave(input: {
  open: string | undefined
  openDirty: boolean
  drafted: readonly string[]
}): string[] {
  const { open, openDirty, drafted } = input
  const others = [...new Set(drafted)].filter((path) => path !== open).sort()
  return open !== undefined && openDirty ? [open, ...others] : others
}

const files = (n: number) => `${n} file${n === 1 ? '' : 's'}`

/** A summary that only reports success (every file saved, none with errors): it fades like other notices, while
 * one that names a file not saved, or saved with errors, stays until closed. */
export function fadesAway(summary: SaveAllSummary): boolean {
  return summary.outcomes.every((o) => o.status === 'saved' && (o.errors ?? 0) === 0)
}

/** "Saved 5 files. Not saved: a.yaml (changed on disk since you edited it)." */
export function summarizeSaveAll(outcomes: readonly SaveAllOutcome[]): SaveAllSummary {
  if (outcomes.length === 0) return { outcomes, text: 'Nothing to save.' }
  const saved = outcomes.filter((o) => o.status === 'saved')
  const withErrors = saved.filter((o) => o.status === 'saved' && (o.errors ?? 0) > 0).map((o) => o.path)
  const skipped = outcomes.filter((o) => o.status !== 'saved')
  const parts = [`Saved ${files(saved.length)}.`]
  if (withErrors.length > 0) parts.push(`Saved with errors: ${withErrors.join(', ')}.`)
  if (skipped.length > 0)
    parts.push(`Not saved: ${skipped.map((o) => `${o.path} (${reasonOf(o)})`).join('; ')}.`)
  return { outcomes, text: parts.join(' ') }
}

/**
 * The summary once `path` has been saved or reloaded: its "Not saved" entry goes, and with no such entry left the
 * summary goes too (nothing left to tell). A summary that does not name `path` is returned as it is.
 */
export function settleSaveAll(summary: SaveAllSummary | undefined, path: string): SaveAllSummary | undefined {
  if (summary === undefined) return undefined
  const rest = summary.outcomes.filter((o) => o.status === 'saved' || o.path !== path)
  if (rest.length === summary.outcomes.length) return summary
  return rest.some((o) => o.status !== 'saved') ? summarizeSaveAll(rest) : undefined
}

function reasonOf(outcome: SaveAllOutcome): string {
  switch (outcome.status) {
    case 'conflict':
      return 'changed on disk since you edited it: open it to choose'
    case 'failed':
      return outcome.message
    case 'saved':
      return 'saved'
    default:
      return assertNever(outcome)
  }
}

function assertNever(value: never): never {
  throw new Error(`Unexpected save outcome ${JSON.stringify(value)}`)
}
