// Interactions that ended, as Redis keeps them for every process: readable (GET /v1/interactions/:id) and refused
// again ("already ended") after the routing process that closed them is gone. Kept for a bounded time and count.
import { explainedAt, restoreExplanation } from './explained-by-trace.ts'
import { alreadyEnded } from './interaction-book.ts'
import type { LocalCoordinator } from './local-coordinator.ts'
import type { RedisLink } from './redis-link.ts'
import type { RedisKeys } from './redis-scripts.ts'
import type { CommandResult, InteractionView } from './types.ts'

/** Ended interactions stay readable in Redis this long by default (one day). */
export const DEFAULT_CLOSED_TTL_MS = 24 * 60 * 60 * 1000
/** At most this many ended interactions are kept in Redis by default (the oldest go first). */
export const DEFAULT_MAX_CLOSED = 10_000

/**
 * An ended interaction as Redis keeps it: its view, with the fingerprint of the submit that made it (if any), and
 * the trace entry holding its explanation when that is left out of the view (explained-by-trace.ts).
 */
export type ClosedView = InteractionView & { request?: string; explained?: number }

/** The text Redis keeps of an ended interaction (its view and its request's fingerprint), or undefined. */
export function closedText(local: Pick<LocalCoordinator, 'record' | 'view'>, id: string): string | undefined {
  const request = local.record(id)?.request
  const view: ClosedView | undefined = local.view(id)
  if (!view) return undefined
  // a new object each call: the fingerprint goes on it, never on what GET shows
  if (request !== undefined) view.request = request
  // its explanation is in its trace: written once, there
  const explained = explainedAt(view.explanation, view.trace)
  if (explained !== undefined) {
    // the view is this call's own: JSON.stringify leaves out an undefined key, so no copy is made without it
    ;(view as { explanation?: unknown }).explanation = undefined
    view.explained = explained
  }
  return JSON.stringify(view)
}

/** An ended interaction as its routing process stored it (with its fingerprint), or undefined (unknown, or past retention). */
export async function readClosedStored(
  link: RedisLink,
  keys: RedisKeys,
  id: string,
): Promise<ClosedView | undefined> {
  const text = (await link.send(['GET', `${keys.closedPrefix}${id}`])) as string | null
  if (text === null) return undefined
  const stored = JSON.parse(text) as ClosedView
  restoreExplanation(stored, stored.explained, stored.trace)
  return stored
}

/** The view of an ended interaction as GET shows it, or undefined (unknown, or past retention). */
export async function readClosed(
  link: RedisLink,
  keys: RedisKeys,
  id: string,
): Promise<InteractionView | undefined> {
  const stored = await readClosedStored(link, keys, id)
  if (!stored) return undefined
  const { request: _request, explained: _explained, ...view } = stored
  return view
}

/**
 * A host command on an interaction this process does not know: refused with the same answer its routing process
 * gave, when Redis says it ended; undefined when it did not.
 */
export async function endedRefusal(
  link: RedisLink,
  keys: RedisKeys,
  id: string,
): Promise<CommandResult<never> | undefined> {
  const ended = await readClosedStored(link, keys, id)
  return ended ? alreadyEnded(id, ended.state) : undefined
}
