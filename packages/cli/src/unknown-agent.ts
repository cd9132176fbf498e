// `run --agents` naming an agent its directory file lacks: what was given, which file, the nearest ids and the fix.

import { printable, quotedName } from '@routewright/node-support/printable'
import { editDistance, nameFixTitle, nameHint } from '@routewright/strategy-dsl'
import { UsageError } from './args.ts'

/** How many of the directory's ids the message lists, nearest first: enough to spot a typo, not a whole roster. */
const NEAREST = 3

/** The directory's ids nearest to `id` by edit distance (ties by name), at most NEAREST. */
export function nearestIds(id: string, ids: readonly string[]): string[] {
  const lower = id.toLowerCase()
  return ids
    .map((other) => ({ other, distance: editDistance(lower, other.toLowerCase()) }))
    .sort((a, b) => a.distance - b.distance || (a.other < b.other ? -1 : a.other > b.other ? 1 : 0))
    .slice(0, NEAREST)
    .map(({ other }) => other)
}

/** The usage error for `--agents` naming `id`, which the directory file shown as `directoryFile` does not have. */
export function unknownAgentError(id: string, ids: readonly string[], directoryFile: string): UsageError {
  const shown = printable(id)
  const file = printable(directoryFile)
  const near = nameHint(id, ids)
  const nearest = nearestIds(id, ids)
  const listed =
    nearest.length === 0
      ? ` It has no agents.`
      : ` Its nearest agent ids: ${nearest.map((n) => quotedName(n)).join(', ')}.`
  return new UsageError(
    `--agents at ${shown}: ${file} has no agent ${quotedName(id)}.${listed}`,
    `Give --agents ids of ${file}, or --directory <file> for a directory that has ${quotedName(id)}`,
    near.fix && nameFixTitle(near.fix),
  )
}
