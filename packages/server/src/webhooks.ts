// Events to hosts that cannot hold a connection: HMAC-signed POSTs from a bounded queue, retried with backoff, and
// the TaskRouter-style assignment callback whose answer accepts or rejects a reservation.
import { createHmac } from 'node:crypto'
import { readBoundedText } from '@routewright/node-support/bounded-answer'
import type { StreamEvent } from './core/types.ts'
import { unknownEventTypes } from './http/event-filter.ts'
import type { Logger } from './log.ts'

export interface WebhookOptions {
  /** Where every event (or those of `events`) is POSTed. */
  url?: string
  /**
   * Where each offer (a `routed` event the router decided, not a `connected` one) is POSTed; the answer
   * `{"instruction":"accept"|"reject"}` confirms or rejects it.
   */
  assignmentUrl?: string
  /** The HMAC-SHA256 key; receivers check `X-Routewright-Signature: t=<ms>,v1=<hex of HMAC(t + "." + body)>`. */
  secret: string
  /** Event types to send to `url` (default: all). */
  events?: readonly string[]
  /** Deliveries waiting at most; beyond it the oldest is dropped (and counted). Default 10,000. */
  maxQueue?: number
  /** Attempts per delivery, the first included. Default 6. */
  maxAttempts?: number
  /** First retry delay; doubles per attempt, up to 30 s. Default 250 ms. */
  baseDelayMs?: number
  /** Per request. Default 5 s. */
  timeoutMs?: number
  /** Requests in flight at once. Default 4. */
  concurrency?: number
}

export interface WebhookDeps {
  fetch?: typeof fetch
  now?: () => number
  setTimer?: (callback: () => void, ms: number) => void
  log: Logger
  count: (result: 'delivered' | 'retried' | 'failed' | 'dropped') => void
  /**
   * The assignment callback answered: accept (confirm) or reject `reservation` (the routed event's), which a late
   * answer (retries run past the reservation timeout) no longer matches: the newer reservation stays as it is.
   */
  onInstruction: (interaction: string, instruction: 'accept' | 'reject', reservation?: string) => unknown
}

interface Delivery {
  kind: 'event' | 'assignment'
  url: string
  body: string
  eventId: number
  interaction?: string
  /** An assignment's reservation: the instruction answers it, not a newer one. */
  reservation?: string
  attempt: number
}

/** A receiver's answer is read up to this many bytes: an assignment's is `{"instruction":"accept"}`, an event's unread. */
export const MAX_ANSWER_BYTES = 64 * 1024

/**
 * `url` with anything before its last "@" (up to the "//") shown as "***": a URL that fails to parse has no parts to
 * trust, and a password must not reach the log with the message refusing it.
 */
function withoutCredentials(url: string): string {
  const at = url.lastIndexOf('@')
  if (at < 0) return url
  const slashes = url.indexOf('//')
  const from = slashes >= 0 && slashes < at ? slashes + 2 : 0
  return `${url.slice(0, from)}***${url.slice(at)}`
}

/**
 * Why `url` cannot take webhook POSTs, or undefined; `setting` names where it was given. Checked before the server
 * starts: fetch refuses a URL it cannot parse or one holding credentials, and did so only at each delivery, so a
 * typo's events were all retried, then dropped, each failure logged (a password in the URL with it).
 */
export function webhookUrlProblem(
  url: string,
  setting: string,
): { problem: string; hint: string } | undefined {
  const hint = 'Give one such as https://host/events'
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    return {
      problem: `${setting} "${withoutCredentials(url)}" is not a URL (a port over 65535, an unclosed "[" or a character no host holds?)`,
      hint,
    }
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')
    return { problem: `${setting} "${withoutCredentials(url)}" is not an http:// or https:// URL`, hint }
  if (parsed.username !== '' || parsed.password !== '')
    return {
      problem: `${setting} holds a user name or password, which fetch refuses to send from a URL`,
      hint: 'Drop the "user:password@" part: receivers check X-Routewright-Signature instead',
    }
  return undefined
}

/** A redirect is not followed: a followed POST became a GET without the event (or was re-sent elsewhere). */
function redirectFailure(response: Response): string {
  const location = response.headers.get('location')
  const where = location === null ? 'nowhere' : JSON.stringify(location.slice(0, 200))
  return `HTTP ${response.status} redirect to ${where}; webhooks do not follow redirects: set the URL to the address it redirects to`
}

export function signature(secret: string, timestamp: number, body: string): string {
  return `t=${timestamp},v1=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`
}

export function createWebhooks(options: WebhookOptions, deps: WebhookDeps) {
  const doFetch = deps.fetch ?? fetch
  const now = deps.now ?? (() => Date.now())
  const setTimer = deps.setTimer ?? ((cb, ms) => void setTimeout(cb, ms).unref())
  const maxQueue = options.maxQueue ?? 10_000
  const maxAttempts = options.maxAttempts ?? 6
  const baseDelay = options.baseDelayMs ?? 250
  const timeoutMs = options.timeoutMs ?? 5000
  const concurrency = options.concurrency ?? 4
  // a misspelt type would send nothing, silently: refused before the server starts
  const wrong = options.events && unknownEventTypes(options.events, 'webhooks.events')
  if (wrong) throw new Error(wrong)
  for (const [url, setting] of [
    [options.url, 'webhooks.url'],
    [options.assignmentUrl, 'webhooks.assignmentUrl'],
  ] as const) {
    const refused = url === undefined ? undefined : webhookUrlProblem(url, setting)
    if (refused) throw new Error(`${refused.problem}: ${refused.hint}`)
  }
  const only = options.events ? new Set(options.events) : undefined
  const queue: Delivery[] = []
  /**
   * The offer each interaction's assignment delivery (queued, in flight or waiting to retry) is about, until the
   * offer ends (rejected, timed out, the run finished): one that ended is not sent or retried, since no answer to it
   * can be applied any more.
   */
  const offers = new Map<string, string>()
  let inFlight = 0
  let waitingRetries = 0
  let idle: (() => void) | undefined
  /** Set once drain's time is up: nothing more is sent, retried or waited for. */
  let stopped = false
  /** Aborts the requests in flight when drain's time is up (a receiver that never answers held the process). */
  const halt = new AbortController()

  function push(delivery: Delivery): void {
    if (stopped) return
    if (queue.length >= maxQueue) {
      const dropped = queue.shift()!
      deps.count('dropped')
      deps.log('warn', 'webhook queue full: dropped the oldest delivery', {
        eventId: dropped.eventId,
        url: dropped.url,
      })
    }
    queue.push(delivery)
    pump()
  }

  /** An assignment whose offer has ended since it was queued: no longer worth a request. */
  function stale(delivery: Delivery): boolean {
    if (delivery.kind !== 'assignment' || delivery.interaction === undefined) return false
    if (offers.get(delivery.interaction) === delivery.reservation) return false
    deps.log('debug', 'assignment callback not sent: its offer ended', {
      interaction: delivery.interaction,
      reservation: delivery.reservation,
      attempt: delivery.attempt,
    })
    return true
  }

  /** The delivery is done with (answered or given up): its offer needs no watching any more. */
  function settled(delivery: Delivery): void {
    if (delivery.kind === 'assignment' && delivery.interaction !== undefined)
      if (offers.get(delivery.interaction) === delivery.reservation) offers.delete(delivery.interaction)
  }

  function pump(): void {
    while (inFlight < concurrency && queue.length > 0) {
      const delivery = queue.shift()!
      if (stale(delivery)) continue
      inFlight++
      void send(delivery).finally(() => {
        inFlight--
        pump()
        if (inFlight === 0 && queue.length === 0 && waitingRetries === 0) idle?.()
      })
    }
  }

  async function send(delivery: Delivery): Promise<void> {
    const at = now()
    let failure: string
    try {
      const response = await doFetch(delivery.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-routewright-event-id': String(delivery.eventId),
          'x-routewright-signature': signature(options.secret, at, delivery.body),
        },
        body: delivery.body,
        // fetch's default followed a 301/302/303 as a GET without the body and counted its 200 as delivered
        redirect: 'manual',
        signal: AbortSignal.any([AbortSignal.timeout(timeoutMs), halt.signal]),
      })
      const text = await readBoundedText(response, MAX_ANSWER_BYTES)
      if (response.ok) {
        deps.count('delivered')
        settled(delivery)
        if (delivery.kind === 'assignment') instruct(delivery, text)
        return
      }
      failure =
        response.status >= 300 && response.status < 400
          ? redirectFailure(response)
          : `HTTP ${response.status}`
      // a 4xx other than 408/429 will not get better by retrying
      if (response.status < 500 && response.status !== 408 && response.status !== 429) {
        return giveUp(delivery, failure)
      }
    } catch (error) {
      failure = error instanceof Error ? error.message : String(error)
    }
    if (stopped) return
    if (delivery.attempt >= maxAttempts) return giveUp(delivery, failure)
    deps.count('retried')
    const delay = Math.min(30_000, baseDelay * 2 ** (delivery.attempt - 1))
    waitingRetries++
    setTimer(() => {
      waitingRetries--
      push({ ...delivery, attempt: delivery.attempt + 1 })
    }, delay)
  }

  function giveUp(delivery: Delivery, failure: string): void {
    settled(delivery)
    deps.count('failed')
    deps.log('error', 'webhook delivery failed', {
      url: delivery.url,
      eventId: delivery.eventId,
      attempts: delivery.attempt,
      failure,
    })
  }

  function instruct(delivery: Delivery, text: string | undefined): void {
    if (text === undefined) {
      deps.log(
        'warn',
        `assignment callback answered more than ${MAX_ANSWER_BYTES} bytes; no instruction taken`,
        {
          interaction: delivery.interaction,
        },
      )
      return
    }
    if (text.trim() === '' || delivery.interaction === undefined) return
    let instruction: unknown
    try {
      instruction = (JSON.parse(text) as { instruction?: unknown })?.instruction
    } catch {
      deps.log('warn', 'assignment callback answered something other than JSON; no instruction taken', {
        interaction: delivery.interaction,
      })
      return
    }
    if (instruction === 'accept' || instruction === 'reject') {
      const interaction = delivery.interaction
      // its command may fail (Redis unreachable, the process stopping): a warning, never an unhandled rejection,
      // which ended the routing process; the reservation stays unanswered and times out as any unanswered one
      new Promise((resolve) =>
        resolve(deps.onInstruction(interaction, instruction, delivery.reservation)),
      ).catch((error: unknown) =>
        deps.log('warn', `assignment callback: ${instruction} not applied`, {
          interaction,
          error: error instanceof Error ? error.message : String(error),
        }),
      )
    } else if (instruction !== undefined)
      deps.log('warn', 'assignment callback: instruction must be "accept" or "reject"', {
        interaction: delivery.interaction,
      })
  }

  return {
    /** Queues the deliveries an event calls for. */
    enqueue(entry: StreamEvent): void {
      const event = entry.event
      // the offer an assignment delivery is about has ended: its retries stop
      if (
        (event.type === 'reservation-rejected' || event.type === 'finished' || event.type === 'failed') &&
        event.interaction !== undefined
      )
        offers.delete(event.interaction)
      const body = JSON.stringify({ id: entry.id, ...event })
      if (options.url && (!only || only.has(event.type)))
        push({ kind: 'event', url: options.url, body, eventId: entry.id, attempt: 1 })
      // a connected one (the host's connect, or a call that arrived connected) is the host's own assignment, not the
      // router's offer: confirmed already, nothing to accept or reject (the event hook still hears it)
      if (options.assignmentUrl && event.type === 'routed' && !event.connected) {
        offers.set(event.interaction, event.reservation)
        push({
          kind: 'assignment',
          url: options.assignmentUrl,
          body,
          eventId: entry.id,
          interaction: event.interaction,
          reservation: event.reservation,
          attempt: 1,
        })
      }
    },
    queued: () => queue.length + inFlight + waitingRetries,
    /**
     * Resolves when nothing is queued, in flight or waiting to retry, or after `ms`: then what is left is dropped
     * (logged) and the requests in flight aborted, so a receiver that never answers cannot keep a stopping process
     * alive through every retry of every queued delivery (before, SIGTERM's exit waited on them for minutes).
     */
    async drain(ms: number): Promise<void> {
      if (inFlight > 0 || queue.length > 0 || waitingRetries > 0)
        await new Promise<void>((resolve) => {
          idle = resolve
          setTimer(resolve, ms)
        })
      stopped = true
      const left = queue.length + inFlight + waitingRetries
      if (left > 0)
        deps.log('warn', 'webhook deliveries not sent before the stop', { deliveries: left, waitedMs: ms })
      queue.length = 0
      halt.abort()
    },
  }
}

export type Webhooks = ReturnType<typeof createWebhooks>
