// What the page was doing, for a failing e2e test's message: its console, its failed and unfinished requests and the
// navigations, with times from the session's start, so a timeout says "the chunk never came", not only "timed out".
import type { Page, Request } from 'playwright-core'

/** Lines kept at most (the newest): a long session must not grow the failure message without bound. */
export const MAX_ACTIVITY_LINES = 200

export interface PageActivity {
  /** The recorded lines and the requests still unanswered, one per line; '' when nothing was recorded. */
  describe(): string
}

/** Starts recording `page`'s console, navigations and network; `now` is injected so the times are testable. */
export function recordPageActivity(
  page: Page,
  now: () => number = performance.now.bind(performance),
): PageActivity {
  const start = now()
  const lines: string[] = []
  const pending = new Map<Request, number>()
  const at = () => `${((now() - start) / 1000).toFixed(2)}s`
  const add = (line: string) => {
    lines.push(`${at()} ${line}`)
    if (lines.length > MAX_ACTIVITY_LINES) lines.splice(0, lines.length - MAX_ACTIVITY_LINES)
  }
  page.on('console', (message) => {
    const { url, lineNumber } = message.location()
    add(`console.${message.type()}: ${message.text()}${url ? ` (${url}:${lineNumber})` : ''}`)
  })
  // an Error has a stack; a thrown Event (a worker that failed to load) only its name
  page.on('pageerror', (error) => add(`pageerror: ${error.stack ?? error.message}`))
  page.on('worker', (worker) => {
    add(`worker started: ${worker.url()}`)
    worker.on('close', () => add(`worker closed: ${worker.url()}`))
  })
  page.on('framenavigated', (frame) => {
    if (frame === page.mainFrame()) add(`navigated: ${frame.url()}`)
  })
  page.on('request', (request) => pending.set(request, now()))
  page.on('response', (response) => {
    // only what went wrong: a healthy page makes hundreds of requests
    if (response.status() >= 400) add(`${response.status()} ${response.request().method()} ${response.url()}`)
  })
  page.on('requestfinished', (request) => pending.delete(request))
  page.on('requestfailed', (request) => {
    pending.delete(request)
    add(
      `request failed (${request.failure()?.errorText ?? 'no reason'}): ${request.method()} ${request.url()}`,
    )
  })
  return {
    describe() {
      const open = [...pending].map(
        ([request, since]) =>
          `unanswered for ${((now() - since) / 1000).toFixed(2)}s (${request.resourceType()}): ${request.method()} ${request.url()}`,
      )
      return [...lines, ...open].join('\n')
    },
  }
}
