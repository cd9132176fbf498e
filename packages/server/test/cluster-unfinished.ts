// Why a cluster drive did not finish: what the host saw of each interaction it did not see through (its stream
// events, its confirm and complete answers) beside what the serve processes say of it now (state, agent, last
// change, last trace entry) and which process routes, so a timed-out test names its stuck interactions.
import { call } from './serve-process.ts'

/** What the host saw of one interaction: its stream events and the last answers to its own calls. */
export interface HostTrail {
  /** `routed a12 +3.25 s`: the event type, its agent or outcome, and when the ledger saw it (since the drive began). */
  events: string[]
  /** The last answer to the host's call: `201 +0.40 s`, `409 Interaction "i7" is not reserved +9.10 s`. */
  submit?: string
  confirm?: string
  complete?: string
}

export interface UnfinishedInteraction {
  id: string
  /** The host's view: its last stream events (at most 4, oldest first) and call answers; `nothing` if none. */
  host: string
  /** The serve processes' view now: `GET /v1/interactions/{id}` as one line. */
  server: string
}

export interface UnfinishedReport {
  /** Each process's URL with its role: `routes` (holds the routing lease), `forwards`, `not answering`. */
  processes: string[]
  /** The interactions not completed by the host, first ones first (at most `limit` of them). */
  interactions: UnfinishedInteraction[]
  /** How many more were not completed. */
  more: number
}

/** One line for the trail the host kept of an interaction. */
export function hostLine(trail: HostTrail | undefined): string {
  if (!trail) return 'nothing'
  const parts = [`events: ${trail.events.length > 0 ? trail.events.join(', ') : 'none'}`]
  if (trail.submit) parts.push(`submit: ${trail.submit}`)
  if (trail.confirm) parts.push(`confirm: ${trail.confirm}`)
  if (trail.complete) parts.push(`complete: ${trail.complete}`)
  return parts.join('; ')
}

/** Adds an event to a trail, keeping the last four. */
export function noteEvent(trail: HostTrail, text: string): void {
  trail.events.push(text)
  if (trail.events.length > 4) trail.events.shift()
}

async function roleOf(url: string): Promise<string> {
  const answer = await call(`${url}/metrics`, 'GET')
  if (answer.status !== 200) return `${url} not answering (${answer.status})`
  const primary = /^routewright_routing_primary (\S+)$/m.exec(answer.text)?.[1]
  if (primary === undefined) return `${url} routes (no Redis)`
  return `${url} ${primary === '1' ? 'routes' : 'forwards'}`
}

/** The server's view of one interaction as one line, asked of the first process that answers. */
async function serverLine(urls: string[], id: string, now: number): Promise<string> {
  let last = 'no process answered'
  for (const url of urls) {
    const answer = await call(`${url}/v1/interactions/${id}`, 'GET')
    if (answer.status === 0 || answer.status === 503) {
      last = `${url}: ${answer.status} ${answer.text.slice(0, 120)}`
      continue
    }
    if (answer.status !== 200) return `${answer.status} ${answer.text.slice(0, 200)}`
    const view = JSON.parse(answer.text) as {
      state: string
      agent?: string
      reservation?: string
      outcome?: string
      reason?: string
      updatedAt: number
      trace: Array<{ kind: string; node: string; name?: string; message?: string }>
    }
    const entry = view.trace.at(-1)
    return [
      `state ${view.state}`,
      view.agent ? `agent ${view.agent}` : '',
      view.reservation ? `reservation ${view.reservation}` : '',
      view.outcome ? `outcome ${view.outcome}` : '',
      view.reason ? `reason "${view.reason}"` : '',
      `updated ${((now - view.updatedAt) / 1000).toFixed(1)} s ago`,
      entry
        ? `last trace ${entry.kind} ${entry.node}${entry.name ? ` ${entry.name}` : ''}${entry.message ? ` "${entry.message}"` : ''}`
        : 'no trace',
    ]
      .filter((part) => part !== '')
      .join(', ')
  }
  return last
}

/**
 * Asks the processes at `urls` about the interactions in `ids` (the first `limit`) and which of them routes,
 * beside the host's `trails`. Never throws: a process that does not answer is named as such.
 */
export async function explainUnfinished(
  urls: string[],
  ids: string[],
  trails: ReadonlyMap<string, HostTrail>,
  limit = 20,
  now = Date.now(),
): Promise<UnfinishedReport> {
  const shown = ids.slice(0, limit)
  return {
    processes: await Promise.all(urls.map(roleOf)),
    interactions: await Promise.all(
      shown.map(async (id) => ({
        id,
        host: hostLine(trails.get(id)),
        server: await serverLine(urls, id, now),
      })),
    ),
    more: ids.length - shown.length,
  }
}
